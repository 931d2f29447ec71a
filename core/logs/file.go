package logs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"syscall"
)

// handle is what a File writes to: an *os.File, or a stand-in in tests.
type handle interface {
	io.Writer
	io.Seeker
	io.Closer
}

// openFunc opens a log file; os.OpenFile by default.
type openFunc func(name string, flag int, perm os.FileMode) (handle, error)

func osOpen(name string, flag int, perm os.FileMode) (handle, error) {
	f, err := os.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return osFile{f}, nil
}

// osFile is an *os.File whose Seek(0, io.SeekCurrent), asked after every
// record, is a raw lseek: it only reads the file offset and never blocks,
// so it skips the scheduler's bookkeeping for a system call that might.
type osFile struct{ *os.File }

func (f osFile) Seek(offset int64, whence int) (int64, error) {
	if offset != 0 || whence != io.SeekCurrent {
		return f.File.Seek(offset, whence)
	}
	raw, err := f.File.SyscallConn()
	if err != nil {
		return f.File.Seek(offset, whence)
	}
	var pos int64
	var errno syscall.Errno
	if err := raw.Control(func(fd uintptr) {
		r, _, e := syscall.RawSyscall(syscall.SYS_LSEEK, fd, 0, uintptr(io.SeekCurrent))
		pos, errno = int64(r), e
	}); err != nil {
		return 0, err
	}
	if errno != 0 {
		return 0, &fs.PathError{Op: "seek", Path: f.Name(), Err: errno}
	}
	return pos, nil
}

// Open flags of the reference's Python modes: 'ab' for every open and reopen,
// 'wb' for the fresh file after a rotation. New files get 0666 & ~umask.
const (
	appendFlags   = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	truncateFlags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
)

// File is a log file with the reference's RotatingFileHandler semantics
// (PROC-LOGF-003/004, PROC-CLOG-005). Each Write is one record: it is written
// whole, then, if MaxBytes > 0 and the file position is at least MaxBytes, the
// file is rotated: x.log.N-1 → x.log.N … x.log.1 → x.log.2, x.log → x.log.1
// (an existing destination is removed first), and a new, empty x.log is
// opened. A record is never split, so a file can exceed MaxBytes by up to one
// record. With Backups = 0 the rotation simply truncates x.log. MaxBytes = 0
// never rotates.
//
// A File is not safe for concurrent use. Create it with [OpenFile].
//
// Reference: supervisor/loggers.py (FileHandler, RotatingFileHandler).
type File struct {
	path     string
	maxBytes int64
	backups  int
	open     openFunc
	h        handle // nil while closed or after a failed reopen
	closed   bool   // Close was called; Write fails until Reopen
}

// OpenFile opens path for appending (creating it with mode 0666 & ~umask),
// rotating at maxBytes (0 = never) and keeping backups rotated files.
//
// Differs from the reference: Python falls back from append to write mode
// for paths such as /dev/stdout that cannot seek; Go's append mode needs no
// seek, so there is nothing to fall back from. Such paths still need
// maxBytes = 0 (the size check after each record needs a seekable file).
func OpenFile(path string, maxBytes int64, backups int) (*File, error) {
	return openFile(path, maxBytes, backups, osOpen)
}

func openFile(path string, maxBytes int64, backups int, open openFunc) (*File, error) {
	f := newFile(path, maxBytes, backups, open)
	h, err := open(path, appendFlags, 0o666)
	if err != nil {
		return nil, err // *fs.PathError already names the path
	}
	f.h = h
	return f, nil
}

// newFile is a File for path not yet open: its first Write opens it.
func newFile(path string, maxBytes int64, backups int, open openFunc) *File {
	return &File{path: path, maxBytes: maxBytes, backups: backups, open: open}
}

// swap makes h, a fresh open of the same path, the file written to, closing
// the one in use (whose close error it returns).
func (f *File) swap(h handle) error {
	err := f.closeHandle()
	f.h, f.closed = h, false
	return err
}

// Path is the file name given to OpenFile.
func (f *File) Path() string { return f.path }

// Write writes p as one record, then rotates if the file has reached
// MaxBytes. It returns len(p) once p is written, even if the rotation that
// follows fails (that error is returned too, and the rotation is tried again
// after the next record). After a failed Reopen, Write first tries to open the
// file again.
//
// Differs from the reference: after a failed rotation or reopen the reference
// is left with a closed stream and drops every later record; we keep writing
// to the old file (rotation) or reopen on the next record, so bytes keep
// landing.
func (f *File) Write(p []byte) (int, error) {
	if f.closed {
		return 0, fmt.Errorf("write log %s: %w", f.path, os.ErrClosed)
	}
	if f.h == nil {
		h, err := f.open(f.path, appendFlags, 0o666)
		if err != nil {
			return 0, fmt.Errorf("reopen log: %w", err)
		}
		f.h = h
	}
	n, err := f.h.Write(p)
	if err != nil {
		return n, fmt.Errorf("write log %s: %w", f.path, err)
	}
	return n, f.rotateIfFull()
}

// rotateIfFull is the reference's doRollover, run after every record.
func (f *File) rotateIfFull() error {
	if f.maxBytes <= 0 {
		return nil
	}
	// The reference asks the stream's tell(): in append mode that is the
	// end of the file, including anything others appended; after a rotation
	// (write mode) it is our own offset.
	pos, err := f.h.Seek(0, io.SeekCurrent)
	if err != nil {
		return fmt.Errorf("rotate log %s: %w", f.path, err)
	}
	if pos < f.maxBytes {
		return nil
	}
	if f.backups > 0 {
		for i := f.backups - 1; i > 0; i-- {
			src := f.backupName(i)
			if !exists(src) {
				continue
			}
			if err := removeAndRename(src, f.backupName(i+1)); err != nil {
				return fmt.Errorf("rotate log %s: %w", f.path, err)
			}
		}
		if err := removeAndRename(f.path, f.backupName(1)); err != nil {
			return fmt.Errorf("rotate log %s: %w", f.path, err)
		}
	}
	h, err := f.open(f.path, truncateFlags, 0o666)
	if err != nil {
		// The old descriptor stays: bytes keep landing (now in x.log.1).
		return fmt.Errorf("rotate log %s: %w", f.path, err)
	}
	old := f.h
	f.h = h
	if err := old.Close(); err != nil {
		return fmt.Errorf("rotate log %s: close old file: %w", f.path, err)
	}
	return nil
}

func (f *File) backupName(i int) string { return f.path + "." + strconv.Itoa(i) }

// removeAndRename moves src to dst, removing dst first when it exists. A
// destination or source that vanished meanwhile is not an error (a cleanup
// script may have removed the active log).
func removeAndRename(src, dst string) error {
	if exists(dst) {
		if err := unlink(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(src, dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// exists is Python's os.path.exists: false on any stat error.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// unlink is Python's os.remove: unlike os.Remove it never removes a directory.
func unlink(path string) error {
	if err := syscall.Unlink(path); err != nil {
		return &fs.PathError{Op: "remove", Path: path, Err: err}
	}
	return nil
}

// Reopen closes the file and opens the same path again for appending, as
// logrotate (SIGUSR2, PROC-MLOG-029) and clearLog ask. If the open fails, the
// next Write tries again.
func (f *File) Reopen() error {
	cerr := f.closeHandle()
	f.closed = false
	h, err := f.open(f.path, appendFlags, 0o666)
	if err != nil {
		return fmt.Errorf("reopen log: %w", err)
	}
	f.h = h
	if cerr != nil {
		return fmt.Errorf("reopen log %s: close: %w", f.path, cerr)
	}
	return nil
}

// Clear closes the file, deletes it (a missing file is fine) and opens a new
// empty one, as clearProcessLogs does for each child log (PROC-CLOG-012).
// Rotated backups are left alone, as in the reference. The new file is opened
// even when the deletion fails, so later records still land.
func (f *File) Clear() error {
	cerr := f.closeHandle()
	rerr := unlink(f.path)
	if errors.Is(rerr, fs.ErrNotExist) {
		rerr = nil
	}
	oerr := f.Reopen()
	return errors.Join(cerr, rerr, oerr)
}

// Close closes the file. Later Writes fail until Reopen.
func (f *File) Close() error {
	f.closed = true
	return f.closeHandle()
}

func (f *File) closeHandle() error {
	if f.h == nil {
		return nil
	}
	err := f.h.Close()
	f.h = nil
	return err
}
