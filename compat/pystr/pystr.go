// Package pystr reproduces the methods of CPython 3.11's str that the rest of
// compat leans on: str.isspace() (what str.strip() removes, what int() skips
// and what \s means in a str pattern), str.strip() and str.rstrip(),
// str.lower() with its final-sigma rule, the part of str.upper() that gives
// ASCII, and the decimal digits int() reads.
//
// The character classes come from the reference's interpreter (tables.go,
// written by testdata/gen_tables.py), not from Go's unicode package, whose
// Unicode version differs and which lacks the Cased and Case_Ignorable
// properties.
//
// A Go string stands for the str the reference decodes from the same bytes
// with surrogateescape, as supervisor reads its arguments and environment:
// a byte that is not part of valid UTF-8 is one character that is neither
// space nor digit, is neither cased nor case-ignorable, and is kept as it is.
//
// Callers are compat/configparser and compat/datatypes. Like all of compat,
// the package imports only the standard library.
//
// Reference: CPython 3.11 Objects/unicodeobject.c, Objects/unicodectype.c.
package pystr

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsSpace reports str.isspace() for the one character r: Go's White_Space
// set plus the information separators U+001C to U+001F.
func IsSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r' || 0x1c <= r && r <= 0x1f
	}
	return unicode.Is(spaceTable, r)
}

// DecimalValue returns the digit int() reads for r (unicodedata.decimal), or
// -1 when r is not a decimal digit (str.isdecimal() is false).
func DecimalValue(r rune) int {
	if '0' <= r && r <= '9' {
		return int(r - '0')
	}
	if r < utf8.RuneSelf {
		return -1
	}
	i := sort.Search(len(digitZeros), func(i int) bool { return digitZeros[i]+9 >= r })
	if i < len(digitZeros) && digitZeros[i] <= r {
		return int(r - digitZeros[i])
	}
	return -1
}

// DecodeRune is utf8.DecodeRuneInString that reports a byte that does not
// start valid UTF-8 as ok == false (a surrogateescape character) instead of
// as U+FFFD. size is 1 for such a byte and 0 for an empty s.
func DecodeRune(s string) (r rune, size int, ok bool) {
	r, size = utf8.DecodeRuneInString(s)
	return r, size, !(r == utf8.RuneError && size <= 1)
}

// decodeLastRune is DecodeRune from the end of s.
func decodeLastRune(s string) (r rune, size int, ok bool) {
	r, size = utf8.DecodeLastRuneInString(s)
	return r, size, !(r == utf8.RuneError && size <= 1)
}

// IsASCII is str.isascii().
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Strip is str.strip() with no argument: leading and trailing characters
// for which IsSpace is true removed.
func Strip(s string) string { return RStrip(LStrip(s)) }

// LStrip is str.lstrip() with no argument.
func LStrip(s string) string {
	for len(s) > 0 {
		r, size, ok := DecodeRune(s)
		if !ok || !IsSpace(r) {
			break
		}
		s = s[size:]
	}
	return s
}

// RStrip is str.rstrip() with no argument.
func RStrip(s string) string {
	for len(s) > 0 {
		r, size, ok := decodeLastRune(s)
		if !ok || !IsSpace(r) {
			break
		}
		s = s[:len(s)-size]
	}
	return s
}

// StripChars is str.strip(chars): leading and trailing characters that occur
// in chars removed. A byte of s that is not valid UTF-8 is removed only when
// chars holds the same lone byte.
func StripChars(s, chars string) string {
	for len(s) > 0 {
		_, size, _ := DecodeRune(s)
		if !containsChar(chars, s[:size]) {
			break
		}
		s = s[size:]
	}
	for len(s) > 0 {
		_, size, _ := decodeLastRune(s)
		if !containsChar(chars, s[len(s)-size:]) {
			break
		}
		s = s[:len(s)-size]
	}
	return s
}

// containsChar reports whether c, the encoding of one character as DecodeRune
// splits it, is one of the characters of chars.
func containsChar(chars, c string) bool {
	for len(chars) > 0 {
		_, size, _ := DecodeRune(chars)
		if chars[:size] == c {
			return true
		}
		chars = chars[size:]
	}
	return false
}

// Lower is str.lower(): the full lower-case mapping (U+0130 becomes "i̇"),
// and the final-sigma rule for U+03A3, which lower-cases to U+03C2 when a
// cased character precedes it and none follows, case-ignorable characters
// skipped both ways (handle_capital_sigma in Objects/unicodeobject.c).
func Lower(s string) string {
	if IsASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size, ok := DecodeRune(s[i:])
		switch {
		case !ok:
			b.WriteByte(s[i])
		case r == 0x3a3:
			if finalSigma(s[:i], s[i+size:]) {
				b.WriteRune(0x3c2)
			} else {
				b.WriteRune(0x3c3)
			}
		default:
			if lo, found := lowerRune(r); found {
				b.WriteString(lo)
			} else {
				b.WriteString(s[i : i+size])
			}
		}
		i += size
	}
	return b.String()
}

func lowerRune(r rune) (string, bool) {
	i := sort.Search(len(lowerTable), func(i int) bool { return lowerTable[i].r >= r })
	if i < len(lowerTable) && lowerTable[i].r == r {
		return lowerTable[i].s, true
	}
	return "", false
}

// finalSigma reports whether a capital sigma between before and after ends
// a word. A lone byte is neither cased nor case-ignorable.
func finalSigma(before, after string) bool {
	for {
		r, size, ok := decodeLastRune(before)
		if size == 0 || !ok {
			return false
		}
		if !unicode.Is(caseIgnorableTable, r) {
			if !unicode.Is(casedTable, r) {
				return false
			}
			break
		}
		before = before[:len(before)-size]
	}
	for {
		r, size, ok := DecodeRune(after)
		if size == 0 || !ok {
			return true
		}
		if !unicode.Is(caseIgnorableTable, r) {
			return !unicode.Is(casedTable, r)
		}
		after = after[size:]
	}
}

// UpperIfASCII returns str.upper() of s when that is all ASCII; ok is false
// otherwise. It serves callers that compare the result with ASCII names only.
func UpperIfASCII(s string) (up string, ok bool) {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size, valid := DecodeRune(s[i:])
		switch {
		case !valid:
			return "", false
		case 'a' <= r && r <= 'z':
			b.WriteByte(byte(r - 'a' + 'A'))
		case r < utf8.RuneSelf:
			b.WriteByte(byte(r))
		default:
			u, found := upperASCII[r]
			if !found {
				return "", false
			}
			b.WriteString(u)
		}
		i += size
	}
	return b.String(), true
}
