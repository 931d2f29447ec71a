package spawn

import (
	"errors"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"
)

// Forkers. A fork copies the forking thread's file descriptor table, and the
// exec then closes every close-on-exec entry of the copy. The daemon holds
// three pipes and two log files per running program, so with hundreds of
// programs each spawn copies and closes thousands of descriptors, in the
// kernel, for nothing: start-up cost grows with the square of the number of
// programs (the reference pays the same).
//
// A forker is a thread of this process with a table of its own: it called
// unshare(CLONE_FILES) once, early, and dropped its copies of everything
// close-on-exec but the Go runtime's poller descriptors, which the runtime
// may use from any thread. Spawn makes the pipes in the process's table as
// before, passes the child's ends to a forker over a socket pair
// (SCM_RIGHTS), and the forker forks and execs with a table of a handful of
// entries. The children are the process's children as before (any thread
// may reap them), and they see exactly what a fork from the main table would
// give them: their three pipes, and the descriptors inherited without
// close-on-exec at minfds and above, which the forker kept.
//
// If a forker cannot be set up (unshare refused, say), Spawn forks on the
// calling thread as before.

// forker is one forking thread.
type forker struct {
	sock int // our end of the socket pair, in the process's table
	reqs chan *forkReq
}

// forkReq is one fork for a forker: fn runs on the forker's thread with the
// descriptors sent along (nfds of them) translated into the forker's table.
type forkReq struct {
	fn   func(files []uintptr) (int, error)
	nfds int
	pid  int
	err  error
	done chan struct{}
}

// forkers holds the idle forkers; nil until StartForkers succeeded.
var (
	forkersMu sync.Mutex
	forkers   chan *forker
)

// StartForkers starts n forkers, once; later calls do nothing. Call it at
// boot, before the process opens descriptors without close-on-exec that it
// will close again: the forkers' tables keep whatever was open and not
// close-on-exec at this point (what children inherit). PrepareDirect marks
// the forkers' tables as it marks the process's. It returns the error that
// kept the first forker from starting; Spawn then forks on its own.
func StartForkers(n int) error {
	forkersMu.Lock()
	defer forkersMu.Unlock()
	if forkers != nil || n < 1 {
		return nil
	}
	// The poller must exist before the tables are split, so that its
	// descriptors are the same in both: a pipe brings it up.
	if r, w, err := os.Pipe(); err == nil {
		r.Close()
		w.Close()
	}
	pool := make(chan *forker, n)
	for range n {
		fk, err := newForker()
		if err != nil {
			if len(pool) == 0 {
				return err
			}
			break
		}
		pool <- fk
	}
	forkers = pool
	return nil
}

func newForker() (*forker, error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	fk := &forker{sock: fds[0], reqs: make(chan *forkReq)}
	ready := make(chan error)
	go fk.run(fds[1], ready)
	if err := <-ready; err != nil {
		unix.Close(fds[0])
		unix.Close(fds[1])
		return nil, err
	}
	unix.Close(fds[1]) // the forker's end lives on in its own table
	return fk, nil
}

// run is the forker's thread.
func (fk *forker) run(sock int, ready chan<- error) {
	// Never unlocked: the thread's table is its own, and no other
	// goroutine may run on it.
	runtime.LockOSThread()
	if unix.Gettid() == unix.Getpid() {
		// Not the main thread: /proc/<pid>/fd, what lsof shows, is its
		// table. A goroutine started while this one holds the main thread
		// runs on another; once it holds its own, this one lets go.
		locked := make(chan struct{})
		go func() {
			runtime.LockOSThread()
			close(locked)
			fk.run(sock, ready)
		}()
		<-locked
		runtime.UnlockOSThread()
		return
	}
	if err := unix.Unshare(unix.CLONE_FILES); err != nil {
		ready <- err
		return
	}
	if err := pruneTable(sock); err != nil {
		ready <- err
		return
	}
	ready <- nil
	for req := range fk.reqs {
		var files []uintptr
		var err error
		if req.nfds > 0 {
			files, err = recvFDs(sock)
		}
		if err != nil {
			req.err = err
		} else {
			req.pid, req.err = req.fn(files)
			for _, fd := range files {
				unix.Close(int(fd))
			}
		}
		close(req.done)
	}
}

// pruneTable closes, in the calling thread's own table, every close-on-exec
// descriptor except keep and the runtime's poller (its epoll instance and
// eventfd). Descriptors without close-on-exec are kept: children inherit
// them. It fails if no poller descriptor was found, since the runtime on
// this thread would then reach a descriptor that is not its own.
func pruneTable(keep int) error {
	entries, err := os.ReadDir("/proc/thread-self/fd")
	if err != nil {
		return err
	}
	poller := false
	for _, e := range entries {
		fd, err := strconv.Atoi(e.Name())
		if err != nil || fd < 3 || fd == keep {
			continue
		}
		flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
		if err != nil || flags&unix.FD_CLOEXEC == 0 {
			continue // gone (the listing's own), or for children
		}
		if link, _ := os.Readlink("/proc/thread-self/fd/" + e.Name()); link == "anon_inode:[eventpoll]" || link == "anon_inode:[eventfd]" {
			poller = poller || link == "anon_inode:[eventpoll]"
			continue
		}
		unix.Close(fd)
	}
	if !poller {
		return errors.New("forker: no poller descriptor to keep")
	}
	return nil
}

// forkVia runs fn on an idle forker with files (descriptors of the
// process's table) translated into the forker's table. ok is false when no
// forker runs: the caller forks itself.
func forkVia(files []uintptr, fn func(files []uintptr) (int, error)) (pid int, err error, ok bool) {
	forkersMu.Lock()
	pool := forkers
	forkersMu.Unlock()
	if pool == nil {
		return 0, nil, false
	}
	fk := <-pool
	defer func() { pool <- fk }()
	fds := make([]int, len(files))
	for i, fd := range files {
		fds[i] = int(fd)
	}
	if err := unix.Sendmsg(fk.sock, []byte{0}, unix.UnixRights(fds...), nil, 0); err != nil {
		return 0, err, true
	}
	req := &forkReq{fn: fn, nfds: len(fds), done: make(chan struct{})}
	fk.reqs <- req
	<-req.done
	forkerSpawns.Add(1)
	return req.pid, req.err, true
}

// forkerSpawns counts forks done on forkers.
var forkerSpawns atomic.Uint64

// onForkers runs fn on every forker's thread, in its table, waiting for
// forks in progress to end first.
func onForkers(fn func()) {
	forkersMu.Lock()
	pool := forkers
	forkersMu.Unlock()
	if pool == nil {
		return
	}
	taken := make([]*forker, cap(pool))
	for i := range taken {
		taken[i] = <-pool
	}
	for _, fk := range taken {
		req := &forkReq{fn: func([]uintptr) (int, error) { fn(); return 0, nil }, done: make(chan struct{})}
		fk.reqs <- req
		<-req.done
	}
	for _, fk := range taken {
		pool <- fk
	}
}

// recvFDs receives the descriptors of one forkVia, close-on-exec, in order.
func recvFDs(sock int) ([]uintptr, error) {
	var buf [1]byte
	oob := make([]byte, unix.CmsgSpace(4*4))
	for {
		_, oobn, _, _, err := unix.Recvmsg(sock, buf[:], oob, unix.MSG_CMSG_CLOEXEC)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		msgs, err := unix.ParseSocketControlMessage(oob[:oobn])
		if err != nil || len(msgs) != 1 {
			return nil, errors.New("forker: descriptors missing")
		}
		fds, err := unix.ParseUnixRights(&msgs[0])
		if err != nil {
			return nil, err
		}
		files := make([]uintptr, len(fds))
		for i, fd := range fds {
			files[i] = uintptr(fd)
		}
		return files, nil
	}
}
