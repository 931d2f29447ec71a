// Package configparser reads supervisord.conf files exactly as supervisor
// 4.2.5 does on CPython 3.11: with configparser.RawConfigParser built with
// inline_comment_prefixes=(';', '#') and strict=False (supervisor/options.py,
// UnhosedConfigParser), no interpolation, and each file opened in text mode
// (UTF-8, universal newlines). The spec items are CFG-INI-001 to CFG-INI-009
// and CFG-INI-013.
//
// Callers are the configuration loader (core/config) and supervisorctl's
// option reading; what a section or option means is theirs. The package is
// pure, imports nothing else from the module but compat/pyfmt (for repr in
// error texts) and compat/pystr (str.strip, str.lower, str.isspace), and is
// judged against CPython, not against our design.
//
// Read is a port of the behaviour of RawConfigParser._read: inline comments
// start at a ';' or '#' at the start of a line or after a space character,
// found in CPython's rounds; full-line comments; continuation lines indented
// deeper than their option line, with blank lines kept inside a value and
// trailing ones dropped; section headers matched by \[(?P<header>.+)\] on the
// stripped line; option names lower-cased by str.lower(); every Unicode space
// that str.strip() and \s know; [DEFAULT] inherited by every section;
// duplicate sections merged and later values winning; all bad lines of a
// file collected into one ParsingError, while a MissingSectionHeaderError
// stops at once. Error texts are Python's str() of the exception.
//
// Why not gopkg.in/ini.v1, which go.mod already has: even with the closest
// LoadOptions (InsensitiveKeys, AllowPythonMultilineValues,
// SpaceBeforeInlineComment, IgnoreContinuation, PreserveSurroundedQuote) it
// reads supervisord.conf differently. It unquotes values in """ or `, keeps
// the indentation of continuation lines and treats equally indented option
// lines as continuations, rejects blank lines inside a value, misses comments
// after non-ASCII spaces, does not inherit [DEFAULT], resolves keys of [a.b]
// from [a], and stops at the first bad line with its own message.
// TestIniV1Divergence keeps these cases, CPython's values and ini.v1's, so
// the decision can be checked again.
//
// Differs from the reference: a file that is not valid UTF-8 makes Python die
// with a UnicodeDecodeError traceback at the first bad byte it decodes; Read
// checks the whole file first and returns a DecodeError naming the file. Set
// on a missing section adds it, where Python raises NoSectionError; and the
// accessors return nothing for a missing section, where Python raises.
//
// Reference: CPython 3.11 Lib/configparser.py (RawConfigParser._read,
// _join_multiline_values, options, items, get, has_option, set),
// Objects/unicodeobject.c (str.lower, str.strip, str.isspace);
// supervisor/options.py (UnhosedConfigParser, ServerOptions.read_config).
package configparser
