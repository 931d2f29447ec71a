package logs

import "testing"

// TestCaptureBuffer: the reference's BoundIO bound (PROC-CAP-005), e.g.
//
//	python3 -c 'from supervisor.loggers import BoundIO as B; b=B(5); [b.write(x) for x in (b"abc", b"de", b"fg")]; print(b.getvalue())'
//
// prints b'cdefg'.
func TestCaptureBuffer(t *testing.T) {
	tests := []struct {
		max    int
		writes []string
		want   string
	}{
		{5, []string{"abc", "de", "fg"}, "cdefg"},
		{5, []string{"abc", "de", "f"}, "bcdef"},
		{5, []string{"abcd", "efghijk"}, "efghijk"}, // larger than the bound: kept whole
		{5, []string{"abcde", "x", "yz"}, "dexyz"},  // drops len(p) from the front, not the excess
		{0, []string{"a", "b"}, "b"},
	}
	for _, tt := range tests {
		c := NewCaptureBuffer(tt.max)
		for _, w := range tt.writes {
			c.Write([]byte(w))
		}
		if got := string(c.Bytes()); got != tt.want {
			t.Errorf("bound %d, writes %q: %q, want %q", tt.max, tt.writes, got, tt.want)
		}
		c.Clear()
		if len(c.Bytes()) != 0 {
			t.Error("Clear left data")
		}
	}
}
