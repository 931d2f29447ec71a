// Package pyfmt reproduces, byte for byte, the CPython formatting that
// supervisor's output and error texts depend on: repr() of str and bytes, and
// the printf-style "format % mapping" operator used for %(here)s-style
// expansions in configuration values (spec CFG-EXP-001).
//
// It is pure and imports nothing else from the module; it is judged against
// CPython 3.11, not against our design. Configuration values are hostile input:
// no input panics, and no width or precision allocates without bound.
//
// Reference: CPython Objects/unicodeobject.c (unicode_repr, PyUnicode_Format),
// Objects/bytesobject.c (bytes_repr), Objects/dictobject.c (dict_repr),
// Python/formatter_unicode.c and Python/pystrtod.c for number formatting.
package pyfmt
