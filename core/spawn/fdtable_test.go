package spawn

import (
	"bytes"
	"os"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

// fdSize is the FDSize line of /proc/self/status: the slots of this
// process's descriptor table.
func fdSize(t *testing.T) int {
	t.Helper()
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip(err)
	}
	_, rest, ok := bytes.Cut(status, []byte("\nFDSize:\t"))
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	n, err := strconv.Atoi(string(line))
	if !ok || err != nil {
		t.Fatalf("no FDSize in /proc/self/status: %q", status)
	}
	return n
}

// TestReserveFDs: the table grows at once to hold the reservation, and a
// descriptor already open at the reserved number is left alone.
func TestReserveFDs(t *testing.T) {
	before := fdSize(t)
	n := 4 * before
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil || lim.Cur < uint64(n) {
		t.Skipf("RLIMIT_NOFILE %d is below %d", lim.Cur, n)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	// Something of ours at exactly n-1, where ReserveFDs would like to go.
	if err := unix.Dup3(int(r.Fd()), n-1, unix.O_CLOEXEC); err != nil {
		t.Fatal(err)
	}
	defer unix.Close(n - 1)

	ReserveFDs(n + 1)
	if got := fdSize(t); got < n+1 {
		t.Errorf("FDSize after ReserveFDs(%d) = %d (was %d)", n+1, got, before)
	}
	var want, got unix.Stat_t
	if err := unix.Fstat(int(r.Fd()), &want); err != nil {
		t.Fatal(err)
	}
	if err := unix.Fstat(n-1, &got); err != nil || got.Ino != want.Ino {
		t.Errorf("descriptor %d no longer the pipe: %v (inode %d, want %d)", n-1, err, got.Ino, want.Ino)
	}
	// Nothing left open above it.
	if err := unix.Fstat(n, &got); err != unix.EBADF {
		t.Errorf("descriptor %d: %v, want EBADF (closed)", n, err)
	}
}
