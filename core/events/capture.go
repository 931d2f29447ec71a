package events

import "bytes"

// The capture mode tokens (PROC-CAP-001).
const (
	BeginToken = "<!--XSUPERVISOR:BEGIN-->"
	EndToken   = "<!--XSUPERVISOR:END-->"
)

// CaptureKind says what a [CaptureOutput] asks of the loop.
type CaptureKind int

// Capture output kinds.
const (
	// CaptureLog is one call of the reference's _log: Data (after strip_ansi)
	// goes to the channel's child log, or, when Captured, to the capture
	// buffer instead. Either way the loop also echoes it to the main log at
	// DEBG (PROC-MLOG-014) and emits PROCESS_LOG_* if enabled: capture mode
	// bypasses only the log file (PROC-CAP-004 QUIRK). Data may be empty when
	// strip_ansi removed everything; the reference still echoes and emits.
	CaptureLog CaptureKind = iota + 1
	// CaptureBegin: the begin token was consumed; capture mode is on.
	CaptureBegin
	// CaptureEnd: the end token was consumed; capture mode is off. Data is
	// the capture buffer's content: the loop emits PROCESS_COMMUNICATION_*
	// with it ([ProcessCommunication], with the process's current pid), then
	// logs DEBG "<repr(name)> <channel> emitted a comm event" (PROC-CAP-002,
	// EVT-EMIT-006). The buffer is already empty again.
	CaptureEnd
)

// CaptureOutput is one step of capture-mode processing, in stream order.
type CaptureOutput struct {
	Kind     CaptureKind
	Data     []byte // CaptureLog, CaptureEnd; owned by the caller
	Captured bool   // CaptureLog: the data was inside a capture block
}

// Capture scans one output channel of a process for capture blocks as the
// reference's POutputDispatcher.record_output does (PROC-CAP). It is a plain
// value owned by the loop, one per channel and spawn; it does no I/O.
//
// With capture disabled (maxBytes 0) every chunk is logged at once. With it
// enabled, bytes are held back while they are no longer than the token being
// looked for (24 bytes outside a block, 22 inside), and a trailing partial
// token is held back too; held bytes are logged only when more output
// arrives, so a process that exits leaves them unlogged (PROC-CAP-003 QUIRK):
// see Pending. Any number of blocks in one chunk is handled.
//
// Differs from the reference: it scans iteratively. The reference recurses
// once per token in a read, so a single read holding about 1000 tokens
// raises RecursionError and closes the channel (PROC-CAP-002); here such
// output is handled like any other.
//
// The capture buffer is bounded the reference's way (PROC-CAP-005, BoundIO):
// appending b when the buffer would exceed maxBytes first drops len(b) bytes
// from its front, so it can hold more than maxBytes when b is large.
//
// Reference: supervisor/dispatchers.py (POutputDispatcher.record_output,
// toggle_capturemode, _log), supervisor/loggers.py (BoundIO),
// supervisor/medusa/asynchat_25.py (find_prefix_at_end).
type Capture struct {
	maxBytes  int
	strip     func([]byte) []byte
	capturing bool
	pending   []byte // output_buffer: read but not yet logged
	buf       []byte // the capture buffer
	out       []CaptureOutput
}

// NewCapture returns the scanner for a channel with *_capture_maxbytes =
// maxBytes (0 or less: capture disabled). strip, if not nil, is applied to
// every logged segment (strip_ansi=true, PROC-CLOG-009), after token
// scanning, as in the reference.
func NewCapture(maxBytes int, strip func([]byte) []byte) *Capture {
	return &Capture{maxBytes: maxBytes, strip: strip}
}

// Capturing reports whether the channel is inside a capture block.
func (c *Capture) Capturing() bool { return c.capturing }

// Pending is the held-back output (PROC-CAP-003), valid until the next Feed.
func (c *Capture) Pending() []byte { return c.pending }

// Captured is the capture buffer's current content, valid until the next Feed.
func (c *Capture) Captured() []byte { return c.buf }

// ClearBuffer empties the capture buffer, as clearProcessLogs does to the
// reference's capture log (PROC-CLOG-012). Capture mode itself is unchanged.
func (c *Capture) ClearBuffer() { c.buf = nil }

// Feed processes one chunk read from the channel and returns the steps, in
// order. The returned slice is valid until the next call.
func (c *Capture) Feed(data []byte) []CaptureOutput {
	c.out = c.out[:0]
	if c.maxBytes <= 0 {
		c.log(data)
		return c.out
	}
	c.pending = append(c.pending, data...)
	start := 0 // c.pending[start:] is still to be examined
	for {
		token := BeginToken
		if c.capturing {
			token = EndToken
		}
		rest := c.pending[start:]
		if len(rest) <= len(token) {
			break // not enough data to decide
		}
		i := bytes.Index(rest, []byte(token))
		if i < 0 {
			keep := prefixAtEnd(rest, token)
			c.log(rest[:len(rest)-keep])
			start += len(rest) - keep
			break
		}
		c.log(rest[:i])
		c.toggle()
		start += i + len(token)
	}
	c.pending = append(c.pending[:0], c.pending[start:]...)
	if len(c.pending) == 0 {
		c.pending = nil
	}
	return c.out
}

// log is the reference's _log for one segment: nothing for empty input.
func (c *Capture) log(seg []byte) {
	if len(seg) == 0 {
		return
	}
	d := bytes.Clone(seg)
	if c.strip != nil {
		d = c.strip(d)
	}
	if c.capturing {
		c.bound(d)
	}
	c.out = append(c.out, CaptureOutput{Kind: CaptureLog, Data: d, Captured: c.capturing})
}

// bound appends b to the capture buffer (BoundIO.write).
func (c *Capture) bound(b []byte) {
	if len(c.buf)+len(b) > c.maxBytes {
		c.buf = c.buf[min(len(b), len(c.buf)):]
	}
	c.buf = append(c.buf, b...)
}

func (c *Capture) toggle() {
	c.capturing = !c.capturing
	if c.capturing {
		c.out = append(c.out, CaptureOutput{Kind: CaptureBegin})
		return
	}
	data := c.buf
	if data == nil {
		data = []byte{}
	}
	c.out = append(c.out, CaptureOutput{Kind: CaptureEnd, Data: data})
	c.buf = nil
}

// prefixAtEnd is the length of the longest proper prefix of token that p ends
// with (find_prefix_at_end), 0 if none.
func prefixAtEnd(p []byte, token string) int {
	for l := len(token) - 1; l > 0; l-- {
		if bytes.HasSuffix(p, []byte(token[:l])) {
			return l
		}
	}
	return 0
}
