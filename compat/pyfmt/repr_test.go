package pyfmt

import "testing"

// reprTests are CPython's repr() of the surrogateescape decoding of in,
// captured with
//
//	/usr/bin/python3 testdata/capture.py repr
//
// They include characters whose printability differs between Unicode 14
// (CPython 3.11) and Go's tables.
var reprTests = []struct {
	in, want, wantErr string
}{
	{in: "", want: "''"},
	{in: "abc", want: "'abc'"},
	{in: "it's", want: "\"it's\""},
	{in: "say \"hi\"", want: "'say \"hi\"'"},
	{in: "'\"", want: "'\\'\"'"},
	{in: "\\", want: "'\\\\'"},
	{in: "a\tb\nc\x0dd", want: "'a\\tb\\nc\\rd'"},
	{in: "\x00\x01\x1f\x7f", want: "'\\x00\\x01\\x1f\\x7f'"},
	{in: "\u0080\u009f\u00a0\u00adÿ", want: "'\\x80\\x9f\\xa0\\xadÿ'"},
	{in: "é€😀", want: "'é€😀'"},
	{in: "\u0378\u2028\u2029\u200b\ufeff\ue000\U000f0000", want: "'\\u0378\\u2028\\u2029\\u200b\\ufeff\\ue000\\U000f0000'"},
	{in: "\u3000\u00a0\u1680", want: "'\\u3000\\xa0\\u1680'"},
	{in: "\U0001fae8୕", want: "'\\U0001fae8୕'"},
	{in: "\xff", want: "'\\udcff'"},
	{in: "a\x80b", want: "'a\\udc80b'"},
	{in: "\xed\xa0\x80", want: "'\\udced\\udca0\\udc80'"},
	{in: "\xe2\x82", want: "'\\udce2\\udc82'"},
	{in: "\xf4\x90\x80\x80", want: "'\\udcf4\\udc90\\udc80\\udc80'"},
	{in: "\xc0\xaf", want: "'\\udcc0\\udcaf'"},
	{in: "�", want: "'�'"},
	{in: "\U0010ffff", want: "'\\U0010ffff'"},
	{in: "\U000e0001", want: "'\\U000e0001'"},
}

func TestRepr(t *testing.T) {
	for _, tt := range reprTests {
		if got := Repr(tt.in); got != tt.want {
			t.Errorf("Repr(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// reprBytesTests are CPython's repr() of bytes(in), captured with
//
//	/usr/bin/python3 testdata/capture.py bytes
var reprBytesTests = []struct {
	in, want, wantErr string
}{
	{in: "", want: "b''"},
	{in: "abc", want: "b'abc'"},
	{in: "it's", want: "b\"it's\""},
	{in: "say \"hi\"", want: "b'say \"hi\"'"},
	{in: "'\"", want: "b'\\'\"'"},
	{in: "\\", want: "b'\\\\'"},
	{in: "a\tb\nc\x0dd", want: "b'a\\tb\\nc\\rd'"},
	{in: "\x00\x1f\x7f\x80\xff", want: "b'\\x00\\x1f\\x7f\\x80\\xff'"},
	{in: "é", want: "b'\\xc3\\xa9'"},
}

func TestReprBytes(t *testing.T) {
	for _, tt := range reprBytesTests {
		if got := ReprBytes([]byte(tt.in)); got != tt.want {
			t.Errorf("ReprBytes(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestPrintableTable checks the generated table's shape: sorted, disjoint.
func TestPrintableTable(t *testing.T) {
	for i, r := range printableRanges {
		if r[0] > r[1] || (i > 0 && printableRanges[i-1][1]+1 >= r[0]) {
			t.Fatalf("printableRanges[%d] = %#x..%#x out of order", i, r[0], r[1])
		}
	}
	for r, want := range map[rune]bool{' ': true, '~': true, 0x7F: false, 0xA0: false, 0xE9: true, 0x1FAE8: false, 0x10FFFF: false} {
		if got := isPrintable(r); got != want {
			t.Errorf("isPrintable(%#x) = %v; want %v", r, got, want)
		}
	}
}
