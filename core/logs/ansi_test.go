package logs

import (
	"bytes"
	"testing"
)

// stripCases pin the reference's stripEscapes (PROC-CLOG-009), captured with
// testdata/reference.py (kind "strip"); TestStripANSIMatchesReference re-runs it.
var stripCases = []struct{ in, want string }{
	{"", ""},
	{"plain\n", "plain\n"},
	{"\x1b[31mred\x1b[0m\n", "red\n"},
	{"\x1b[1;32;40mbold\x1b[m", "bold"},
	{"a\x1b[2Jb\x1b[Hc\x1b[10;20fd", "abcd"},
	{"\x1b[?25lhide\x1b[?25h", "hide"},
	{"cut \x1b[31", "cut "},                      // unterminated: dropped to the end of the chunk
	{"\x1b", "\x1b"},                             // no '[': kept
	{"\x1b\x1b[m[m", "\x1b[m"},                   // not idempotent
	{"x\x1b[Xyz", "x"},                           // none of X, y, z terminates: dropped to the end
	{"\x1b[[m", ""},                              // '[' right after the introducer is skipped, not a terminator
	{"[m\x1b]0;title\x07", "[m\x1b]0;title\x07"}, // OSC is not stripped
	{"\x1b[\x1b[31mx", "x"},                      // the second ESC is inside the first sequence
	{"\xff\x1b[mok\xfe", "\xffok\xfe"},
}

// TestStripANSI: PROC-CLOG-009.
func TestStripANSI(t *testing.T) {
	for _, tt := range stripCases {
		if got := StripANSI([]byte(tt.in)); string(got) != tt.want {
			t.Errorf("StripANSI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestStripANSIMatchesReference re-captures stripCases.
func TestStripANSIMatchesReference(t *testing.T) {
	req := map[string]any{"kind": "strip"}
	var in []string
	for _, tt := range stripCases {
		in = append(in, latin1([]byte(tt.in)))
	}
	req["cases"] = in
	var got []string
	askReference(t, req, &got)
	for i, tt := range stripCases {
		if g := string(fromLatin1(got[i])); g != tt.want {
			t.Errorf("stripEscapes(%q) = %q; pinned %q", tt.in, g, tt.want)
		}
	}
}

// stripSlow is a direct transcription of the reference's byte scanner, the
// oracle for FuzzStripANSI.
func stripSlow(s []byte) []byte {
	var out []byte
	show := true
	for i := 0; i < len(s); i++ {
		if !show && bytes.IndexByte([]byte(ansiTerminators), s[i]) >= 0 {
			show = true
		} else if show {
			n := bytes.Index(s[i:], []byte("\x1b["))
			if n < 0 {
				return append(out, s[i:]...)
			}
			out = append(out, s[i:i+n]...)
			i += n
			show = false
		}
	}
	return out
}

// FuzzStripANSI: no panic, never longer than the input, same as the
// reference's algorithm.
func FuzzStripANSI(f *testing.F) {
	for _, tt := range stripCases {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		orig := bytes.Clone(in)
		got := StripANSI(in)
		if len(got) > len(in) {
			t.Fatalf("StripANSI(%q) = %q: longer than the input", in, got)
		}
		if !bytes.Equal(in, orig) {
			t.Fatalf("StripANSI modified its input")
		}
		if want := stripSlow(in); !bytes.Equal(got, want) {
			t.Fatalf("StripANSI(%q) = %q, want %q", in, got, want)
		}
	})
}
