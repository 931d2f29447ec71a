package logs

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"

	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
)

// autoNameChars are the characters of the random part of an AUTO log name:
// Python's tempfile._RandomNameSequence alphabet.
const autoNameChars = "abcdefghijklmnopqrstuvwxyz0123456789_"

// autoNameTries is how many names are tried before giving up: CPython's
// os.TMP_MAX on Linux (glibc), which mkstemp uses.
const autoNameTries = 238328

// AutoChildLogName creates the file for a stdout_logfile or stderr_logfile of
// AUTO (PROC-CLOG-002) and returns its absolute path:
// <dir>/<name>-<channel>---<identifier>-<8 random chars>.log, the random chars
// drawn from [a-z0-9_]. The file is created empty with mode 0600, exclusively
// (never reusing or following an existing name), like mkstemp; the caller
// creates it when the group is created and keeps the path for the life of
// that configuration.
//
// Reference: supervisor/options.py (get_autochildlog_name, mktempfile),
// Python's tempfile.mkstemp.
func AutoChildLogName(dir, name, channel, identifier string) (string, error) {
	prefix := fmt.Sprintf("%s-%s---%s-", name, channel, identifier)
	var rnd [8]byte
	for range autoNameTries {
		for i := range rnd {
			rnd[i] = autoNameChars[rand.IntN(len(autoNameChars))]
		}
		path := pyJoin(dir, prefix+string(rnd[:])+".log")
		fd, err := syscall.Open(path, syscall.O_RDWR|syscall.O_CREAT|syscall.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o600)
		if err == syscall.EEXIST {
			continue
		}
		if err != nil {
			return "", &fs.PathError{Op: "open", Path: path, Err: err}
		}
		// Closed at once, as the reference closes mkstemp's descriptor: the
		// log opens the file at each spawn.
		syscall.Close(fd)
		return filepath.Abs(path)
	}
	return "", &fs.PathError{Op: "create AUTO log", Path: pyJoin(dir, prefix+"*.log"), Err: fs.ErrExist}
}

// pyJoin is Python's os.path.join for one name: no cleaning, one separator.
func pyJoin(dir, name string) string {
	if dir == "" || strings.HasSuffix(dir, "/") {
		return dir + name
	}
	return dir + "/" + name
}

// pyNotSpace is Python's \S for str patterns: not a Unicode whitespace
// character (str.isspace). Go's \S is ASCII-only and misses \v, \x1c-\x1f and
// the Unicode spaces.
const pyNotSpace = `[^\t\n\v\f\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]`

// AutoChildLogPattern is the reference's pattern for AUTO log names of
// identifier, matched at the start of a file name only (PROC-CLOG-004):
// `.+?---<identifier>-\S+\.log\.{0,1}\d{0,4}`. The identifier goes in
// unescaped, as in the reference, so its regexp characters act as such. The
// optional tail can match nothing, so a name matches when a prefix matches
// `.+?---<identifier>-\S+\.log`.
//
// Differs from the reference: the identifier is parsed as Go (RE2) syntax,
// not Python's; plain identifiers behave the same. One Python cannot compile
// is an error here, where the reference dies with a traceback.
func AutoChildLogPattern(identifier string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(`^.+?---` + identifier + `-` + pyNotSpace + `+\.log`)
	if err != nil {
		return nil, fmt.Errorf("AUTO log name pattern for identifier %s: %w", pyfmt.Repr(identifier), err)
	}
	return re, nil
}

// ClearAutoChildLogDir deletes the AUTO logs of earlier runs with the same
// identifier from dir: every file whose name AutoChildLogPattern matches
// (PROC-CLOG-004). supervisord calls it at every start and restart unless
// nocleanup is set; honouring nocleanup is the caller's test.
//
// Like the reference it logs rather than fails: WARN "Could not clear
// childlog dir" when dir cannot be listed, and WARN "Failed to clean up
// '<path>'" for each file it cannot delete (a directory, say), in directory
// order (PROC-MLOG-023). The only error is an identifier that does not
// compile as a pattern.
//
// Reference: supervisor/options.py (clear_autochildlogdir),
// supervisor/supervisord.py (main).
func ClearAutoChildLogDir(dir, identifier string, log *Logger) error {
	re, err := AutoChildLogPattern(identifier)
	if err != nil {
		return err
	}
	names, err := listDir(dir)
	if err != nil {
		log.Warn("Could not clear childlog dir")
		return nil
	}
	for _, name := range names {
		if !re.MatchString(name) {
			continue
		}
		path := pyJoin(dir, name)
		if err := unlink(path); err != nil {
			log.Warn("Failed to clean up " + pyfmt.Repr(path))
		}
	}
	return nil
}

// listDir is Python's os.listdir: names in directory order, not sorted.
func listDir(dir string) ([]string, error) {
	d, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.Readdirnames(-1)
}
