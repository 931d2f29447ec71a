// Package datatypes converts configuration and command-line values exactly as
// supervisord 4.2.5's supervisor/datatypes.py does: the same values accepted,
// the same results, and errors whose Error() is the text of the exception the
// reference raises (spec config.md, section 4, CFG-TYPE). A few helpers that
// supervisor/options.py and supervisor/loggers.py apply to the same values
// (signame, normalize_path, the level names, tempfile.gettempdir) live here too.
//
// core/config calls these while reading keys; core/logs and core/supervisor
// use LevelName and SignalName to print. Like all of compat, the package is
// judged against CPython 3.11 and imports nothing from the module but
// compat/pyfmt, compat/pystr and compat/shlex. It uses the standard library
// only.
//
// Python strings are Unicode: int() reads any decimal digit and str.strip()
// any Unicode space, as compat/pystr reproduces them from the reference
// interpreter's tables. Bytes of a value that are not valid UTF-8 are
// treated as the reference's surrogateescape decoding sees them.
//
// Reference: supervisor/datatypes.py.
package datatypes

import "github.com/gosupervisord/gosupervisord/compat/pyfmt"

// repr is Python's repr() of a str, as every %r in the reference's texts.
func repr(s string) string { return pyfmt.Repr(s) }
