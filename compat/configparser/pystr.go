package configparser

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isSpace is Python's str.isspace() for one character, which is also what
// str.strip() removes and what \s and \S mean in a str pattern: Go's White_Space
// set plus the information separators U+001C..U+001F (bidirectional class B or
// S in Python's rule).
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || 0x1c <= r && r <= 0x1f
}

// strip is Python's str.strip() without arguments.
func strip(s string) string { return strings.TrimFunc(s, isSpace) }

// rstrip is Python's str.rstrip() without arguments.
func rstrip(s string) string { return strings.TrimRightFunc(s, isSpace) }

// indent is the index, in characters, of the first character of line that
// is not a space (configparser's NONSPACECRE.search(line).start()), or 0.
func indent(line string) int {
	n := 0
	for _, r := range line {
		if !isSpace(r) {
			return n
		}
		n++
	}
	return 0
}

// lower is Python's str.lower(), the default optionxform: the full lower-case
// mapping, which differs from Go's simple one only for U+0130 (to "i̇"), and
// the final-sigma rule for U+03A3.
func lower(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	rs := []rune(s) // invalid UTF-8 cannot occur: Read rejects it
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range rs {
		switch r {
		case 0x130:
			b.WriteString("i\u0307")
		case 0x3a3:
			if finalSigma(rs, i) {
				b.WriteRune(0x3c2)
			} else {
				b.WriteRune(0x3c3)
			}
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// finalSigma reports whether the capital sigma at rs[i] ends a word: a cased
// character comes before it and none after it, case-ignorable characters
// skipped both ways (CPython's handle_capital_sigma).
func finalSigma(rs []rune, i int) bool {
	j := i - 1
	for j >= 0 && unicode.Is(pyCaseIgnorable, rs[j]) {
		j--
	}
	if j < 0 || !unicode.Is(pyCased, rs[j]) {
		return false
	}
	j = i + 1
	for j < len(rs) && unicode.Is(pyCaseIgnorable, rs[j]) {
		j++
	}
	return j == len(rs) || !unicode.Is(pyCased, rs[j])
}
