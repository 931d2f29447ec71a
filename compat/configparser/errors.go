package configparser

import (
	"fmt"
	"strings"

	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
)

// ParsingError is configparser.ParsingError: every line of one file that is
// neither a section header, an option, a continuation, a comment nor blank.
// Python collects them all and raises at the end of the file (spec CFG-INI-006).
type ParsingError struct {
	Source string      // the file name given to Read
	Lines  []ErrorLine // in file order
}

// ErrorLine is one rejected line: its 1-based number and its raw text,
// comment and line end included.
type ErrorLine struct {
	Number int
	Text   string
}

// Error returns Python's str(): "Source contains parsing errors: '<file>'"
// and one "\n\t[line %2d]: <repr of the line>" per line.
func (e *ParsingError) Error() string {
	var b strings.Builder
	b.WriteString("Source contains parsing errors: ")
	b.WriteString(pyfmt.Repr(e.Source))
	for _, l := range e.Lines {
		fmt.Fprintf(&b, "\n\t[line %2d]: %s", l.Number, pyfmt.Repr(l.Text))
	}
	return b.String()
}

// MissingSectionHeaderError is configparser.MissingSectionHeaderError: a
// line that is not blank or a comment comes before the first section header
// of a file. Python raises it at once (spec CFG-INI-007).
type MissingSectionHeaderError struct {
	Source string // the file name given to Read
	Line   int    // 1-based
	Text   string // the raw line, comment and line end included
}

// Error returns Python's str(), three lines:
// "File contains no section headers.\nfile: '<file>', line: N\n'<line>'".
func (e *MissingSectionHeaderError) Error() string {
	return fmt.Sprintf("File contains no section headers.\nfile: %s, line: %d\n%s",
		pyfmt.Repr(e.Source), e.Line, pyfmt.Repr(e.Text))
}

// DecodeError reports a file that is not valid UTF-8.
//
// Differs from the reference: Python decodes the file as it reads it and dies
// with a UnicodeDecodeError traceback at the first bad byte; we check the
// whole file before parsing and return this error, which names the file.
type DecodeError struct {
	Source string // the file name given to Read
	Offset int    // of the first byte that is not valid UTF-8
	Byte   byte
}

// Error returns "could not decode '<file>' as UTF-8: invalid byte 0xNN at offset N".
func (e *DecodeError) Error() string {
	return fmt.Sprintf("could not decode %s as UTF-8: invalid byte 0x%02x at offset %d",
		pyfmt.Repr(e.Source), e.Byte, e.Offset)
}
