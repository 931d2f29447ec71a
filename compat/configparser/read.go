package configparser

import (
	"strings"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// reader is the state of one Read: a port of RawConfigParser._read as
// supervisor configures it (inline_comment_prefixes=(';', '#'), strict=False,
// empty_lines_in_values=True, allow_no_value=False, delimiters '=' and ':').
type reader struct {
	p      *Parser
	source string

	cur     *section // nil before the first header
	option  string   // the option continuation lines extend; "" for none
	indent  int      // indent of the last header or option line, in characters
	errs    []ErrorLine
	touched []*section // sections with values pending a join
}

func (r *reader) read(text string) error {
	for n := 1; text != ""; n++ {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line = text[:i+1]
		}
		text = text[len(line):]
		if err := r.line(n, line); err != nil {
			return err
		}
	}
	r.join()
	if r.errs != nil {
		return &ParsingError{Source: r.source, Lines: r.errs}
	}
	return nil
}

// line handles one raw line, "\n" included unless it is the last.
func (r *reader) line(n int, line string) error {
	cut, comment := commentStart(line)
	value := pystr.Strip(line[:cut])
	if value == "" {
		// A blank line inside a value is kept as an empty line of it; a
		// comment line is dropped (spec CFG-INI-005). Neither ends the value.
		if !comment && r.cur != nil && r.option != "" {
			r.cur.lines[r.option] = append(r.cur.lines[r.option], "")
		}
		return nil
	}
	ind := indent(line)
	if r.cur != nil && r.option != "" && ind > r.indent {
		r.cur.lines[r.option] = append(r.cur.lines[r.option], value)
		return nil
	}
	r.indent = ind
	if name, ok := sectionHeader(value); ok {
		r.startSection(name)
		return nil
	}
	if r.cur == nil {
		return &MissingSectionHeaderError{Source: r.source, Line: n, Text: line}
	}
	d := strings.IndexAny(value, "=:")
	if d < 0 {
		// Python keeps going so that it can list every bad line; the
		// option continuation lines extend stays what it was.
		r.errs = append(r.errs, ErrorLine{Number: n, Text: line})
		return nil
	}
	name := pystr.RStrip(value[:d])
	if name == "" {
		// An error, but Python stores the value under "" all the same; with
		// no name, no line continues it.
		r.errs = append(r.errs, ErrorLine{Number: n, Text: line})
	}
	r.option = pystr.Lower(name)
	r.setLines(r.option, pystr.Strip(value[d+1:]))
	return nil
}

// startSection makes name the current section (spec CFG-INI-001, -008, -009).
func (r *reader) startSection(name string) {
	r.cur = r.p.section(name)
	r.option = ""
}

// setLines starts a new value for key in the current section.
func (r *reader) setLines(key, first string) {
	s := r.cur
	if s.lines == nil {
		s.lines = make(map[string][]string)
		r.touched = append(r.touched, s)
	}
	s.lines[key] = []string{first}
	s.set(key, "") // claims the key's place in the section's order
}

// join turns the pieces of each value read into its final text: joined with
// "\n", trailing blank lines (and other trailing space) removed.
func (r *reader) join() {
	for _, s := range r.touched {
		for k, pieces := range s.lines {
			s.values[k] = pystr.RStrip(strings.Join(pieces, "\n"))
		}
		s.lines = nil
	}
	r.touched = nil
}

// commentStart returns where the comment of line begins, or len(line) and
// false when it has none (spec CFG-INI-003, -004).
//
// An inline comment is a ';' or '#' at the start of the line or after a
// space character. Python looks for one in rounds: each round moves every
// prefix to its next occurrence and stops at the first round that finds a
// valid one, taking the leftmost valid occurrence of that round. So in
// "a;b ;c #d" the ' #' is found in the same round as the ';' of "a;b", and
// the value is "a;b ;c". A line whose stripped text starts with ';' or '#'
// is all comment.
func commentStart(line string) (int, bool) {
	if t := pystr.Strip(line); strings.HasPrefix(t, "#") || strings.HasPrefix(t, ";") {
		return 0, true
	}
	prefixes := [...]byte{';', '#'}
	var from [len(prefixes)]int // where each prefix's next search starts; -1: no more
	for {
		start, searching := -1, false
		for k, c := range prefixes {
			if from[k] < 0 {
				continue
			}
			i := strings.IndexByte(line[from[k]:], c)
			if i < 0 {
				from[k] = -1
				continue
			}
			i += from[k]
			from[k] = i + 1
			searching = true
			if r, _ := utf8.DecodeLastRuneInString(line[:i]); i == 0 || pystr.IsSpace(r) {
				if start < 0 || i < start {
					start = i
				}
			}
		}
		if start >= 0 {
			return start, true
		}
		if !searching {
			return len(line), false
		}
	}
}

// sectionHeader matches configparser's SECTCRE, \[(?P<header>.+)\], at the
// start of value: the header runs from the '[' to the last ']' that leaves it
// non-empty, and text after that ']' is ignored ("[a]b]c" is section "a]b").
func sectionHeader(value string) (string, bool) {
	if !strings.HasPrefix(value, "[") {
		return "", false
	}
	j := strings.LastIndexByte(value, ']')
	if j < 2 {
		return "", false
	}
	return value[1:j], true
}

// indent is the index, in characters, of the first character of line that
// is not a space (configparser's NONSPACECRE.search(line).start()), or 0.
func indent(line string) int {
	n := 0
	for _, r := range line {
		if !pystr.IsSpace(r) {
			return n
		}
		n++
	}
	return 0
}
