package datatypes

import (
	"crypto/rand"
	"errors"
	"os"
	"os/user"
	"strings"
	"syscall"

	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// LogfileKind tells what a logfile value names (CFG-TYPE-008).
type LogfileKind int

const (
	LogfileNone   LogfileKind = iota // "none" or "off": no log (the reference's None)
	LogfileAuto                      // "auto": a file under childlogdir (datatypes.Automatic)
	LogfileSyslog                    // "syslog": deprecated syslog (datatypes.Syslog)
	LogfilePath                      // Path names a file
)

// String returns the reference's spelling of the kind.
func (k LogfileKind) String() string {
	switch k {
	case LogfileNone:
		return "NONE"
	case LogfileAuto:
		return "AUTO"
	case LogfileSyslog:
		return "SYSLOG"
	case LogfilePath:
		return "PATH"
	}
	return "LogfileKind(" + itoa(int(k)) + ")"
}

// Logfile is a converted logfile value; Path is set for LogfilePath only.
type Logfile struct {
	Kind LogfileKind
	Path string
}

// LogfileName is datatypes.logfile_name (CFG-TYPE-008): none/off, auto and
// syslog in any case are special; anything else is ExistingDirpath's path.
func LogfileName(s string) (Logfile, error) {
	switch pystr.Lower(s) {
	case "none", "off":
		return Logfile{Kind: LogfileNone}, nil
	case "auto":
		return Logfile{Kind: LogfileAuto}, nil
	case "syslog":
		return Logfile{Kind: LogfileSyslog}, nil
	}
	p, err := ExistingDirpath(s)
	if err != nil {
		return Logfile{}, err
	}
	return Logfile{Kind: LogfilePath, Path: p}, nil
}

// ExistingDirectory is datatypes.existing_directory (CFG-TYPE-009): s with
// ~ expanded, if that is a directory; else "<s> is not an existing directory".
func ExistingDirectory(s string) (string, error) {
	nv, err := expandUser(s)
	if err != nil {
		return "", err
	}
	if isDir(nv) {
		return nv, nil
	}
	return "", errors.New(s + " is not an existing directory")
}

// ExistingDirpath is datatypes.existing_dirpath: s with ~ expanded, if it has
// no directory part or that directory exists; else "The directory named as
// part of the path <s> does not exist". Relative paths stay relative.
func ExistingDirpath(s string) (string, error) {
	nv, err := expandUser(s)
	if err != nil {
		return "", err
	}
	dir := pyDirname(nv)
	if dir == "" || isDir(dir) {
		return nv, nil
	}
	return "", errors.New("The directory named as part of the path " + s + " does not exist")
}

// isDir is os.path.isdir: stat follows links, any failure is false.
func isDir(p string) bool {
	if strings.IndexByte(p, 0) >= 0 {
		return false
	}
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// pyDirname is posixpath.dirname: everything before the last slash, with
// trailing slashes removed unless it is all slashes.
func pyDirname(p string) string {
	head := p[:strings.LastIndexByte(p, '/')+1]
	if head != "" && strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head
}

// ExpandUser is os.path.expanduser: a leading "~" is $HOME (or, if HOME is
// unset, the current user's passwd home), "~name" is name's home; a path
// whose user is unknown is returned unchanged.
func ExpandUser(path string) string {
	p, err := expandUser(path)
	if err != nil {
		return path
	}
	return p
}

// expandUser is ExpandUser with the one error the reference lets through:
// pwd.getpwnam's "embedded null byte" for "~na\x00me".
func expandUser(path string) (string, error) {
	if !strings.HasPrefix(path, "~") {
		return path, nil
	}
	i := strings.IndexByte(path[1:], '/') + 1
	if i == 0 {
		i = len(path)
	}
	var home string
	if i == 1 {
		if h, ok := os.LookupEnv("HOME"); ok {
			home = h
		} else {
			u, err := user.LookupId(itoa(os.Getuid()))
			if err != nil {
				return path, nil
			}
			home = u.HomeDir
		}
	} else {
		name := path[1:i]
		if strings.IndexByte(name, 0) >= 0 {
			return "", errNullByte
		}
		u, err := user.Lookup(name)
		if err != nil {
			return path, nil
		}
		home = u.HomeDir
	}
	if p := strings.TrimRight(home, "/") + path[i:]; p != "" {
		return p, nil
	}
	return "/", nil
}

// errNullByte is str() of the ValueError pwd and grp raise for a name with NUL.
var errNullByte = errors.New("embedded null byte")

// NormalizePath is options.normalize_path: normpath(abspath(expanduser(p))),
// with relative paths taken against the current directory.
func NormalizePath(path string) string {
	return pyNormpath(pyAbspath(ExpandUser(path)))
}

// pyAbspath is posixpath.abspath.
func pyAbspath(p string) string {
	if !strings.HasPrefix(p, "/") {
		cwd, _ := os.Getwd()
		p = pyJoin(cwd, p)
	}
	return pyNormpath(p)
}

// pyJoin is posixpath.join of two parts.
func pyJoin(a, b string) string {
	switch {
	case strings.HasPrefix(b, "/"):
		return b
	case a == "" || strings.HasSuffix(a, "/"):
		return a + b
	}
	return a + "/" + b
}

// pyNormpath is posixpath.normpath. Unlike filepath.Clean it keeps exactly
// two leading slashes, as POSIX allows.
func pyNormpath(p string) string {
	if p == "" {
		return "."
	}
	initial := ""
	switch {
	case strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///"):
		initial = "//"
	case strings.HasPrefix(p, "/"):
		initial = "/"
	}
	var comps []string
	for _, c := range strings.Split(p, "/") {
		switch {
		case c == "" || c == ".":
		case c != ".." || (initial == "" && len(comps) == 0) || (len(comps) > 0 && comps[len(comps)-1] == ".."):
			comps = append(comps, c)
		case len(comps) > 0:
			comps = comps[:len(comps)-1]
		}
	}
	if out := initial + strings.Join(comps, "/"); out != "" {
		return out
	}
	return "."
}

// TempDir is tempfile.gettempdir(), the default childlogdir (CFG-SD-012):
// the first of $TMPDIR, $TEMP, $TMP, /tmp, /var/tmp, /usr/tmp and the current
// directory in which a new file can be created, written and removed, made
// absolute. Like the reference it tries up to 100 fresh names in a directory
// while they exist already, and moves on after any other failure.
//
// Differs from the reference: gettempdir raises FileNotFoundError when no
// directory is usable; TempDir returns "". It also does not cache.
func TempDir() string {
	var dirs []string
	for _, env := range []string{"TMPDIR", "TEMP", "TMP"} {
		if d := os.Getenv(env); d != "" {
			dirs = append(dirs, d)
		}
	}
	dirs = append(dirs, "/tmp", "/var/tmp", "/usr/tmp")
	if cwd, err := os.Getwd(); err == nil {
		dirs = append(dirs, cwd)
	} else {
		dirs = append(dirs, ".")
	}
	for _, dir := range dirs {
		if dir != "." {
			dir = pyAbspath(dir)
		}
		if usableTempDir(dir) {
			return dir
		}
	}
	return ""
}

// usableTempDir is the probe of tempfile._get_default_tempdir.
func usableTempDir(dir string) bool {
	for range 100 {
		name := pyJoin(dir, randomTempName())
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return false
		}
		_, werr := f.Write([]byte("blat"))
		cerr := f.Close()
		rerr := os.Remove(name)
		return werr == nil && cerr == nil && rerr == nil
	}
	return false
}

// randomTempName is a name like tempfile's _RandomNameSequence gives.
func randomTempName() string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789_"
	var b [8]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = chars[int(b[i])%len(chars)]
	}
	return string(b[:])
}
