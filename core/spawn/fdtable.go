package spawn

import "golang.org/x/sys/unix"

// The descriptor table. The kernel grows a process's table by doubling it
// when a new descriptor does not fit, and when the table is shared by more
// than one thread (every Go program's is) each growth waits for an RCU grace
// period: several milliseconds on a busy or virtual machine, during which
// the opening thread sleeps. Spawning 200 programs takes the table from 64
// to 2048 entries in five such steps, in the middle of start-up. A table
// never shrinks, so growing it once, early, to what the configuration will
// need costs one grace period and none later.

// ReserveFDs grows this process's descriptor table so that it holds n
// descriptors (capped by the soft RLIMIT_NOFILE) without growing again. It
// opens and closes one descriptor at n-1, or the lowest free one above; no
// open descriptor is touched. It may take several milliseconds: call it off
// the path that waits, or before the table is needed. Failures are ignored
// (the table then grows when needed, as it would have). /proc/<pid>/status
// shows the table's size as FDSize.
func ReserveFDs(n int) {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		return
	}
	if lim.Cur != unix.RLIM_INFINITY && uint64(n) > lim.Cur {
		n = int(lim.Cur)
	}
	if n <= 64 { // the size every table starts with
		return
	}
	fd, err := unix.Open("/dev/null", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	defer unix.Close(fd)
	// F_DUPFD takes the lowest free descriptor at or above its argument, so
	// nothing inherited up there is replaced.
	if high, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, n-1); err == nil {
		unix.Close(high)
	}
}
