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
// A slow disk therefore stalls only that log. Nothing is ever dropped for
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
	file      *File // owned by the writer goroutine once started

	wake chan struct{} // capacity 1: "the queue is not empty"
	done chan struct{} // closed when the writer goroutine returns

	mu       sync.Mutex
	queue    []childOp     // guarded by mu
	queued   int           // bytes in queue or being written; guarded by mu
	space    chan struct{} // closed when queued drops below limit; guarded by mu
	closing  bool          // Close was called; guarded by mu
	firstErr error         // guarded by mu
}

type childOpKind int

const (
	childOpWrite childOpKind = iota
	childOpReopen
	childOpClear
	childOpFlush
	childOpClose
)

type childOp struct {
	kind   childOpKind
	data   []byte
	result chan error // capacity 1; nil for writes
}

// OpenChildLog opens the log file (if any) now, so a spawn learns of a bad
// path at once as in the reference (PROC-CLOG-003), and starts the writer
// goroutine; Close stops it.
func OpenChildLog(cfg ChildLogConfig) (*ChildLog, error) {
	return openChildLog(cfg, osOpen)
}

func openChildLog(cfg ChildLogConfig, open openFunc) (*ChildLog, error) {
	c := &ChildLog{
		name:      cfg.Name,
		path:      cfg.Path,
		syslog:    cfg.Syslog,
		stripANSI: cfg.StripANSI,
		limit:     cfg.Buffer,
		onError:   cfg.OnError,
		wake:      make(chan struct{}, 1),
		done:      make(chan struct{}),
	}
	if c.limit <= 0 {
		c.limit = DefaultChildLogBuffer
	}
	if cfg.Path != "" {
		f, err := openFile(cfg.Path, cfg.MaxBytes, cfg.Backups, open)
		if err != nil {
			return nil, err
		}
		c.file = f
	}
	go c.run()
	return c, nil
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
	c.mu.Unlock()
	c.signal()
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
	c.mu.Unlock()
	c.signal()
	return true
}

// signal wakes the writer goroutine unless it is already due to wake.
func (c *ChildLog) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// run is the writer goroutine: it takes whole batches off the queue and does
// them in order.
func (c *ChildLog) run() {
	defer close(c.done)
	var batch []childOp
	for range c.wake {
		c.mu.Lock()
		batch, c.queue = c.queue, batch[:0]
		c.mu.Unlock()
		for i := range batch {
			if !c.do(batch[i]) {
				return
			}
			batch[i] = childOp{} // let the chunk be collected
		}
	}
}

// do performs one op; it returns false after the close op.
func (c *ChildLog) do(op childOp) bool {
	var err error
	switch op.kind {
	case childOpWrite:
		c.writeChunk(op.data)
		c.release(len(op.data))
		return true
	case childOpReopen:
		if c.file != nil {
			err = c.file.Reopen()
		}
	case childOpClear:
		if c.file != nil {
			err = c.file.Clear()
		}
	case childOpFlush:
	case childOpClose:
		if c.file != nil {
			if err := c.file.Close(); err != nil {
				c.report(fmt.Errorf("close log %s: %w", c.path, err))
			}
		}
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
