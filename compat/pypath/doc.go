// Package pypath reproduces, on POSIX, the CPython 3.11 path functions that
// supervisord's [include] section relies on (spec CFG-INC-001, CFG-INC-002):
// glob.glob, fnmatch.fnmatchcase and the os.path functions join, normpath,
// abspath, dirname, basename, expanduser and isabs.
//
// The standard library's path/filepath is close but not the same: its Glob
// lets '*' match dot-files, takes '\' as an escape, spells negation [^...] and
// fails on an unclosed '['; its Clean drops the leading "//" that POSIX (and
// normpath) keep; it has no expanduser. Here every function follows the
// reference, quirks included, and is tested against /usr/bin/python3.
//
// Strings are byte strings, as file names are. Where CPython works on code
// points, bytes that are not valid UTF-8 count one by one, as the
// surrogateescape handler decodes them (byte 0xNN is U+DCNN); the result is the
// same as CPython's under a UTF-8 file system encoding.
//
// It is pure and imports nothing else from the module; it is judged against
// CPython 3.11, not against our design. Patterns are hostile input: nothing
// panics, and matching takes time linear in len(name)*len(pattern).
//
// Reference: CPython Lib/glob.py, Lib/fnmatch.py (translate) with the class
// syntax of Lib/re/_parser.py, Lib/posixpath.py (whose normpath is
// _Py_normpath in Python/fileutils.c when the C version is available).
package pypath
