package pypath

import (
	"os"
	"os/user"
	"strconv"
	"strings"
	"syscall"
)

// Join joins path elements as os.path.join does: an element starting with '/'
// discards everything before it, and '/' is inserted between elements unless
// the path so far is empty or already ends in '/'. Nothing is cleaned, and an
// empty last element leaves a trailing '/'. Join() is "" (the reference needs
// at least one argument).
func Join(elem ...string) string {
	if len(elem) == 0 {
		return ""
	}
	p := elem[0]
	for _, e := range elem[1:] {
		switch {
		case strings.HasPrefix(e, "/"):
			p = e
		case p == "" || strings.HasSuffix(p, "/"):
			p += e
		default:
			p += "/" + e
		}
	}
	return p
}

// Normpath is os.path.normpath: it drops empty and "." components and folds
// "name/.." pairs, lexically. Unlike filepath.Clean it keeps exactly two
// leading slashes (POSIX leaves their meaning to the implementation), while
// three or more become one; ".." at the root is dropped; "" is ".".
func Normpath(p string) string {
	if p == "" {
		return "."
	}
	slashes := 0
	if strings.HasPrefix(p, "/") {
		slashes = 1
		if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
			slashes = 2
		}
	}
	var comps []string
	for _, c := range strings.Split(p, "/") {
		switch {
		case c == "" || c == ".":
		case c != "..":
			comps = append(comps, c)
		case len(comps) > 0 && comps[len(comps)-1] != "..":
			comps = comps[:len(comps)-1]
		case slashes == 0:
			comps = append(comps, c) // a relative path keeps leading ".."
		}
	}
	out := strings.Repeat("/", slashes) + strings.Join(comps, "/")
	if out == "" {
		return "."
	}
	return out
}

// Abspath is os.path.abspath: Normpath of p, joined first to the working
// directory if p is relative. The working directory is what getcwd(2)
// reports, as for os.getcwd, not $PWD (which os.Getwd prefers when it names
// the same directory through a symlink).
//
// Differs from the reference: where os.getcwd raises (the working directory
// was removed), Abspath falls back to os.Getwd and, failing that, leaves a
// relative p relative.
func Abspath(p string) string {
	if IsAbs(p) {
		return Normpath(p)
	}
	cwd, err := syscall.Getwd()
	if err != nil {
		if cwd, err = os.Getwd(); err != nil {
			return Normpath(p)
		}
	}
	return Normpath(Join(cwd, p))
}

// split is os.path.split: head is everything before the last '/', with
// trailing slashes removed unless it is all slashes; tail is the rest.
func split(p string) (head, tail string) {
	i := strings.LastIndexByte(p, '/') + 1
	head, tail = p[:i], p[i:]
	if strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head, tail
}

// Dirname is os.path.dirname: everything before the last '/', without
// trailing slashes unless that leaves nothing ("/a" → "/", "//a" → "//",
// "a" → "", "a/" → "a").
func Dirname(p string) string {
	head, _ := split(p)
	return head
}

// Basename is os.path.basename: everything after the last '/' ("a/" → "").
func Basename(p string) string {
	return p[strings.LastIndexByte(p, '/')+1:]
}

// IsAbs is os.path.isabs: p starts with '/'.
func IsAbs(p string) bool {
	return strings.HasPrefix(p, "/")
}

// Expanduser is os.path.expanduser. A leading "~" up to the first '/' (or the
// end) is replaced by a home directory with its trailing slashes removed: for
// a bare "~", $HOME when it is set, even to "", else the passwd entry of the
// real user ID; for "~name", name's passwd entry. If that entry does not
// exist p is returned unchanged. An empty result becomes "/".
//
// Differs from the reference: a name containing a NUL byte makes CPython
// raise ValueError; Expanduser returns p unchanged.
func Expanduser(p string) string {
	if !strings.HasPrefix(p, "~") {
		return p
	}
	i := strings.IndexByte(p[1:], '/') + 1
	if i == 0 {
		i = len(p)
	}
	var home string
	if i == 1 {
		h, ok := os.LookupEnv("HOME")
		if !ok {
			u, err := user.LookupId(strconv.Itoa(os.Getuid()))
			if err != nil {
				return p
			}
			h = u.HomeDir
		}
		home = h
	} else {
		name := p[1:i]
		if strings.IndexByte(name, 0) >= 0 {
			return p
		}
		u, err := user.Lookup(name)
		if err != nil {
			return p
		}
		home = u.HomeDir
	}
	out := strings.TrimRight(home, "/") + p[i:]
	if out == "" {
		return "/"
	}
	return out
}
