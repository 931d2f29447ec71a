package pystr

import (
	"bufio"
	"bytes"
	"flag"
	"go/format"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestIsSpace compares IsSpace with CPython's str.isspace() over all of
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
		if IsSpace(r) != want[r] {
			t.Errorf("IsSpace(%U) = %v", r, IsSpace(r))
		}
	}
}

// readCapture reads a testdata file of lines "<hex code point> <fields...>".
func readCapture(t *testing.T, name string) map[rune][]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[rune][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		m[hexRune(t, fields[0])] = fields[1:]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

func hexRune(t *testing.T, h string) rune {
	t.Helper()
	n, err := strconv.ParseInt(h, 16, 32)
	if err != nil {
		t.Fatal(err)
	}
	return rune(n)
}

// TestLowerMatchesPython compares Lower with CPython's str.lower() for every
// character on its own. testdata/lower.txt lists each character that
// changes, as "<hex> <hex of each character of its lower case>":
//
//	python3 -c 'import sys; print("\n".join("%x %s" % (c, " ".join("%x" % ord(x) for x in chr(c).lower())) for c in range(sys.maxunicode+1) if not 0xd800 <= c < 0xe000 and chr(c).lower() != chr(c)))' > testdata/lower.txt
func TestLowerMatchesPython(t *testing.T) {
	want := map[rune]string{}
	for r, fields := range readCapture(t, "testdata/lower.txt") {
		var b strings.Builder
		for _, h := range fields {
			b.WriteRune(hexRune(t, h))
		}
		want[r] = b.String()
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if 0xd800 <= r && r < 0xe000 {
			continue
		}
		w, ok := want[r]
		if !ok {
			w = string(r)
		}
		if got := Lower(string(r)); got != w {
			t.Errorf("Lower(%q) = %q; want %q", string(r), got, w)
		}
	}
}

// TestLowerFinalSigma pins the context rule of U+03A3:
//
//	python3 -c 'for s in ["ΟΔΟΣ", "Σ", "ΣΑ", "ΑΣ.", "Α.Σ", "ΑΣ\u0301Β", "ΑΣ\u0301", "1Σ", "ΑΣ1", "ᾼΣ", "\u02b0Σ"]: print(repr(s.lower()))'
//
// and, for bytes that are not UTF-8 (decoded with surrogateescape),
//
//	python3 -c 'for s in [b"A\xff\xce\xa3", b"A\xce\xa3\xff", b"\xceA", b"I\xc4\xb0\xff"]: print(s.decode("utf-8","surrogateescape").lower().encode("utf-8","surrogateescape"))'
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
		{"A\xffΣ", "a\xffσ"},
		{"AΣ\xff", "aς\xff"},
		{"\xceA", "\xcea"},
		{"Iİ\xff", "ii\u0307\xff"},
	}
	for _, tt := range tests {
		if got := Lower(tt.in); got != tt.want {
			t.Errorf("Lower(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestDecimalValue compares DecimalValue with int() over all of Unicode.
// testdata/decimal.txt lists each character int() reads as a digit:
//
//	python3 -c 'import sys; print("\n".join("%x %d" % (c, int(chr(c))) for c in range(sys.maxunicode+1) if not 0xd800 <= c < 0xe000 and chr(c).isdecimal()))' > testdata/decimal.txt
func TestDecimalValue(t *testing.T) {
	want := map[rune]int{}
	for r, fields := range readCapture(t, "testdata/decimal.txt") {
		d, err := strconv.Atoi(fields[0])
		if err != nil {
			t.Fatal(err)
		}
		want[r] = d
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		w, ok := want[r]
		if !ok {
			w = -1
		}
		if got := DecimalValue(r); got != w {
			t.Errorf("DecimalValue(%U) = %d; want %d", r, got, w)
		}
	}
}

// TestUpperIfASCII checks every character on its own against
//
//	python3 -c 'import sys; print({hex(c): chr(c).upper() for c in range(0x80, sys.maxunicode+1) if not 0xd800 <= c < 0xe000 and chr(c).upper().isascii()})'
func TestUpperIfASCII(t *testing.T) {
	want := map[rune]string{0xdf: "SS", 0x131: "I", 0x17f: "S", 0xfb00: "FF", 0xfb01: "FI",
		0xfb02: "FL", 0xfb03: "FFI", 0xfb04: "FFL", 0xfb05: "ST", 0xfb06: "ST"}
	for r := rune(0); r < 0x80; r++ {
		want[r] = strings.ToUpper(string(r))
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		w, wok := want[r]
		if got, ok := UpperIfASCII(string(r)); got != w || ok != wok {
			t.Errorf("UpperIfASCII(%q) = %q, %v; want %q, %v", string(r), got, ok, w, wok)
		}
	}
	for _, s := range []string{"sigterm\xff", "é"} {
		if got, ok := UpperIfASCII(s); ok {
			t.Errorf("UpperIfASCII(%q) = %q, true; want false", s, got)
		}
	}
	if got, ok := UpperIfASCII("ſiGﬅop"); got != "SIGSTOP" || !ok {
		t.Errorf("UpperIfASCII(%q) = %q, %v", "ſiGﬅop", got, ok)
	}
}

// TestStrip pins str.strip(), str.lstrip() and str.rstrip() on text with
// bytes that are not UTF-8:
//
//	python3 -c 'for s in [b"  a b \xe3\x80\x80", b"\xff a \xff", b"\x1c\x1fx\x85", b"\xe3\x80", b"\xe3\x80\x80\xe3"]: t = s.decode("utf-8","surrogateescape"); print([x.encode("utf-8","surrogateescape") for x in (t.strip(), t.lstrip(), t.rstrip())])'
func TestStrip(t *testing.T) {
	tests := []struct{ in, strip, lstrip, rstrip string }{
		{"  a b \u3000", "a b", "a b \u3000", "  a b"},
		{"\xff a \xff", "\xff a \xff", "\xff a \xff", "\xff a \xff"},
		{"\x1c\x1fx\x85", "x\x85", "x\x85", "\x1c\x1fx\x85"},
		{"\xe3\x80", "\xe3\x80", "\xe3\x80", "\xe3\x80"},
		{"\u3000\xe3", "\xe3", "\xe3", "\u3000\xe3"},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		if got := Strip(tt.in); got != tt.strip {
			t.Errorf("Strip(%q) = %q; want %q", tt.in, got, tt.strip)
		}
		if got := LStrip(tt.in); got != tt.lstrip {
			t.Errorf("LStrip(%q) = %q; want %q", tt.in, got, tt.lstrip)
		}
		if got := RStrip(tt.in); got != tt.rstrip {
			t.Errorf("RStrip(%q) = %q; want %q", tt.in, got, tt.rstrip)
		}
	}
}

// TestStripChars pins str.strip(chars):
//
//	python3 -c 'for s, c in [(b"\x27a\x22", b"\x27\x22"), (b"\xffa\xff", b"\xff"), (b"\xc3\xa9a\xc3\xa9", b"\xc3\xa9"), (b"\xa9a", b"\xc3\xa9"), (b"xax", b"")]: print(s.decode("utf-8","surrogateescape").strip(c.decode("utf-8","surrogateescape")).encode("utf-8","surrogateescape"))'
func TestStripChars(t *testing.T) {
	tests := []struct{ in, chars, want string }{
		{`'a"`, `'"`, "a"},
		{"\xffa\xff", "\xff", "a"},
		{"éaé", "é", "a"},
		{"\xa9a", "é", "\xa9a"},
		{"xax", "", "xax"},
		{`"'x y'"`, `'"`, "x y"},
	}
	for _, tt := range tests {
		if got := StripChars(tt.in, tt.chars); got != tt.want {
			t.Errorf("StripChars(%q, %q) = %q; want %q", tt.in, tt.chars, got, tt.want)
		}
	}
}

var checkTables = flag.Bool("tables", false, "regenerate tables.go with /usr/bin/python3 and compare")

// TestTablesUpToDate regenerates tables.go with the reference's interpreter
// and compares, which takes seconds; it runs with -tables:
//
//	go test ./compat/pystr -run TablesUpToDate -tables
func TestTablesUpToDate(t *testing.T) {
	if !*checkTables {
		t.Skip("run with -tables")
	}
	const py = "/usr/bin/python3" // the reference's interpreter
	if _, err := os.Stat(py); err != nil {
		t.Skipf("%s not found", py)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(py, "testdata/gen_tables.py")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("gen_tables.py: %v\n%s", err, stderr.Bytes())
	}
	if out, err = format.Source(out); err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("tables.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, have) {
		t.Errorf("tables.go differs from what testdata/gen_tables.py writes; regenerate it")
	}
}
