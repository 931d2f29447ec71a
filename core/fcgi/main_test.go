package fcgi_test

import (
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// childMarker in argv[1] makes the test binary act as an FastCGI-style child:
// "<test binary> fcgitest-child NAME".
const childMarker = "fcgitest-child"

func TestMain(m *testing.M) {
	if len(os.Args) == 3 && os.Args[1] == childMarker {
		os.Exit(child(os.Args[2]))
	}
	os.Exit(m.Run())
}

// child accepts on fd 0 the way a FastCGI program does (FCGI-SPAWN-001),
// blocking, and answers each connection with one line
// "NAME INODE blocking|nonblocking", then keeps it until the peer closes it,
// so that a client holding one connection open gets the next one answered by
// another child. It runs until killed.
func child(name string) int {
	var st unix.Stat_t
	if err := unix.Fstat(0, &st); err != nil {
		fmt.Fprintln(os.Stderr, "fstat 0:", err)
		return 1
	}
	mode := "blocking"
	if fl, err := unix.FcntlInt(0, unix.F_GETFL, 0); err != nil || fl&unix.O_NONBLOCK != 0 {
		mode = "nonblocking"
	}
	if v, err := unix.GetsockoptInt(0, unix.SOL_SOCKET, unix.SO_ACCEPTCONN); err != nil || v != 1 {
		fmt.Fprintln(os.Stderr, "fd 0 is not a listening socket")
		return 1
	}
	for {
		nfd, _, err := unix.Accept(0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "accept:", err)
			return 1
		}
		conn := os.NewFile(uintptr(nfd), "conn")
		fmt.Fprintf(conn, "%s %d %s\n", name, st.Ino, mode)
		io.Copy(io.Discard, conn)
		conn.Close()
	}
}

// answer parses a child's line.
func answer(t *testing.T, line string) (name string, ino uint64, mode string) {
	t.Helper()
	f := strings.Fields(line)
	if len(f) != 3 {
		t.Fatalf("child answered %q", line)
	}
	if _, err := fmt.Sscan(f[1], &ino); err != nil {
		t.Fatalf("child answered %q", line)
	}
	return f[0], ino, f[2]
}
