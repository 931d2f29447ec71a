package logs

import (
	"context"
	"fmt"
	"os"
	"sync"
	"unicode/utf8"
)

// DefaultChildLogBuffer is the default soft bound on bytes a ChildLog holds
// before its Wait makes the child's pipe reader pause.
const DefaultChildLogBuffer = 8 << 20

// ChildLogConfig describes one channel's log (stdout or stderr of one
// process), from the program's stdout_logfile*, stdout_syslog and strip_ansi.
type ChildLogConfig struct {
	Path     string // the log file; "" for none (NONE/OFF, or syslog only)
	MaxBytes int64  // *_logfile_maxbytes; 0 never rotates
	Backups  int    // *_logfile_backups

	// Syslog, when set, gets every line of every chunk as "<Name> <line>"
	// (*_syslog=true, PROC-CLOG-008); Name is the process name.
	Syslog Syslog
	Name   string

	// StripANSI strips escape sequences per chunk on the writer goroutine.
	// Leave it off when the caller strips itself because events and the
	// main-log echo need the stripped bytes too (PROC-CLOG-009): stripping
	// twice is not the same as stripping once.
	StripANSI bool

	// Buffer is the soft bound in bytes for Wait; 0 means
	// DefaultChildLogBuffer.
	Buffer int

	// OnError is told about every failed write, rotation, syslog send or
	// reopen (nil: ignore), on the writer goroutine; a Write after Close is
	// reported on the caller's. It must not block for long; typically it
	// hands the error to the supervisor loop to log.
	OnError func(error)
}

// ChildLog is the writer of one child output channel (PROC-CLOG): raw bytes,
// no prefix, each chunk one record, so rotation falls between chunks exactly
// as in the reference (PROC-CLOG-005/006).
//
// The supervisor loop calls Write, which never blocks: it queues the chunk
// for the log's own goroutine, which does the disk and syslog I/O in order.
// A slow disk therefore stalls only that log. The goroutine reading the
// child's pipe may block, and calls WriteNow instead: while nothing is queued
// it does the I/O itself, as `cat` would, with no hand-off. Nothing is ever dropped for
// lack of room; instead the buffer is bounded from the other end: the
// goroutine that reads the child's pipe calls Wait before each read, and Wait
// blocks while the queue holds Buffer bytes or more. So when the disk falls
// behind, that child's pipe stops being drained, the child blocks in write(2)
// once the pipe fills, and the loop runs on. The queue can exceed Buffer by
// whatever was read before the reader paused (one chunk per reader, at most
// 128 KiB each, PROC-CLOG-006), so it stays bounded.
//
// A chunk whose write fails is reported to OnError and not retried, as the
// reference drops it after printing a traceback: a full disk must not wedge
// the child. Reopen, Clear and Flush are queued behind earlier chunks and
// answer on a channel, so the loop can start them without waiting and an RPC
// handler can wait for the answer outside the loop.
//
// Reference: supervisor/dispatchers.py (POutputDispatcher._init_normallog,
// _log, removelogs, reopenlogs), supervisor/loggers.py.
type ChildLog struct {
	name      string
	path      string
	syslog    Syslog
	stripANSI bool
	limit     int
	onError   func(error)
	open      openFunc
	file      *File // owned by the writer goroutine once started

	done chan struct{} // closed once the close op is done

	mu       sync.Mutex
	queue    []childOp     // guarded by mu
	queued   int           // bytes in queue or being written; guarded by mu
	space    chan struct{} // closed when queued drops below limit; guarded by mu
	closing  bool          // Close was called; guarded by mu
	running  bool          // a writer goroutine is running; guarded by mu
	inBatch  bool          // the writer goroutine is doing ops; guarded by mu
	direct   bool          // a caller of WriteNow is writing; guarded by mu
	firstErr error         // guarded by mu
}

type childOpKind int

const (
	childOpWrite childOpKind = iota
	childOpReopen
	childOpClear
	childOpFlush
	childOpClose
	childOpSwap
)

type childOp struct {
	kind   childOpKind
	data   []byte
	chunk  *Chunk     // data's buffer, given back to the pool once written; nil if not pooled
	handle handle     // childOpSwap: the file Open opened
	result chan error // capacity 1; nil for writes and swaps
}

// NewChildLog makes the log of one channel. Its file is not opened here:
// Open opens it at every spawn. A writer goroutine runs only while chunks or
// requests are queued.
func NewChildLog(cfg ChildLogConfig) *ChildLog {
	return newChildLog(cfg, osOpen)
}

func newChildLog(cfg ChildLogConfig, open openFunc) *ChildLog {
	c := &ChildLog{
		name:      cfg.Name,
		path:      cfg.Path,
		syslog:    cfg.Syslog,
		stripANSI: cfg.StripANSI,
		limit:     cfg.Buffer,
		onError:   cfg.OnError,
		open:      open,
		done:      make(chan struct{}),
	}
	if c.limit <= 0 {
		c.limit = DefaultChildLogBuffer
	}
	if cfg.Path != "" {
		c.file = newFile(cfg.Path, cfg.MaxBytes, cfg.Backups, open)
	}
	return c
}

// Open opens the log file for a spawn, as the reference's dispatchers open
// theirs at every spawn, in append mode (PROC-CLOG-003). The open happens on
// the caller's goroutine, so that a file that cannot be opened is that
// spawn's error (the error names the path); the new file takes over from the
// one in use once every chunk queued before it is written, so output of an
// earlier run still draining lands where it did. A log deleted while its
// process was stopped is thus created again. With no file it does nothing.
func (c *ChildLog) Open() error {
	if c.file == nil {
		return nil
	}
	h, err := c.open(c.path, appendFlags, 0o666)
	if err != nil {
		return err
	}
	// Idle (the usual case): swap it in here, as WriteNow writes, so that
	// the new run's first output is written directly too.
	if c.whileIdle(func() {
		if err := c.file.swap(h); err != nil {
			c.report(fmt.Errorf("close log %s: %w", c.path, err))
		}
	}) {
		return nil
	}
	if !c.enqueue(childOp{kind: childOpSwap, handle: h}) {
		h.Close()
		return fmt.Errorf("open log %s: %w", c.path, os.ErrClosed)
	}
	return nil
}

// Path is the log file's path, "" when there is none.
func (c *ChildLog) Path() string { return c.path }

// Write queues one chunk of child output, as read from the pipe (partial
// lines included), as one record: rotation is checked after it. In capture
// mode the loop calls Write once per segment it logs (PROC-CAP-002), as the
// reference logs each segment separately. It never blocks and never copies: p must not be modified
// afterwards. Empty chunks are ignored, as the reference logs only non-empty
// data. After Close, chunks are reported to OnError and dropped.
func (c *ChildLog) Write(p []byte) {
	if len(p) == 0 {
		return
	}
	if !c.enqueue(childOp{kind: childOpWrite, data: p}) {
		c.report(fmt.Errorf("write log %s: %w", c.label(), os.ErrClosed))
	}
}

// WriteNow is Write for a caller that may block on the disk (the goroutine
// that reads the child's pipe): when nothing is queued it writes p itself,
// saving the hand-off to the writer goroutine; otherwise p is queued behind
// what is there, as Write does. Either way p is the log's from now on.
func (c *ChildLog) WriteNow(p []byte) { c.writeNow(p, nil) }

// WriteChunkNow is WriteNow for the first n bytes of a pooled buffer, given
// back to the pool once written.
func (c *ChildLog) WriteChunkNow(ch *Chunk, n int) {
	if n <= 0 {
		PutChunk(ch)
		return
	}
	c.writeNow(ch[:n], ch)
}

func (c *ChildLog) writeNow(p []byte, ch *Chunk) {
	if len(p) == 0 {
		return
	}
	if !c.whileIdle(func() {
		c.writeChunk(p)
		if ch != nil {
			PutChunk(ch)
		}
	}) {
		if ch != nil && len(p) < ChunkSize/8 {
			// A short chunk (a line or so) is queued as a copy of its own
			// size, so queued lines do not pin whole buffers.
			p = append([]byte(nil), p...)
			PutChunk(ch)
			ch = nil
		}
		if !c.enqueue(childOp{kind: childOpWrite, data: p, chunk: ch}) {
			if ch != nil {
				PutChunk(ch)
			}
			c.report(fmt.Errorf("write log %s: %w", c.label(), os.ErrClosed))
		}
	}
}

// whileIdle runs fn on the caller's goroutine if nothing is queued or being
// done with the file, and reports whether it did; otherwise the caller
// queues its work. Ops queued while fn runs wait for it.
func (c *ChildLog) whileIdle(fn func()) bool {
	c.mu.Lock()
	if c.closing || len(c.queue) > 0 || c.inBatch || c.direct {
		c.mu.Unlock()
		return false
	}
	c.direct = true // the writer goroutine leaves the file alone until cleared
	c.mu.Unlock()
	fn()
	c.mu.Lock()
	c.direct = false
	c.startLocked() // ops queued meanwhile waited for fn
	c.mu.Unlock()
	return true
}

// Wait blocks while Buffer bytes or more are queued, until ctx is done, or
// until the log is closed. The child's pipe reader calls it before each read
// so that a slow disk pauses that child rather than the loop.
func (c *ChildLog) Wait(ctx context.Context) error {
	for {
		c.mu.Lock()
		if c.closing || c.queued < c.limit {
			c.mu.Unlock()
			return nil
		}
		if c.space == nil {
			c.space = make(chan struct{})
		}
		space := c.space
		c.mu.Unlock()
		select {
		case <-space:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Reopen queues a close-and-reopen of the file, for SIGUSR2 (logrotate). The
// channel gets the result once every earlier chunk is written.
func (c *ChildLog) Reopen() <-chan error { return c.request(childOpReopen) }

// Clear queues clearProcessLogs for this channel (PROC-CLOG-012, RPC-SUP-027):
// close, delete the file, open a new empty one. Rotated backups stay.
func (c *ChildLog) Clear() <-chan error { return c.request(childOpClear) }

// Flush answers once every chunk queued before it has been written.
func (c *ChildLog) Flush() <-chan error { return c.request(childOpFlush) }

func (c *ChildLog) request(kind childOpKind) <-chan error {
	res := make(chan error, 1)
	if !c.enqueue(childOp{kind: kind, result: res}) {
		res <- fmt.Errorf("log %s: %w", c.label(), os.ErrClosed)
	}
	return res
}

// Close writes everything queued, closes the file and waits for the writer
// goroutine. It returns the first error the log ever met (also reported to
// OnError), or the error closing the file. Calling it again returns the same.
func (c *ChildLog) Close() error {
	c.mu.Lock()
	if !c.closing {
		c.queue = append(c.queue, childOp{kind: childOpClose})
		c.closing = true
		if c.space != nil {
			close(c.space) // release a Wait: Write is over for good
			c.space = nil
		}
	}
	c.startLocked()
	c.mu.Unlock()
	<-c.done
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.firstErr
}

func (c *ChildLog) enqueue(op childOp) bool {
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		return false
	}
	c.queue = append(c.queue, op)
	c.queued += len(op.data)
	c.startLocked()
	c.mu.Unlock()
	return true
}

// startLocked starts a writer goroutine for what is queued, unless one is
// running or a WriteNow is writing (it calls this again when done). The
// goroutine runs only while there is work: an idle log costs no goroutine.
func (c *ChildLog) startLocked() {
	if c.running || c.direct || len(c.queue) == 0 {
		return
	}
	c.running = true
	go c.run()
}

// run is the writer goroutine: it takes whole batches off the queue and does
// them in order, and returns once the queue is empty (or a WriteNow has
// started writing: the queue waits for it) or the log is closed.
func (c *ChildLog) run() {
	var batch []childOp
	for {
		c.mu.Lock()
		if c.direct || len(c.queue) == 0 {
			c.running = false
			c.mu.Unlock()
			return
		}
		batch, c.queue = c.queue, batch[:0]
		c.inBatch = true
		c.mu.Unlock()
		for i := range batch {
			if !c.do(batch[i]) {
				return // closed: running stays set, nothing more is accepted
			}
			batch[i] = childOp{} // let the chunk be collected
		}
		c.mu.Lock()
		c.inBatch = false
		c.mu.Unlock()
	}
}

// do performs one op; it returns false after the close op.
func (c *ChildLog) do(op childOp) bool {
	var err error
	switch op.kind {
	case childOpWrite:
		c.writeChunk(op.data)
		c.release(len(op.data))
		if op.chunk != nil {
			PutChunk(op.chunk)
		}
		return true
	case childOpReopen:
		if c.file != nil {
			err = c.file.Reopen()
		}
	case childOpClear:
		if c.file != nil {
			err = c.file.Clear()
		}
	case childOpSwap:
		if err := c.file.swap(op.handle); err != nil {
			c.report(fmt.Errorf("close log %s: %w", c.path, err))
		}
		return true
	case childOpFlush:
	case childOpClose:
		if c.file != nil {
			if err := c.file.Close(); err != nil {
				c.report(fmt.Errorf("close log %s: %w", c.path, err))
			}
		}
		close(c.done)
		return false
	}
	if err != nil {
		c.report(err)
	}
	op.result <- err
	return true
}

func (c *ChildLog) writeChunk(p []byte) {
	if c.stripANSI {
		p = StripANSI(p)
	}
	if c.file != nil {
		if _, err := c.file.Write(p); err != nil {
			c.report(err)
		}
	}
	if c.syslog != nil {
		// The reference decodes the chunk as UTF-8 first and sends nothing
		// (printing a traceback) when it cannot.
		if !utf8.Valid(p) {
			c.report(fmt.Errorf("syslog %s: %w", c.name, errUndecodable))
			return
		}
		if err := syslogLines(c.syslog, c.name+" ", string(p), ""); err != nil {
			c.report(err)
		}
	}
}

// release returns n bytes of room and wakes a waiting reader once the queue
// is below the bound again.
func (c *ChildLog) release(n int) {
	c.mu.Lock()
	c.queued -= n
	if c.queued < c.limit && c.space != nil {
		close(c.space)
		c.space = nil
	}
	c.mu.Unlock()
}

func (c *ChildLog) report(err error) {
	c.mu.Lock()
	if c.firstErr == nil {
		c.firstErr = err
	}
	c.mu.Unlock()
	if c.onError != nil {
		c.onError(err)
	}
}

func (c *ChildLog) label() string {
	if c.path != "" {
		return c.path
	}
	return c.name
}
