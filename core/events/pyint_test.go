package events

import (
	"math"
	"strings"
	"testing"
)

// TestParseResultLen: want values from the reference's CPython, e.g.
//
//	python3 -c 'print(int(b"\x0b5\x0c"))'
func TestParseResultLen(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{" 12 ", 12, true}, {"+3", 3, true}, {"-3", -3, true}, {"1_0", 10, true},
		{"_10", 0, false}, {"10_", 0, false}, {"1__0", 0, false}, {"\v5\f", 5, true},
		{"\x1c5", 0, false}, {"5\x00", 0, false}, {"007", 7, true}, {"", 0, false},
		{" ", 0, false}, {"\xd9\xa1", 0, false}, {"0x10", 0, false}, {"\xa05", 0, false},
		{"1e3", 0, false}, {"\t-  3", 0, false}, {"- 3", 0, false}, {"\r\n4\r", 4, true},
		{"\x855", 0, false},
		{strings.Repeat("1", 4300), math.MaxInt64, true},
		{strings.Repeat("1", 4301), 0, false},
		{strings.Repeat("0", 4301), 0, false},
		{strings.Repeat("1_", 2200) + "1", math.MaxInt64, true},
		{"-" + strings.Repeat("9", 30), -math.MaxInt64, true},
	}
	for _, tt := range tests {
		got, ok := parseResultLen([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseResultLen(%.40q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
