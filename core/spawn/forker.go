package spawn

import (
	"errors"
	"os"
	"runtime"
	"slices"
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
// A forker is a thread of this process with a table of its own: it calls
// unshare(CLONE_FILES) and drops its copies of everything close-on-exec but
// the Go runtime's poller descriptors, which the runtime may use from any
// thread. Spawn makes the pipes in the process's table as before, passes the
// child's ends to a forker over a socket pair (SCM_RIGHTS), and the forker
// forks and execs with a table of a handful of entries. The children are the
// process's children as before (any thread may reap them), and they see
// exactly what a fork from the main table would give them: their three
// pipes, and the descriptors inherited without close-on-exec at minfds and
// above, which the forker kept.
//
// Setting a forker up costs a thread and a pass over the table, so forkers
// live for one batch of spawns (StartForkers, from the loop's batch hook):
// a single spawn forks on the calling thread, and so does every spawn when
// forkers cannot be set up (unshare refused, say). The main thread is never
// a forker: /proc/<pid>/fd, what lsof reads, is its table.

// forker is one forking thread.
type forker struct {
	sock int // our end of the socket pair, in the process's table
	reqs chan *forkReq
}

// forkReq is one fork for a forker: fn runs on the forker's thread with the
// descriptors sent along translated into the forker's table.
type forkReq struct {
	fn   func(files []uintptr) (int, error)
	pid  int
	err  error
	done chan struct{}
}

// The forkers of the batch in progress, idle ones in the pool; nil between
// batches. pollerFDs are the runtime's poller descriptors, found by
// EnableForkers; nil means forkers are off.
var (
	forkersMu sync.Mutex
	forkers   chan *forker
	pollerFDs []int
)

// EnableForkers allows StartForkers. Call it once at boot: it brings up the
// runtime's poller (whose descriptors every forker keeps) and notes its
// descriptors. An error means forks stay on the calling thread.
func EnableForkers() error {
	// A pipe brings the poller up, so that its descriptors exist (and are
	// the same) in every table split from the process's from now on.
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	r.Close()
	w.Close()
	var fds []int
	epoll := false
	entries, err := os.ReadDir("/proc/thread-self/fd")
	if err != nil {
		return err
	}
	for _, e := range entries {
		link, _ := os.Readlink("/proc/thread-self/fd/" + e.Name())
		if link == "anon_inode:[eventpoll]" || link == "anon_inode:[eventfd]" {
			fd, _ := strconv.Atoi(e.Name())
			fds = append(fds, fd)
			epoll = epoll || link == "anon_inode:[eventpoll]"
		}
	}
	if !epoll {
		return errors.New("forkers: the runtime's poller descriptor was not found")
	}
	forkersMu.Lock()
	pollerFDs = fds
	forkersMu.Unlock()
	return nil
}

// StartForkers starts n forkers for a batch of spawns and returns the
// function that stops them; their threads end with them, so an idle daemon
// keeps none. Each copies the process's table as it is now and keeps of it
// only what children inherit (no close-on-exec) and the runtime's poller.
// Without EnableForkers, or if no forker can start, Spawn forks on the
// calling thread as before.
func StartForkers(n int) (stop func()) {
	forkersMu.Lock()
	defer forkersMu.Unlock()
	if forkers != nil || pollerFDs == nil || n < 1 {
		return func() {}
	}
	var started []*forker
	for range n {
		fk, err := newForker(pollerFDs)
		if err != nil {
			break
		}
		started = append(started, fk)
	}
	if len(started) == 0 {
		return func() {}
	}
	pool := make(chan *forker, len(started))
	for _, fk := range started {
		pool <- fk
	}
	forkers = pool
	return func() {
		forkersMu.Lock()
		forkers = nil
		forkersMu.Unlock()
		for range started {
			<-pool // each back from any fork in progress
		}
		for _, fk := range started {
			close(fk.reqs)
			unix.Close(fk.sock)
		}
	}
}

func newForker(poller []int) (*forker, error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	fk := &forker{sock: fds[0], reqs: make(chan *forkReq)}
	ready := make(chan error)
	go fk.run(fds[1], poller, ready)
	if err := <-ready; err != nil {
		unix.Close(fds[0])
		unix.Close(fds[1])
		return nil, err
	}
	unix.Close(fds[1]) // the forker's end lives on in its own table
	return fk, nil
}

// run is the forker's thread.
func (fk *forker) run(sock int, poller []int, ready chan<- error) {
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
			fk.run(sock, poller, ready)
		}()
		<-locked
		runtime.UnlockOSThread()
		return
	}
	if err := unix.Unshare(unix.CLONE_FILES); err != nil {
		ready <- err
		return
	}
	if err := pruneTable(append([]int{sock}, poller...)); err != nil {
		ready <- err
		return
	}
	ready <- nil
	for req := range fk.reqs {
		files, err := recvFDs(sock)
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
// descriptor but keep. Descriptors without close-on-exec are kept: children
// inherit them.
func pruneTable(keep []int) error {
	entries, err := os.ReadDir("/proc/thread-self/fd")
	if err != nil {
		return err
	}
	for _, e := range entries {
		fd, err := strconv.Atoi(e.Name())
		if err != nil || fd < 3 || slices.Contains(keep, fd) {
			continue
		}
		flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
		if err != nil || flags&unix.FD_CLOEXEC == 0 {
			continue // gone (the listing's own), or for children
		}
		unix.Close(fd)
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
	req := &forkReq{fn: fn, done: make(chan struct{})}
	fk.reqs <- req
	<-req.done
	forkerSpawns.Add(1)
	return req.pid, req.err, true
}

// forkerSpawns counts forks done on forkers.
var forkerSpawns atomic.Uint64

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
