package rpc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
)

// Errors of [Request.Body]; [Response.FailBody] answers each one.
var (
	// ErrLengthRequired: no Content-Length header, or an empty one.
	ErrLengthRequired = errors.New("rpc: request body: Content-Length required")
	// ErrBadLength: a Content-Length that is not a count of bytes.
	ErrBadLength = errors.New("rpc: request body: bad Content-Length")
	// ErrBodyTooLarge: a Content-Length above Server.MaxBodyBytes.
	ErrBodyTooLarge = errors.New("rpc: request body too large")
	// ErrBodyIncomplete: the connection ended, failed or timed out before
	// Content-Length bytes arrived.
	ErrBodyIncomplete = errors.New("rpc: request body incomplete")
	// ErrBodyNotUTF8: the body is not UTF-8, which the reference decodes it as.
	ErrBodyNotUTF8 = errors.New("rpc: request body is not UTF-8")
)

// lengthError is an unusable Content-Length. py is the ValueError the
// reference's int() raises for it, "" when int() accepts it (a negative
// number).
type lengthError struct{ value, py string }

func (e *lengthError) Error() string {
	return fmt.Sprintf("%v %s", ErrBadLength, pyfmt.Repr(e.value))
}

func (e *lengthError) Unwrap() error { return ErrBadLength }

// Body reads the request's body as the reference's collector does for
// XML-RPC and web UI POSTs (RPC-HTTP-009): exactly Content-Length bytes,
// which must be UTF-8; the bytes after them are the next request. It reads
// at most once; later calls return the first result. A failed read is
// answered with [Response.FailBody].
//
// Differs from the reference: a body over Server.MaxBodyBytes is refused
// (the reference takes any size), and so is a negative Content-Length (the
// reference then swallows whatever arrives next but its last byte). A
// Content-Length of 0 is an empty body, where the reference's reader treats
// the zero as "no limit" and never finishes the request.
func (r *Request) Body() ([]byte, error) {
	if !r.bodyRead {
		r.bodyRead = true
		r.body, r.bodyErr = r.readBody()
	}
	return r.body, r.bodyErr
}

// skipBody reads and drops a body no handler read (a 401, a 404, a GET
// with a body), so that the client can finish sending it and the next
// request on the connection starts where it should. False when it cannot
// be skipped (no usable length, too large, the connection failed): the
// connection is then closed.
func (r *Request) skipBody() bool {
	if r.bodyRead {
		return true // the handler read it, or answered why not (FailBody)
	}
	r.bodyRead = true
	cl, _ := r.GetHeader("content-length")
	if cl == "" {
		return true // nothing declared, nothing to skip
	}
	n, err := parseLength(cl)
	if err != nil || n > r.conn.s.MaxBodyBytes {
		r.bodyErr = ErrBadLength
		return false
	}
	_ = r.conn.c.SetReadDeadline(time.Now().Add(r.conn.s.ReadTimeout))
	if _, err := io.CopyN(io.Discard, r.conn.br, n); err != nil {
		r.bodyErr = ErrBodyIncomplete
		return false
	}
	return true
}

func (r *Request) readBody() ([]byte, error) {
	cl, _ := r.GetHeader("content-length")
	if cl == "" {
		return nil, ErrLengthRequired
	}
	n, err := parseLength(cl)
	if err != nil {
		return nil, err
	}
	s := r.conn.s
	if n > s.MaxBodyBytes {
		return nil, fmt.Errorf("%w: Content-Length %s exceeds the limit of %d bytes", ErrBodyTooLarge, cl, s.MaxBodyBytes)
	}
	// The buffer grows with what arrives, so a large Content-Length alone
	// costs nothing.
	var buf bytes.Buffer
	buf.Grow(int(min(n, 64<<10)))
	_ = r.conn.c.SetReadDeadline(time.Now().Add(s.ReadTimeout))
	if got, err := io.CopyN(&buf, r.conn.br, n); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("%w: got %d of %d bytes: %v", ErrBodyIncomplete, got, n, err)
	}
	if !utf8.Valid(buf.Bytes()) {
		return nil, ErrBodyNotUTF8
	}
	return buf.Bytes(), nil
}

// parseLength is Python's int(cl) as the collector calls it: surrounding
// white space (ASCII " \t\n\v\f\r" and Unicode spaces, which is exactly
// unicode.IsSpace), a sign, ASCII digits with single underscores between
// them. A value beyond int64 saturates (it is too large anyway).
func parseLength(cl string) (int64, error) {
	s := strings.TrimFunc(cl, unicode.IsSpace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var n int64
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' && i > 0 && i+1 < len(s) && s[i-1] != '_' && s[i+1] != '_' {
			continue
		}
		if c < '0' || c > '9' {
			digits = 0
			break
		}
		digits++
		if n > (math.MaxInt64-9)/10 {
			n = math.MaxInt64
		} else {
			n = n*10 + int64(c-'0')
		}
	}
	if digits == 0 {
		return 0, &lengthError{value: cl, py: "invalid literal for int() with base 10: " + pyfmt.Repr(cl)}
	}
	if neg && n != 0 {
		return 0, &lengthError{value: cl}
	}
	return n, nil
}

// FailBody answers a request whose [Request.Body] failed, as the reference
// does (RPC-HTTP-009): 411 without a Content-Length and 500 for one that is
// no number (logged as the reference's ValueError); either way the body, if
// any, is read as the next request. A body over the limit gets 413 and the
// connection is closed unread. An incomplete body or one that is not UTF-8
// gets no answer: the connection is closed, as the reference closes it when
// the client gives up or when decoding fails.
func (w *Response) FailBody(err error) {
	var le *lengthError
	switch {
	case errors.Is(err, ErrLengthRequired):
		w.Error(411)
	case errors.As(err, &le):
		if le.py != "" {
			logMedusa(w.conn.s.Logger, "Server Error: <class 'ValueError'>, "+le.py)
		}
		w.Error(500)
	case errors.Is(err, ErrBodyTooLarge):
		w.Error(413)
		w.keep = false
	default:
		w.Drop()
	}
}

// Drop ends the request without an answer and closes the connection, as the
// reference does when a request fails outside any handler.
func (w *Response) Drop() {
	w.done, w.keep = true, false
}
