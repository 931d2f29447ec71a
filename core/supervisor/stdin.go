package supervisor

import (
	"errors"
	"io"
	"sync"
	"syscall"
)

// ErrStdinClosed is returned when a process's stdin can no longer take data.
var ErrStdinClosed = errors.New("stdin closed")

// stdinWriter feeds one child's stdin in order, so that neither the loop
// nor an RPC handler waits for a child that does not read (PROC-STDIN-001):
// sendProcessStdin queues and returns, as the reference's buffered input
// dispatcher does.
//
// When nothing is queued, send first tries one non-blocking write itself:
// an event envelope then reaches a listener with no hand-off at all.
// Whatever the pipe does not take at once is queued for a writer goroutine,
// which runs only while there is something queued: an idle child's stdin
// costs no goroutine.
type stdinWriter struct {
	sup      *Supervisor
	w        io.WriteCloser
	raw      syscall.RawConn // for send's direct write; nil when w is not a pollable file
	mu       sync.Mutex
	queue    [][]byte
	running  bool // a writer goroutine is running
	closed   bool // no more data is accepted
	broken   bool // a write failed (EPIPE): the child closed its stdin
	released bool // w is closed
}

func (s *Supervisor) newStdinWriter(w io.WriteCloser) *stdinWriter {
	sw := &stdinWriter{sup: s, w: w}
	if sc, ok := w.(syscall.Conn); ok {
		if raw, err := sc.SyscallConn(); err == nil && nonblocking(raw) {
			sw.raw = raw
		}
	}
	s.pipes.add(w) // closed by the loop's end, so a stuck write returns
	return sw
}

// startLocked starts the writer goroutine unless it is running.
func (sw *stdinWriter) startLocked() {
	if sw.running {
		return
	}
	sw.running = true
	sw.sup.pumps.Add(1)
	go sw.run()
}

// run writes what is queued, in order, and returns once the queue is empty
// (closing the pipe if close was called meanwhile).
func (sw *stdinWriter) run() {
	defer sw.sup.pumps.Done()
	for {
		sw.mu.Lock()
		if len(sw.queue) == 0 {
			sw.running = false
			if sw.closed {
				sw.releaseLocked()
			}
			sw.mu.Unlock()
			return
		}
		data := sw.queue[0]
		sw.queue[0] = nil
		sw.queue = sw.queue[1:]
		broken := sw.broken
		sw.mu.Unlock()
		if broken {
			continue
		}
		if _, err := sw.w.Write(data); err != nil {
			sw.mu.Lock()
			sw.broken = true
			sw.mu.Unlock()
		}
	}
}

// releaseLocked closes the pipe once.
func (sw *stdinWriter) releaseLocked() {
	if sw.released {
		return
	}
	sw.released = true
	sw.sup.pipes.remove(sw.w)
	sw.w.Close()
}

// send queues data; ErrStdinClosed once the child's stdin is gone.
func (sw *stdinWriter) send(data []byte) error {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	if sw.closed || sw.broken {
		return ErrStdinClosed
	}
	if len(sw.queue) == 0 && !sw.running && sw.raw != nil {
		data = sw.writeNow(data)
		if len(data) == 0 || sw.broken {
			return nil
		}
	}
	sw.queue = append(sw.queue, data)
	sw.startLocked()
	return nil
}

// writeNow makes one non-blocking write of data and returns what is left to
// queue. A failed write marks the pipe broken, as the goroutine's would.
func (sw *stdinWriter) writeNow(data []byte) []byte {
	var n int
	var werr error
	err := sw.raw.Write(func(fd uintptr) bool {
		n, werr = rawWrite(fd, data)
		return true // never wait here: the goroutine does the waiting
	})
	switch {
	case err != nil: // the pipe is closed: let the goroutine find out
		return data
	case werr == syscall.EAGAIN:
		return data
	case werr != nil:
		sw.broken = true
		return nil
	}
	if n < 0 {
		return data
	}
	return data[n:]
}

// close stops accepting data; what is queued is still written, then the
// pipe is closed.
func (sw *stdinWriter) close() {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	sw.closed = true
	if !sw.running {
		sw.releaseLocked()
	}
}

// SendStdin is sendProcessStdin's check and queueing (RPC-SUP-029): the
// process must be running and not being stopped.
func (st *State) SendStdin(name string, data []byte) error {
	_, p, err := st.Lookup(name)
	if err != nil {
		return err
	}
	if p == nil {
		return fault(ErrBadName, name)
	}
	if p.pid == 0 || p.killing {
		return fault(ErrNotRunning, name)
	}
	if p.stdin == nil || p.stdin.send(data) != nil {
		return fault(ErrNoFile, name)
	}
	return nil
}
