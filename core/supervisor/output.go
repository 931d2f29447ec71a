package supervisor

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/core/logs"
	"github.com/gosupervisord/gosupervisord/core/spawn"
)

// openLogs opens p's stdout and stderr logs (AUTO names are chosen here, as
// the reference does when it creates the group).
func (st *State) openLogs(p *Process) error {
	if st.sup.childLogs == nil {
		return nil
	}
	var err error
	if p.stdout, err = st.sup.childLogs.Open(p.Config, "stdout", st.identifier); err != nil {
		return err
	}
	if p.stderr, err = st.sup.childLogs.Open(p.Config, "stderr", st.identifier); err != nil {
		p.closeLogs()
		return err
	}
	return nil
}

func (p *Process) closeLogs() {
	for _, l := range []ChildLog{p.stdout, p.stderr} {
		if l != nil {
			l.Close()
		}
	}
}

func (p *Process) reopenLogs() {
	for _, l := range []ChildLog{p.stdout, p.stderr} {
		if l != nil {
			l.Reopen()
		}
	}
}

// pump copies one output pipe of a child into its log until EOF, in its
// own goroutine, so that neither a chatty child nor a slow disk holds up the
// loop. Every byte read is written: a child's output outlives the child
// (its grandchildren may hold the pipe), and the log takes it all.
// When loop is set, chunks go to the loop instead (events, capture mode,
// the listener protocol) and the loop logs them.
//
// A pump holds no buffer while its pipe is idle: it borrows one from the
// log package's pool only once the pipe is readable, and a large read goes
// to the log in that same buffer (the log gives it back once written).
func (st *State) pump(p *Process, r io.ReadCloser, log ChildLog, channel string, loop bool) {
	if r == nil {
		return
	}
	s := st.sup
	echo := s.cfg.Supervisord.LogLevel <= datatypes.LevelDebug
	name := p.Name()
	spin := time.Duration(0)
	if loop && p.Group.Config.Kind == config.GroupEventListener && channel == "stdout" {
		spin = answerSpin
	}
	read := chunkReader(r, spin)
	// A listener's stdout is the protocol, for the loop, and also logged as
	// is (EVT-PROTO-008): the pump does that part itself.
	protocol := loop && p.Group.Config.Kind == config.GroupEventListener && channel == "stdout"
	drain := p.drain
	var linger *time.Timer
	var winStart time.Time // the current rate window of this pipe's reads
	var winReads, winBytes int
	var plog *batchLog
	if protocol && log != nil {
		plog = &batchLog{log: log}
	}
	s.pumps.Add(1)
	s.pipes.add(r)
	go func() {
		defer s.pumps.Done()
		defer s.pipes.remove(r)
		defer r.Close()
		if plog != nil {
			defer plog.close()
		}
		for {
			if log != nil {
				log.Wait(context.Background()) // backpressure: the disk is behind
			}
			ch, n, err := read()
			if n > 0 {
				if loop {
					chunk := append([]byte(nil), ch[:n]...)
					select {
					case s.output <- output{p: p, channel: channel, data: chunk}:
					case <-s.exited:
					}
					if plog != nil {
						// The loop answers the listener first (it runs now,
						// this goroutine after it); logging the protocol
						// text is not on the event's way.
						runtime.Gosched()
						plog.add(ch[:n])
					}
					logs.PutChunk(ch)
					continue
				}
				if echo && s.logger != nil {
					s.logger.Log(datatypes.LevelDebug, fmt.Sprintf("%s %s output:\n%s", pyfmt.Repr(name), channel, decodeOutput(ch[:n])))
				}
				if log != nil {
					log.WriteChunkNow(ch, n)
				} else {
					logs.PutChunk(ch)
				}
				if err == nil {
					// A pipe read again and again for a line or two is a
					// chatty child: let its output gather a while before the
					// next read, so it costs one wake-up per batch rather
					// than per line. A pipe read now and then is read at
					// once, and so is a fast stream (a burst never waits);
					// so is everything once the child is gone.
					now := time.Now()
					if now.Sub(winStart) > lingerWindow {
						winStart, winReads, winBytes = now, 0, 0
					}
					winReads++
					winBytes += n
					if winReads >= lingerReads && winBytes < lingerBytes {
						// Every lingering pump wakes on the same boundary,
						// so one wake-up of the daemon serves them all.
						d := lingerFor - time.Duration(now.UnixNano()%int64(lingerFor))
						if linger == nil {
							linger = time.NewTimer(d)
						} else {
							linger.Reset(d)
						}
						select {
						case <-linger.C:
						case <-drain:
						case <-s.exited:
						}
					}
				}
			} else if ch != nil {
				logs.PutChunk(ch)
			}
			if err != nil {
				return
			}
		}
	}()
}

// A pump that has read lingerReads times within lingerWindow, less than
// lingerBytes in all, waits after each further read until the next multiple
// of lingerFor (pump): at most lingerFor of latency, for output slower than
// lingerBytes a second.
const (
	lingerWindow = time.Second
	lingerReads  = 3
	lingerBytes  = 64 << 10
	lingerFor    = 50 * time.Millisecond
)

// answerSpin is how long a listener's stdout pump polls for the next answer
// after reading one, before it sleeps: a listener that answers at once is
// read without the latency of a wake-up (pump).
const answerSpin = 100 * time.Microsecond

// bigPipe is the capacity a pump asks for once its pipe has been full, that
// is, once a read returned defaultPipe bytes (Linux's default capacity).
const (
	bigPipe     = 1 << 20
	defaultPipe = 64 << 10
)

// chunkReader returns the function a pump reads r with: one read into a
// pooled chunk per call, the chunk borrowed only once data is there when r
// is a pollable file (the pipes spawn makes), else before each read.
// io.EOF ends the stream.
func chunkReader(r io.Reader, spin time.Duration) func() (*logs.Chunk, int, error) {
	if sc, ok := r.(syscall.Conn); ok {
		if raw, err := sc.SyscallConn(); err == nil && nonblocking(raw) {
			grown := false
			// One closure and its state per pipe, reused by every read:
			// only this pump's goroutine reads.
			var ch *logs.Chunk
			var n int
			var rerr error
			attempt := func(fd uintptr) bool {
				ch = logs.GetChunk()
				n, rerr = rawRead(fd, ch[:])
				if rerr == syscall.EAGAIN {
					logs.PutChunk(ch)
					ch = nil
					return false // wait until the pipe is readable
				}
				return true
			}
			var spinning func() error // listeners only
			if spin > 0 {
				spinning = spinningRead(raw, attempt, spin)
			}
			return func() (*logs.Chunk, int, error) {
				ch, n, rerr = nil, 0, nil
				var err error
				if spinning != nil {
					err = spinning()
				} else {
					err = raw.Read(attempt)
				}
				switch {
				case err != nil:
				case rerr != nil:
					err = rerr
				case n == 0:
					err = io.EOF
				}
				if n < 0 {
					n = 0
				}
				if n >= defaultPipe && !grown {
					// The pipe was full: a chatty child. A larger pipe lets it
					// write on while its output is being logged, with fewer
					// wake-ups on both sides; quiet children keep the
					// default. Failing is harmless (the limit is the
					// kernel's pipe-max-size and per-user quota).
					grown = true
					raw.Control(func(fd uintptr) { spawn.GrowPipe(fd, bigPipe) })
				}
				return ch, n, err
			}
		}
	}
	return func() (*logs.Chunk, int, error) {
		ch := logs.GetChunk()
		n, err := r.Read(ch[:])
		return ch, n, err
	}
}

// spinningRead returns a read for a listener's stdout: within spin of the
// last answer it polls the pipe (yielding between tries) before sleeping on
// the poller, so an answer that comes at once is read without a thread
// wake-up. Kept apart from the plain read so that ordinary pumps, hundreds
// of them, keep small stacks.
func spinningRead(raw syscall.RawConn, attempt func(fd uintptr) bool, spin time.Duration) func() error {
	var until time.Time
	return func() error {
		defer func() { until = time.Now().Add(spin) }()
		for time.Now().Before(until) {
			ready := false
			if err := raw.Control(func(fd uintptr) { ready = attempt(fd) }); err != nil {
				return err
			}
			if ready {
				return nil
			}
			runtime.Gosched()
		}
		return raw.Read(attempt)
	}
}

// nonblocking reports whether the descriptor behind raw is in non-blocking
// mode, so that rawRead and rawWrite on it return at once.
func nonblocking(raw syscall.RawConn) bool {
	ok := false
	raw.Control(func(fd uintptr) {
		fl, _, e := syscall.RawSyscall(syscall.SYS_FCNTL, fd, syscall.F_GETFL, 0)
		ok = e == 0 && fl&syscall.O_NONBLOCK != 0
	})
	return ok
}

// rawRead is read(2) on a non-blocking pipe, made without telling the Go
// scheduler: the call cannot block, and the usual bookkeeping (which wakes
// the runtime's monitor thread when everything was idle) would cost more
// than the read. EINTR is retried.
func rawRead(fd uintptr, p []byte) (int, error) { return rawIO(syscall.SYS_READ, fd, p) }

// rawWrite is rawRead's counterpart for write(2) on a non-blocking pipe.
func rawWrite(fd uintptr, p []byte) (int, error) { return rawIO(syscall.SYS_WRITE, fd, p) }

func rawIO(trap, fd uintptr, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, _, e := syscall.RawSyscall(trap, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
		if e == syscall.EINTR {
			continue
		}
		if e != 0 {
			return -1, e
		}
		return int(n), nil
	}
}

// batchLog gathers a listener's protocol output (a few bytes per event)
// into records of up to batchMax bytes, written when full or on the next
// lingerFor boundary, rather than one log write per event. Writes happen
// under mu, so records land in the order they were gathered.
type batchLog struct {
	log     ChildLog
	mu      sync.Mutex
	pending []byte
	timer   *time.Timer // armed while pending is not empty
	closed  bool
}

const batchMax = 4 << 10

func (b *batchLog) add(p []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending = append(b.pending, p...)
	switch {
	case len(b.pending) >= batchMax:
		b.flushLocked()
	case b.timer == nil:
		now := time.Now()
		b.timer = time.AfterFunc(lingerFor-time.Duration(now.UnixNano()%int64(lingerFor)), b.flush)
	}
}

func (b *batchLog) flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushLocked()
}

func (b *batchLog) flushLocked() {
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	if len(b.pending) == 0 || b.closed {
		return
	}
	b.log.WriteNow(b.pending)
	b.pending = nil // the log owns what it was given
}

// close writes what is left; later timer callbacks find nothing to do.
func (b *batchLog) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushLocked()
	b.closed = true
}

// output is a chunk a pump hands to the loop.
type output struct {
	p       *Process
	channel string
	data    []byte
}

// onOutput handles a chunk on the loop.
func (st *State) onOutput(o output) {
	if o.p.Group.Config.Kind == config.GroupEventListener && o.channel == "stdout" {
		st.listenerOutput(o.p, o.data)
		return
	}
	if st.logging(datatypes.LevelDebug) {
		st.logf(datatypes.LevelDebug, "%s %s output:\n%s", pyfmt.Repr(o.p.Name()), o.channel, decodeOutput(o.data))
	}
	st.processOutput(o.p, o.channel, o.data)
}

// decodeOutput renders a chunk as the reference's debug echo does
// (PROC-MLOG-014): the text when it is UTF-8, else Undecodable: b'...'.
func decodeOutput(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return "Undecodable: " + pyfmt.ReprBytes(b)
}
