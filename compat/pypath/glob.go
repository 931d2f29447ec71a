package pypath

import (
	"os"
	"strings"
)

// Glob returns the paths matching pattern, as CPython's glob.glob(pattern)
// does with recursive=False and include_hidden=False:
//
//   - A pattern without '*', '?' or '[' is returned as is if the path exists
//     (lstat: a dangling symlink counts) or, when it ends in '/', if it names a
//     directory.
//   - Otherwise each component with those characters is matched with [Match]
//     against the entries of the directories matched so far; such components
//     before the last one match directories only (symlinks to directories
//     included). Components without them are only checked for existence
//     (lstat), so "*/x.conf/" needs x.conf to be a directory but "*/x.conf"
//     does not. "**" is just "*" (recursive=False).
//   - A component pattern not starting with '.' does not match names starting
//     with '.'; "." and ".." never come from a listing.
//   - A pattern ending in '/' matches directories, and its results keep the '/'.
//
// Results come in directory listing order, directory by directory, as
// os.scandir gives them: callers that want an order sort. Errors are
// swallowed as the reference swallows them: an unreadable or vanished
// directory contributes nothing. A nil result means no match.
//
// Differs from the reference: where CPython raises instead of matching
// (ValueError for a NUL byte in a directory it must list, RecursionError for a
// pattern of about a thousand components) Glob returns what it found.
func Glob(pattern string) []string {
	return glob(pattern, false)
}

// glob is _iglob: dironly asks for directories only, for components that
// more components follow.
func glob(pathname string, dironly bool) []string {
	dir, base := split(pathname)
	if !hasMagic(pathname) {
		if base != "" {
			if lexists(pathname) {
				return []string{pathname}
			}
		} else if isDir(dir) {
			return []string{pathname}
		}
		return nil
	}
	if dir == "" {
		return glob1("", base, dironly)
	}
	// dir == pathname cannot happen with magic on POSIX (split only returns
	// the whole path as head when it is all slashes); the check mirrors the
	// reference's guard against endless recursion.
	dirs := []string{dir}
	if dir != pathname && hasMagic(dir) {
		dirs = glob(dir, true)
	}
	inDir := glob0
	if hasMagic(base) {
		inDir = glob1
	}
	var out []string
	for _, d := range dirs {
		for _, name := range inDir(d, base, dironly) {
			out = append(out, Join(d, name))
		}
	}
	return out
}

// glob1 returns the names in dir that match the one-component pattern.
func glob1(dir, pattern string, dironly bool) []string {
	names := listDir(dir, dironly)
	hidden := strings.HasPrefix(pattern, ".")
	p := compilePattern(pattern)
	var out []string
	for _, name := range names {
		if !hidden && strings.HasPrefix(name, ".") {
			continue
		}
		if p.match(decode(name)) {
			out = append(out, name)
		}
	}
	return out
}

// glob0 checks a literal component: it returns [base] if dir/base exists, or
// [""] for an empty base (the pattern ended in '/') if dir is a directory.
func glob0(dir, base string, _ bool) []string {
	if base == "" {
		if isDir(dir) {
			return []string{""}
		}
		return nil
	}
	if lexists(joinNonEmpty(dir, base)) {
		return []string{base}
	}
	return nil
}

// listDir returns the entry names of dir ("" is the current directory) in
// listing order; with dironly, only those that are directories after
// following symlinks. An error ends the listing with what was read so far.
func listDir(dir string, dironly bool) []string {
	arg := dir
	if arg == "" {
		arg = "."
	}
	f, err := os.Open(arg)
	if err != nil {
		return nil
	}
	defer f.Close()
	entries, _ := f.ReadDir(-1) // listing order, unlike os.ReadDir
	var out []string
	for _, e := range entries {
		if dironly {
			isDirectory := e.IsDir()
			if e.Type()&os.ModeSymlink != 0 {
				fi, err := os.Stat(Join(arg, e.Name()))
				isDirectory = err == nil && fi.IsDir()
			}
			if !isDirectory {
				continue
			}
		}
		out = append(out, e.Name())
	}
	return out
}

// hasMagic reports whether s has a character that makes glob match rather
// than check for existence.
func hasMagic(s string) bool {
	return strings.ContainsAny(s, "*?[")
}

// joinNonEmpty is glob.py's _join: Join unless one side is empty.
func joinNonEmpty(dir, base string) string {
	if dir == "" || base == "" {
		return dir + base
	}
	return Join(dir, base)
}

func lexists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
