package logs

// CaptureBuffer holds one channel's capture-mode data between the begin and
// end tokens (PROC-CAP-002), bounded by *_capture_maxbytes the reference's
// way (PROC-CAP-005): when appending p would exceed the bound, the first
// len(p) bytes of the buffer are dropped (not just the excess), then p is
// appended whole. So the buffer can exceed the bound when p alone is larger.
// The zero value has a bound of 0. Not safe for concurrent use: the
// supervisor loop owns it.
//
// The token scanning belongs to the supervisor loop. For the log file to
// rotate where the reference's does, the loop passes each segment it logs
// to ChildLog.Write as its own call (the reference's _log per segment).
//
// Reference: supervisor/loggers.py (BoundIO), supervisor/dispatchers.py
// (record_output).
type CaptureBuffer struct {
	max int
	buf []byte
}

// NewCaptureBuffer returns an empty buffer bounded by maxBytes.
func NewCaptureBuffer(maxBytes int) *CaptureBuffer { return &CaptureBuffer{max: maxBytes} }

// Write appends p, dropping from the front as described on CaptureBuffer.
func (c *CaptureBuffer) Write(p []byte) {
	if len(c.buf)+len(p) > c.max {
		c.buf = c.buf[min(len(p), len(c.buf)):]
	}
	c.buf = append(c.buf, p...)
}

// Bytes is the captured data, valid until the next Write or Clear.
func (c *CaptureBuffer) Bytes() []byte { return c.buf }

// Clear empties the buffer (after the event is emitted, or clearProcessLogs).
func (c *CaptureBuffer) Clear() { c.buf = nil }
