package logs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// Errors of the log RPCs. Their text is the reference's fault name
// (supervisor/xmlrpc.py, Faults), so rpc maps them with errors.Is and sends
// err.Error() as the fault string.
var (
	// ErrNoFile is fault NO_FILE (code 10): no log file at the path.
	// ReadLog wraps it as "NO_FILE: <path>".
	ErrNoFile = errors.New("NO_FILE")
	// ErrFailed is fault FAILED (code 30): the file exists but could not be
	// opened, read or removed. The reference gives no detail, nor do we.
	ErrFailed = errors.New("FAILED")
	// ErrBadArguments is fault BAD_ARGUMENTS (code 3): a negative length, or
	// a negative offset with a non-zero length.
	ErrBadArguments = errors.New("BAD_ARGUMENTS")
)

// ReadLog returns bytes of the log at path for readLog and
// readProcessStdoutLog/readProcessStderrLog (RPC-SUP-006, RPC-SUP-025):
//
//   - offset < 0: length must be 0; the last -offset bytes (the whole file if
//     it is shorter);
//   - offset ≥ 0: length must not be negative; length 0 reads to the end,
//     otherwise up to length bytes; an offset past the end gives no bytes.
//
// Errors, in the reference's order: "NO_FILE: <path>" when nothing exists at
// path (ErrNoFile); ErrFailed when it cannot be opened or read (a directory,
// no permission); only then ErrBadArguments. The bytes are returned as read:
// the rpc layer must reject data that is not UTF-8 as the reference does
// (RPC-XML-004, HTTP 500).
//
// Reference: supervisor/options.py (readFile), supervisor/rpcinterface.py
// (readLog, _readProcessLog).
func ReadLog(path string, offset, length int64) ([]byte, error) {
	if !exists(path) {
		return nil, fmt.Errorf("%w: %s", ErrNoFile, path)
	}
	f, err := openForReading(path)
	if err != nil {
		return nil, ErrFailed
	}
	defer f.Close()
	var from, limit int64 // limit < 0: to the end
	switch {
	case offset < 0:
		if length != 0 {
			return nil, ErrBadArguments
		}
		size, err := f.Seek(0, io.SeekEnd)
		if err != nil {
			return nil, ErrFailed
		}
		from, limit = max(size+offset, 0), -offset
	case length < 0:
		return nil, ErrBadArguments
	case length == 0:
		from, limit = offset, -1
	default:
		from, limit = offset, length
	}
	data, err := readAt(f, from, limit)
	if err != nil {
		return nil, ErrFailed
	}
	return data, nil
}

// openForReading is Python's open(path, 'rb'), which refuses directories
// (os.Open does not).
func openForReading(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || fi.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: path, Err: syscall.EISDIR}
	}
	return f, nil
}

// readAt reads from offset up to limit bytes (limit < 0: to the end) without
// allocating more than the file holds, however large limit is.
func readAt(f *os.File, offset, limit int64) ([]byte, error) {
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, err
	}
	var r io.Reader = f
	if limit >= 0 {
		r = io.LimitReader(f, limit)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return data, nil
}

// Tail is the result of TailLog: tailProcessStdoutLog's
// [bytes, offset, overflow] (RPC-SUP-026).
type Tail struct {
	Data     []byte
	Offset   int64 // where the next tail should start: the file size
	Overflow bool  // the log grew past offset+length; bytes were skipped
}

// TailLog reads up to length bytes of the log at path for
// tailProcessStdoutLog/tailProcessStderrLog (RPC-SUP-026). With sz the file
// size: if sz > offset+length, overflow is set and offset becomes sz-1; then if
// offset+length > sz, offset becomes sz-length (length 0 when offset was past
// the end); negative offsets and lengths clamp to 0; the bytes at
// [offset, offset+length) are returned with sz as the next offset.
//
// It never fails: a missing file gives {"", 0, false}, and a file that cannot
// be opened or read gives no bytes and the offset reached so far (the
// caller's, unless the failure came after the arithmetic), as in the
// reference. As with ReadLog, rejecting non-UTF-8 data is the rpc layer's job.
//
// Reference: supervisor/options.py (tailFile), supervisor/rpcinterface.py
// (_tailProcessLog).
func TailLog(path string, offset, length int64) Tail {
	if !exists(path) {
		return Tail{}
	}
	f, err := openForReading(path)
	if err != nil {
		return Tail{Offset: offset}
	}
	defer f.Close()
	sz, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return Tail{Offset: offset}
	}
	overflow := false
	if sz > offset+length {
		overflow = true
		offset = sz - 1
	}
	if offset+length > sz {
		if offset > sz-1 {
			length = 0
		}
		offset = sz - length
	}
	offset, length = max(offset, 0), max(length, 0)
	var data []byte
	if length > 0 {
		data, err = readAt(f, offset, length)
		if err != nil {
			return Tail{Offset: offset}
		}
	}
	return Tail{Data: data, Offset: sz, Overflow: overflow}
}
