package logs

import "bytes"

// ansiTerminators end an escape sequence that StripANSI removes.
const ansiTerminators = "HfABCDRsuJKhlpm"

// StripANSI removes ANSI escape sequences from one chunk of child output, as
// strip_ansi=true asks (PROC-CLOG-009): from each ESC '[' up to and including
// the first byte of "HfABCDRsuJKhlpm" after it; an unterminated sequence runs
// to the end of the chunk. A sequence split across chunks is not recognised,
// just as in the reference, which strips per chunk. The result is never longer
// than p and is p itself when p has no "\x1b[".
//
// Stripping is not idempotent ("\x1b\x1b[m[m" becomes "\x1b[m"): strip each
// chunk exactly once, before it is logged, echoed or put in events.
//
// Reference: supervisor/dispatchers.py, stripEscapes (a byte scanner, not a
// regular expression).
func StripANSI(p []byte) []byte {
	i := bytes.Index(p, []byte("\x1b["))
	if i < 0 {
		return p
	}
	out := make([]byte, 0, len(p))
	for i >= 0 {
		out = append(out, p[:i]...)
		p = p[i+2:]
		end := bytes.IndexAny(p, ansiTerminators)
		if end < 0 {
			return out
		}
		p = p[end+1:]
		i = bytes.Index(p, []byte("\x1b["))
	}
	return append(out, p...)
}
