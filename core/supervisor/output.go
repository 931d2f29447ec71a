package supervisor

import (
	"context"
	"fmt"
	"io"
	"os"
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

// pump copies one output pipe of a child into its log until EOF, on
// goroutines of its own, so that neither a chatty child nor a slow disk
// holds up the loop. Every byte read is written: a child's output outlives
// the child (its grandchildren may hold the pipe), and the log takes it all.
// When loop is set, chunks go to the loop instead (events, capture mode,
// the listener protocol) and the loop logs them.
//
// A pump holds no buffer while its pipe is idle: it borrows one from the
// log package's pool only once the pipe is readable, and a large read goes
// to the log in that same buffer (the log gives it back once written). A
// log pump (without loop) holds no goroutine either while its pipe is idle,
// and its pipe is off the runtime's poller (idle.go).
func (st *State) pump(p *Process, r io.ReadCloser, log ChildLog, channel string, loop bool) {
	if r == nil {
		return
	}
	s := st.sup
	listener := loop && p.Group.Config.Kind == config.GroupEventListener && channel == "stdout"
	lp := &logPump{
		s: s, r: r, log: log, name: p.Name(), channel: channel, drain: p.drain,
		echo: s.cfg.Supervisord.LogLevel <= datatypes.LevelDebug,
	}
	if listener {
		lp.pr.spin = answerSpin
	}
	lp.pr.init(r)
	s.pumps.Add(1)
	s.pipes.add(r)
	if !loop && lp.pr.raw != nil && s.idle.start() {
		lp.resume = lp.run
		go lp.run()
		return
	}
	// A listener's stdout is the protocol, for the loop, and also logged as
	// is (EVT-PROTO-008): the pump does that part itself.
	var plog *batchLog
	if listener && log != nil {
		plog = &batchLog{log: log}
	}
	go func() {
		defer lp.end()
		if plog != nil {
			defer plog.close()
		}
		for {
			if log != nil {
				log.Wait(context.Background()) // backpressure: the disk is behind
			}
			ch, n, err := lp.pr.read()
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
				lp.logged(ch, n, err)
			} else if ch != nil {
				logs.PutChunk(ch)
			}
			if err != nil {
				return
			}
		}
	}()
}

// logPump is a log pump's state, kept across its runs (one object, so that
// hundreds of pumps cost little).
type logPump struct {
	s             *Supervisor
	r             io.ReadCloser
	pr            pipeReader
	log           ChildLog
	name, channel string
	echo          bool
	drain         chan struct{}
	resume        func() // run, made once: what the idle set starts

	linger             *time.Timer
	winStart           time.Time // the current rate window of this pipe's reads
	winReads, winBytes int
}

// run reads the pipe until it is empty, then leaves it to the idle set and
// returns; at the end of the stream it closes the pipe.
func (lp *logPump) run() {
	for {
		if lp.log != nil {
			lp.log.Wait(context.Background()) // backpressure: the disk is behind
		}
		ch, n, err, again := lp.pr.try()
		if again {
			if lp.s.idle.park(lp.pr.fd, lp.resume) {
				return
			}
			if lp.pr.polled || lp.repoll() {
				ch, n, err = lp.pr.read()
			} else {
				err = os.ErrClosed
			}
		}
		if n > 0 {
			lp.logged(ch, n, err)
		} else if ch != nil {
			logs.PutChunk(ch)
		}
		if err != nil {
			lp.end()
			return
		}
	}
}

// end closes the pump's pipe at the end of its stream, and the pump is done.
func (lp *logPump) end() {
	lp.s.idle.forget(lp.pr.fd)
	lp.r.Close()
	lp.s.pipes.remove(lp.r)
	lp.s.pumps.Done()
}

// repoll puts the pump's pipe on the runtime's poller, for a pump that
// cannot wait in the idle set (the set is closing, or refused the pipe): a
// duplicate of its descriptor, non-blocking like it, becomes a file the
// poller takes, and the unpolled file is closed. False when that cannot be
// done (the pipe was closed meanwhile, say): the pump then ends.
func (lp *logPump) repoll() bool {
	dup := -1
	err := lp.pr.raw.Control(func(fd uintptr) {
		if r, _, e := syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_DUPFD_CLOEXEC, 0); e == 0 {
			dup = int(r)
		}
	})
	if err != nil || dup < 0 {
		return false
	}
	f := os.NewFile(uintptr(dup), lp.name+" "+lp.channel)
	if !lp.s.pipes.swap(lp.r, f) {
		f.Close() // the loop has closed every pipe
		return false
	}
	lp.s.idle.forget(lp.pr.fd)
	lp.r.Close()
	lp.r = f
	lp.pr.init(f)
	return lp.pr.polled
}

// logged logs a chunk a log pump read (err: the read's error, if any).
func (lp *logPump) logged(ch *logs.Chunk, n int, err error) {
	s := lp.s
	if lp.echo && s.logger != nil {
		s.logger.Log(datatypes.LevelDebug, fmt.Sprintf("%s %s output:\n%s", pyfmt.Repr(lp.name), lp.channel, decodeOutput(ch[:n])))
	}
	if lp.log != nil {
		lp.log.WriteChunkNow(ch, n)
	} else {
		logs.PutChunk(ch)
	}
	if err != nil {
		return
	}
	// A pipe read again and again for a line or two is a chatty child: let
	// its output gather a while before the next read, so it costs one
	// wake-up per batch rather than per line. A pipe read now and then is
	// read at once, and so is a fast stream (a burst never waits); so is
	// everything once the child is gone.
	now := time.Now()
	if now.Sub(lp.winStart) > lingerWindow {
		lp.winStart, lp.winReads, lp.winBytes = now, 0, 0
	}
	lp.winReads++
	lp.winBytes += n
	if lp.winReads >= lingerReads && lp.winBytes < lingerBytes {
		// Every lingering pump wakes on the same boundary, so one wake-up
		// of the daemon serves them all.
		d := lingerFor - time.Duration(now.UnixNano()%int64(lingerFor))
		if lp.linger == nil {
			lp.linger = time.NewTimer(d)
		} else {
			lp.linger.Reset(d)
		}
		select {
		case <-lp.linger.C:
		case <-lp.drain:
		case <-s.exited:
		}
	}
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

// pipeReader is how a pump reads its pipe: one read into a pooled chunk per
// call, the chunk borrowed only once data is there when the pipe is a
// non-blocking file (the pipes spawn makes; raw is set), else before each
// read. io.EOF ends the stream. Only its pump uses it. Waiting for data
// (read) needs the pipe on the runtime's poller (polled); a log pump's pipe
// is not (spawn makes it unpolled: the poller would wake the daemon at each
// write of the child) and waits in the idle set instead, or is put on the
// poller when it cannot (logPump.repoll).
type pipeReader struct {
	r      io.Reader
	raw    syscall.RawConn
	fd     int32         // the pipe's descriptor when raw is set
	polled bool          // on the runtime's poller, so read can wait (see below)
	spin   time.Duration // listeners: see spinRead
	until  time.Time
	grown  bool

	attempt func(fd uintptr) bool // tryRead, made once
	ch      *logs.Chunk           // what the last attempt read
	n       int
	rerr    error
}

func (pr *pipeReader) init(r io.Reader) {
	pr.r, pr.fd = r, -1
	if sc, ok := r.(syscall.Conn); ok {
		if raw, err := sc.SyscallConn(); err == nil && nonblocking(raw) {
			pr.raw = raw
			raw.Control(func(fd uintptr) { pr.fd = int32(fd) })
			pr.attempt = pr.tryRead
			// Only a file on the poller takes a deadline.
			d, ok := r.(interface{ SetReadDeadline(time.Time) error })
			pr.polled = ok && d.SetReadDeadline(time.Time{}) == nil
		}
	}
}

// tryRead reads once without waiting; false when the pipe is empty.
func (pr *pipeReader) tryRead(fd uintptr) bool {
	pr.ch = logs.GetChunk()
	pr.n, pr.rerr = rawRead(fd, pr.ch[:])
	if pr.rerr == syscall.EAGAIN {
		logs.PutChunk(pr.ch)
		pr.ch = nil
		return false // wait until the pipe is readable
	}
	return true
}

// read reads once, waiting for data or the end.
func (pr *pipeReader) read() (*logs.Chunk, int, error) {
	if pr.raw == nil {
		ch := logs.GetChunk()
		n, err := pr.r.Read(ch[:])
		return ch, n, err
	}
	pr.ch, pr.n, pr.rerr = nil, 0, nil
	var err error
	if pr.spin > 0 {
		err = pr.spinRead()
	} else {
		err = pr.raw.Read(pr.attempt)
	}
	return pr.result(err)
}

// try reads once if there is something to read: again is true when the
// pipe is empty. Only for a pipe with raw set.
func (pr *pipeReader) try() (ch *logs.Chunk, n int, err error, again bool) {
	pr.ch, pr.n, pr.rerr = nil, 0, nil
	ready := false
	err = pr.raw.Control(func(fd uintptr) { ready = pr.attempt(fd) })
	if err == nil && !ready {
		return nil, 0, nil, true
	}
	ch, n, err = pr.result(err)
	return ch, n, err, false
}

// result is the outcome of the last attempt.
func (pr *pipeReader) result(err error) (*logs.Chunk, int, error) {
	switch {
	case err != nil:
	case pr.rerr != nil:
		err = pr.rerr
	case pr.n == 0:
		err = io.EOF
	}
	n := max(pr.n, 0)
	if n >= defaultPipe && !pr.grown {
		// The pipe was full: a chatty child. A larger pipe lets it write on
		// while its output is being logged, with fewer wake-ups on both
		// sides; quiet children keep the default. Failing is harmless (the
		// limit is the kernel's pipe-max-size and per-user quota).
		pr.grown = true
		pr.raw.Control(func(fd uintptr) { spawn.GrowPipe(fd, bigPipe) })
	}
	return pr.ch, n, err
}

// spinRead is read for a listener's stdout: within spin of the last answer
// it polls the pipe (yielding between tries) before sleeping on the poller,
// so an answer that comes at once is read without a thread wake-up.
func (pr *pipeReader) spinRead() error {
	defer func() { pr.until = time.Now().Add(pr.spin) }()
	for time.Now().Before(pr.until) {
		ready := false
		if err := pr.raw.Control(func(fd uintptr) { ready = pr.attempt(fd) }); err != nil {
			return err
		}
		if ready {
			return nil
		}
		runtime.Gosched()
	}
	return pr.raw.Read(pr.attempt)
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
