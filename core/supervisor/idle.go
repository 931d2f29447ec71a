package supervisor

import (
	"os"
	"sync"
	"syscall"
)

// Idle pipes. Most children say little: a goroutine per output pipe, parked
// on the runtime's poller, would cost hundreds of stacks for nothing. A log
// pump whose pipe is empty registers the pipe in one epoll set of ours and
// ends; one goroutine waits on that set (itself parked on the runtime's
// poller: an epoll descriptor is readable when one of its descriptors is
// ready) and starts the pump afresh when the pipe has data or is closed.
// Each pipe is registered one-shot, so at most one pump runs per pipe, and
// the output of a pipe stays in order.
//
// Those pipes are kept off the runtime's own poller (spawn makes them
// unpolled, SpawnRequest.UnpolledStdout): there, every write of a child
// would wake the daemon, whether or not anything waits for the pipe; a
// child printing a line every 10 ms cost a wake-up per line, even while
// its pump lingers to read lines in batches (output.go).

// idleSet is the epoll set of idle pipes and the pumps to resume.
type idleSet struct {
	once sync.Once
	f    *os.File // the epoll set, on the runtime's poller; nil if it could not be made
	epfd int      // its descriptor (f.Fd() would make it blocking)
	raw  syscall.RawConn

	mu     sync.Mutex
	parked map[int32]func() // pipe descriptor -> its pump's resume
	added  map[int32]bool   // registered (armed or not) in the set
	closed bool
}

// start makes the epoll set and its waiting goroutine, once; false when it
// cannot be made (pumps then stay on their own goroutines).
func (is *idleSet) start() bool {
	is.once.Do(func() {
		fd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
		if err != nil {
			return
		}
		if err := syscall.SetNonblock(fd, true); err != nil {
			syscall.Close(fd)
			return
		}
		f := os.NewFile(uintptr(fd), "idle pipes")
		raw, err := f.SyscallConn()
		if err != nil {
			f.Close()
			return
		}
		is.f, is.epfd, is.raw = f, fd, raw
		is.parked = map[int32]func(){}
		is.added = map[int32]bool{}
		go is.wait()
	})
	return is.f != nil
}

// park registers pipe descriptor fd and the pump to start when it is ready.
// False means it could not (the pipe is closed, or the set is): the caller
// carries on with the pipe itself.
func (is *idleSet) park(fd int32, resume func()) bool {
	if !is.start() {
		return false
	}
	is.mu.Lock()
	defer is.mu.Unlock()
	if is.closed {
		return false
	}
	op := syscall.EPOLL_CTL_MOD
	if !is.added[fd] {
		op = syscall.EPOLL_CTL_ADD
	}
	is.parked[fd] = resume
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN | syscall.EPOLLRDHUP | syscall.EPOLLONESHOT, Fd: fd}
	if err := syscall.EpollCtl(is.epfd, op, int(fd), &ev); err != nil {
		delete(is.parked, fd)
		return false
	}
	is.added[fd] = true
	return true
}

// forget drops fd from the set before its pipe is closed (a descriptor
// number is reused once closed).
func (is *idleSet) forget(fd int32) {
	is.mu.Lock()
	defer is.mu.Unlock()
	if !is.added[fd] {
		return
	}
	delete(is.added, fd)
	delete(is.parked, fd)
	if is.f != nil {
		syscall.EpollCtl(is.epfd, syscall.EPOLL_CTL_DEL, int(fd), nil)
	}
}

// wait is the waiting goroutine: it starts the pump of every ready pipe.
func (is *idleSet) wait() {
	var events [64]syscall.EpollEvent
	for {
		n := 0
		err := is.raw.Read(func(fd uintptr) bool {
			n, _ = syscall.EpollWait(int(fd), events[:], 0)
			return n > 0
		})
		if err != nil {
			return
		}
		is.mu.Lock()
		for _, ev := range events[:n] {
			if resume := is.parked[ev.Fd]; resume != nil {
				delete(is.parked, ev.Fd)
				go resume()
			}
		}
		is.mu.Unlock()
	}
}

// wakeAll starts every parked pump, for the loop's end: their pipes have
// been closed, so each finds that out and ends. Later parks fail.
func (is *idleSet) wakeAll() {
	is.mu.Lock()
	defer is.mu.Unlock()
	is.closed = true
	for fd, resume := range is.parked {
		delete(is.parked, fd)
		go resume()
	}
}

// close ends the waiting goroutine, once every pump has ended.
func (is *idleSet) close() {
	is.mu.Lock()
	defer is.mu.Unlock()
	is.closed = true
	if is.f != nil {
		is.f.Close()
	}
}
