package datatypes

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// This file holds the few pieces of CPython's str that datatypes.py leans on:
// str.isspace() (int() and str.strip() use it), the decimal digits int()
// accepts, str.lower() and the part of str.upper() a signal name can reach.
// The tables come from the reference interpreter (unicode_table.go), not from
// Go's unicode package, whose Unicode version differs.
//
// Bytes that are not valid UTF-8 are taken one by one, as the reference's
// surrogateescape decoding sees them: characters that are neither space nor
// digit and have no case.

func inRanges(rs [][2]rune, r rune) bool {
	i := sort.Search(len(rs), func(i int) bool { return rs[i][1] >= r })
	return i < len(rs) && rs[i][0] <= r
}

// isSpace reports str.isspace() for the character r.
func isSpace(r rune) bool {
	if r < 0x80 {
		return r == ' ' || ('\t' <= r && r <= '\r') || (0x1C <= r && r <= 0x1F)
	}
	return inRanges(pySpaceRanges, r)
}

// decimalValue returns the digit int() reads for r, or -1.
func decimalValue(r rune) int {
	if '0' <= r && r <= '9' {
		return int(r - '0')
	}
	if r < 0x80 {
		return -1
	}
	i := sort.Search(len(pyDigitZeros), func(i int) bool { return pyDigitZeros[i]+9 >= r })
	if i < len(pyDigitZeros) && pyDigitZeros[i] <= r {
		return int(r - pyDigitZeros[i])
	}
	return -1
}

// decodeRune is utf8.DecodeRuneInString that reports an undecodable byte as
// ok == false instead of as U+FFFD.
func decodeRune(s string) (r rune, size int, ok bool) {
	r, size = utf8.DecodeRuneInString(s)
	return r, size, !(r == utf8.RuneError && size <= 1)
}

// pyStrip is str.strip() with no argument.
func pyStrip(s string) string {
	for len(s) > 0 {
		r, size, ok := decodeRune(s)
		if !ok || !isSpace(r) {
			break
		}
		s = s[size:]
	}
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		if (r == utf8.RuneError && size <= 1) || !isSpace(r) {
			break
		}
		s = s[:len(s)-size]
	}
	return s
}

// pyStripChars is str.strip(chars) for an ASCII chars.
func pyStripChars(s, chars string) string {
	return strings.Trim(s, chars)
}

func lowerRune(r rune) (string, bool) {
	i := sort.Search(len(pyLowerTable), func(i int) bool { return pyLowerTable[i].r >= r })
	if i < len(pyLowerTable) && pyLowerTable[i].r == r {
		return pyLowerTable[i].s, true
	}
	return "", false
}

// pyLower is str.lower(): full case mapping, and the final-sigma rule for
// U+03A3, which lower-cases to U+03C2 when a cased character precedes it
// and none follows (skipping case-ignorable characters both ways); see
// Objects/unicodeobject.c, handle_capital_sigma.
func pyLower(s string) string {
	if isASCII(s) {
		return strings.Map(func(r rune) rune {
			if 'A' <= r && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}, s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size, ok := decodeRune(s[i:])
		switch {
		case !ok:
			b.WriteByte(s[i])
		case r == 0x3A3:
			if finalSigma(s[:i], s[i+size:]) {
				b.WriteRune(0x3C2)
			} else {
				b.WriteRune(0x3C3)
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

func finalSigma(before, after string) bool {
	cased := false
	for len(before) > 0 {
		r, size := utf8.DecodeLastRuneInString(before)
		if r == utf8.RuneError && size <= 1 {
			break // a lone byte is neither cased nor case-ignorable
		}
		if !inRanges(pyCaseIgnorableRanges, r) {
			cased = inRanges(pyCasedRanges, r)
			break
		}
		before = before[:len(before)-size]
	}
	if !cased {
		return false
	}
	for len(after) > 0 {
		r, size, ok := decodeRune(after)
		if !ok {
			return true
		}
		if !inRanges(pyCaseIgnorableRanges, r) {
			return !inRanges(pyCasedRanges, r)
		}
		after = after[size:]
	}
	return true
}

// pyUpperIfASCII returns str.upper() of s when that is all ASCII; ok is false
// otherwise. Callers compare the result with ASCII names only.
func pyUpperIfASCII(s string) (up string, ok bool) {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size, valid := decodeRune(s[i:])
		switch {
		case !valid:
			return "", false
		case 'a' <= r && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r < 0x80:
			b.WriteRune(r)
		default:
			u, found := pyUpperASCII[r]
			if !found {
				return "", false
			}
			b.WriteString(u)
		}
		i += size
	}
	return b.String(), true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// reprTrunc is what CPython's "%.200R" gives: repr(s) cut to 200 characters.
func reprTrunc(s string) string {
	r := repr(s)
	n := 0
	for i := range r {
		if n == 200 {
			return r[:i]
		}
		n++
	}
	return r
}
