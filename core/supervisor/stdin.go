package supervisor

import (
	"errors"
	"io"
	"sync"
)

// ErrStdinClosed is returned when a process's stdin can no longer take data.
var ErrStdinClosed = errors.New("stdin closed")

// stdinWriter feeds one child's stdin in order from its own goroutine, so
// that neither the loop nor an RPC handler waits for a child that does not
// read (PROC-STDIN-001): sendProcessStdin queues and returns, as the
// reference's buffered input dispatcher does.
type stdinWriter struct {
	mu     sync.Mutex
	queue  [][]byte
	wake   chan struct{}
	closed bool // no more data is accepted
	broken bool // a write failed (EPIPE): the child closed its stdin
}

func (s *Supervisor) newStdinWriter(w io.WriteCloser) *stdinWriter {
	sw := &stdinWriter{wake: make(chan struct{}, 1)}
	s.pumps.Add(1)
	s.pipes.add(w) // closed by the loop's end, so a stuck write returns
	go func() {
		defer s.pumps.Done()
		defer s.pipes.remove(w)
		defer w.Close()
		for {
			sw.mu.Lock()
			for len(sw.queue) == 0 && !sw.closed {
				sw.mu.Unlock()
				<-sw.wake
				sw.mu.Lock()
			}
			if len(sw.queue) == 0 { // closed and drained
				sw.mu.Unlock()
				return
			}
			data := sw.queue[0]
			sw.queue = sw.queue[1:]
			broken := sw.broken
			sw.mu.Unlock()
			if broken {
				continue
			}
			if _, err := w.Write(data); err != nil {
				sw.mu.Lock()
				sw.broken = true
				sw.mu.Unlock()
			}
		}
	}()
	return sw
}

// send queues data; ErrStdinClosed once the child's stdin is gone.
func (sw *stdinWriter) send(data []byte) error {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	if sw.closed || sw.broken {
		return ErrStdinClosed
	}
	sw.queue = append(sw.queue, data)
	select {
	case sw.wake <- struct{}{}:
	default:
	}
	return nil
}

// close stops accepting data; what is queued is still written, then the
// pipe is closed.
func (sw *stdinWriter) close() {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	sw.closed = true
	select {
	case sw.wake <- struct{}{}:
	default:
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
