package pyfmt

import (
	"sort"
	"strings"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// Repr returns what CPython 3's repr() gives for the str s (unicode_repr in
// Objects/unicodeobject.c): single quotes unless s contains a single quote and
// no double quote; \\, the quote, \t, \n and \r escaped; other control
// characters as \xNN; non-ASCII kept when str.isprintable() holds for it, else
// \xNN, \uNNNN or \UNNNNNNNN.
//
// Bytes of s that are not valid UTF-8 are taken one by one as the reference's
// surrogateescape error handler decodes them (byte 0xNN becomes U+DCNN), so they
// show as '\udcNN', as supervisor prints undecodable file names.
func Repr(s string) string {
	return reprStr(s, false)
}

// reprStr is repr(s), or ascii(s) when ascii is set: ascii() escapes every
// non-ASCII character, printable or not, with the same \x, \u and \U forms.
func reprStr(s string, ascii bool) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			r = 0xDC00 + rune(s[i]) // surrogateescape
		}
		i += size
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < ' ' || r == 0x7F:
			writeHexEscape(&b, 'x', r, 2)
		case r < 0x7F:
			b.WriteByte(byte(r))
		case !ascii && isPrintable(r):
			b.WriteRune(r)
		case r <= 0xFF:
			writeHexEscape(&b, 'x', r, 2)
		case r <= 0xFFFF:
			writeHexEscape(&b, 'u', r, 4)
		default:
			writeHexEscape(&b, 'U', r, 8)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// ReprBytes returns what CPython 3's repr() gives for a bytes object
// (bytes_repr in Objects/bytesobject.c): b'...' with the same quote choice as
// [Repr], and every byte outside printable ASCII as \xNN.
func ReprBytes(p []byte) string {
	quote := byte('\'')
	hasSingle, hasDouble := false, false
	for _, c := range p {
		switch c {
		case '\'':
			hasSingle = true
		case '"':
			hasDouble = true
		}
	}
	if hasSingle && !hasDouble {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(p) + 3)
	b.WriteByte('b')
	b.WriteByte(quote)
	for _, c := range p {
		switch {
		case c == quote || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < ' ' || c >= 0x7F:
			writeHexEscape(&b, 'x', rune(c), 2)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// writeHexEscape writes \<kind> followed by r as digits lower-case hex digits.
func writeHexEscape(b *strings.Builder, kind byte, r rune, digits int) {
	b.WriteByte('\\')
	b.WriteByte(kind)
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		b.WriteByte(hexDigits[(r>>uint(shift))&0xF])
	}
}

// isPrintable reports str.isprintable() for the single character r, using the
// reference interpreter's Unicode database (see printable_table.go) rather than
// Go's, whose Unicode version differs.
func isPrintable(r rune) bool {
	i := sort.Search(len(printableRanges), func(i int) bool { return printableRanges[i][1] >= r })
	return i < len(printableRanges) && printableRanges[i][0] <= r
}
