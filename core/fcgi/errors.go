package fcgi

import (
	"errors"
	"strconv"
	"syscall"

	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
)

// OSError is a failed system call, printed as Python prints its OSError:
// "[Errno 98] Address already in use", with ": '<filename>'" when the call
// named a file, or the bare text when there is no errno ("AF_UNIX path too
// long"). Name lookups use negative codes, as socket.gaierror does.
type OSError struct {
	Code     int // errno, or a getaddrinfo code (< 0); 0 for none
	Text     string
	Filename string // "" when the call names no file
}

func (e *OSError) Error() string {
	if e.Code == 0 {
		return e.Text
	}
	s := "[Errno " + strconv.Itoa(e.Code) + "] " + e.Text
	if e.Filename != "" {
		s += ": " + pyfmt.Repr(e.Filename)
	}
	return s
}

// Unwrap gives the errno, for errors.Is(err, syscall.EADDRINUSE).
func (e *OSError) Unwrap() error {
	if e.Code > 0 {
		return syscall.Errno(e.Code)
	}
	return nil
}

// osError turns a system call's error into an OSError.
func osError(err error, filename string) error {
	var en syscall.Errno
	if !errors.As(err, &en) {
		return err
	}
	return &OSError{Code: int(en), Text: strerror(en), Filename: filename}
}

// strerror is the C library's text: Go's, capitalised, which is the same for
// every errno a socket's creation can meet.
func strerror(en syscall.Errno) string {
	s := en.Error()
	if s != "" && 'a' <= s[0] && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// OwnerError is a failed chown of a unix socket's file (FCGI-SOCK-005).
type OwnerError struct{ Err error }

func (e *OwnerError) Error() string {
	return "Could not change ownership of socket file: " + e.Err.Error()
}

func (e *OwnerError) Unwrap() error { return e.Err }

// ModeError is a failed chmod of a unix socket's file (FCGI-SOCK-005).
type ModeError struct{ Err error }

func (e *ModeError) Error() string {
	return "Could not change permissions of socket file: " + e.Err.Error()
}

func (e *ModeError) Unwrap() error { return e.Err }

// CreateError is a socket that could not be created when its group was built
// (FCGI-SOCK-002): "Could not create FastCGI socket <url>: <error>". The
// reference lets it escape as a traceback (exit 1 at startup, HTTP 500 from
// addProcessGroup); the caller decides how to report it.
type CreateError struct {
	URL string
	Err error
}

func (e *CreateError) Error() string {
	return "Could not create FastCGI socket " + e.URL + ": " + e.Err.Error()
}

func (e *CreateError) Unwrap() error { return e.Err }
