package configparser

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestIsSpace compares isSpace with CPython's str.isspace() over all of
// Unicode; the set is
//
//	python3 -c 'import sys; print([hex(c) for c in range(sys.maxunicode+1) if chr(c).isspace()])'
func TestIsSpace(t *testing.T) {
	want := map[rune]bool{}
	for _, r := range []rune{0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0,
		0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
		0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000} {
		want[r] = true
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isSpace(r) != want[r] {
			t.Errorf("isSpace(%U) = %v", r, isSpace(r))
		}
	}
}

// TestLowerMatchesPython compares lower with CPython's str.lower() for every
// character on its own. testdata/pylower.txt lists each character that
// changes, as "<hex> <hex of each character of its lower case>":
//
//	python3 -c 'import sys; print("\n".join("%x %s" % (c, " ".join("%x" % ord(x) for x in chr(c).lower())) for c in range(sys.maxunicode+1) if not 0xd800 <= c < 0xe000 and chr(c).lower() != chr(c)))' > testdata/pylower.txt
func TestLowerMatchesPython(t *testing.T) {
	f, err := os.Open("testdata/pylower.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[rune]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		var b strings.Builder
		for _, h := range fields[1:] {
			b.WriteRune(hexRune(t, h))
		}
		want[hexRune(t, fields[0])] = b.String()
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if 0xd800 <= r && r < 0xe000 {
			continue
		}
		w, ok := want[r]
		if !ok {
			w = string(r)
		}
		if got := lower(string(r)); got != w {
			t.Errorf("lower(%q) = %q; want %q", string(r), got, w)
		}
	}
}

func hexRune(t *testing.T, h string) rune {
	n, err := strconv.ParseInt(h, 16, 32)
	if err != nil {
		t.Fatal(err)
	}
	return rune(n)
}

// TestLowerFinalSigma pins the context rule of U+03A3:
//
//	python3 -c 'for s in ["ΟΔΟΣ", "Σ", "ΣΑ", "ΑΣ.", "Α.Σ", "ΑΣ\u0301Β", "ΑΣ\u0301", "1Σ", "ΑΣ1", "ᾼΣ", "\u02b0Σ"]: print(repr(s.lower()))'
func TestLowerFinalSigma(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ΟΔΟΣ", "οδος"},
		{"Σ", "σ"},
		{"ΣΑ", "σα"},
		{"ΑΣ.", "ας."},
		{"Α.Σ", "α.ς"},
		{"ΑΣ\u0301Β", "ασ\u0301β"},
		{"ΑΣ\u0301", "ας\u0301"},
		{"1Σ", "1σ"},
		{"ΑΣ1", "ας1"},
		{"ᾼΣ", "ᾳς"},
		{"\u02b0Σ", "\u02b0σ"}, // cased and case-ignorable: skipped
	}
	for _, tt := range tests {
		if got := lower(tt.in); got != tt.want {
			t.Errorf("lower(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
