package spawn

import (
	"errors"
	"strconv"
	"syscall"
)

// Sentinels for errors.Is, one per exception class the reference raises before
// or during fork (supervisor/process.py: BadCommand, NotFound, NotExecutable,
// NoPermission; the OSError branches of Subprocess.spawn). All of them leave
// the process without a child: the loop records the text as spawnerr and
// moves STARTING → BACKOFF.
var (
	ErrBadCommand    = errors.New("bad command")    // PROC-ERR-001, PROC-ERR-002
	ErrNotFound      = errors.New("not found")      // PROC-ERR-003
	ErrNotExecutable = errors.New("not executable") // PROC-ERR-004, PROC-ERR-005
	ErrNoPermission  = errors.New("no permission")  // PROC-ERR-006
	ErrPipes         = errors.New("making pipes")   // PROC-ERR-007
	ErrFork          = errors.New("fork")           // PROC-ERR-008
)

// SpawnError is a spawn that failed before a child existed. Error() is the
// reference's spawnerr text, unwrapped (STYLE.md §5), e.g.
// "can't find command 'foo'". Kind is one of the Err sentinels; Err is the
// underlying system error, if any.
type SpawnError struct {
	Kind error
	Text string
	Err  error
}

func (e *SpawnError) Error() string { return e.Text }

// Unwrap exposes the underlying system error (a syscall.Errno) when there is one.
func (e *SpawnError) Unwrap() error { return e.Err }

// Is matches the Kind sentinel.
func (e *SpawnError) Is(target error) bool { return target == e.Kind }

// ErrnoName is Python's errno.errorcode.get(code, code): "ENOENT" for
// syscall.ENOENT, the bare number for one Python does not name. The reference
// prints it in spawnerr texts and in the child's "supervisor:" lines.
func ErrnoName(errno syscall.Errno) string {
	if n, ok := errnoNames[int(errno)]; ok {
		return n
	}
	return strconv.Itoa(int(errno))
}

// OSErrorText is str(OSError(errno, strerror)) as CPython prints it:
// "[Errno 3] No such process". The reference logs it, e.g. when kill() fails
// with ESRCH ("unable to signal x (pid 42), it probably just exited on its
// own: [Errno 3] No such process").
func OSErrorText(errno syscall.Errno) string {
	text, ok := errnoTexts[int(errno)]
	if !ok {
		text = "Unknown error " + strconv.Itoa(int(errno))
	}
	return "[Errno " + strconv.Itoa(int(errno)) + "] " + text
}

// errnoOf extracts the errno of err, or 0.
func errnoOf(err error) syscall.Errno {
	var en syscall.Errno
	if errors.As(err, &en) {
		return en
	}
	return 0
}

// errnoText names err's errno the way the reference does, falling back to
// err's own text for an error that carries no errno.
func errnoText(err error) string {
	if en := errnoOf(err); en != 0 {
		return ErrnoName(en)
	}
	return err.Error()
}
