package datatypes

import (
	"slices"
	"testing"
)

func TestDictOfKeyValuePairs(t *testing.T) {
	// CFG-TYPE-016: every listed consequence. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import dict_of_key_value_pairs as d; print(d("A=a b"))'
	tests := []struct {
		in, wantErr string
		want        []KV
	}{
		{in: `A=1,B=2`, want: []KV{{"A", "1"}, {"B", "2"}}},
		{in: `A=1;B=2`, want: []KV{{"A", "1"}, {"B", "2"}}},
		{in: `A = 1 , B = 2`, want: []KV{{"A", "1"}, {"B", "2"}}},
		{in: `A=1,`, want: []KV{{"A", "1"}}},
		{in: `A=`, wantErr: `Unexpected end of key/value pairs in value 'A='`},
		{in: `A=1,,B=2`, wantErr: `Unexpected end of key/value pairs in value 'A=1,,B=2'`},
		{in: `A=a b`, want: []KV{{"A", "a"}}},        // b is the skipped separator
		{in: `A=$HOME`, want: []KV{{"A", "$"}}},      // HOME is the separator
		{in: `A="x y"z`, want: []KV{{"A", "x y"}}},   // z is the separator
		{in: `A=éé`, want: []KV{{"A", "é"}}},         // one token per non-ASCII character
		{in: `A=a#b`, want: []KV{{"A", "a"}}},        // # starts a comment
		{in: `A="a;b"`, want: []KV{{"A", "a;b"}}},    // quotes keep separators
		{in: `A='"q"'`, want: []KV{{"A", "q"}}},      // all outer quotes go
		{in: `A=ab"cd"`, want: []KV{{"A", `ab"cd`}}}, // a quote inside a word stays
		{in: `A="x\"y"`, want: []KV{{"A", `x\`}}},    // no escapes in non-POSIX mode
		{in: `A=x=y`, wantErr: `Unexpected end of key/value pairs in value 'A=x=y'`},
		{in: `A=a@b`, wantErr: `Unexpected end of key/value pairs in value 'A=a@b'`},
		{in: `a.b=1`, want: []KV{{"a.b", "1"}}},
		{in: `K=(a)+b-c:d/e.f`, want: []KV{{"K", "(a)+b-c:d/e.f"}}},
		{in: `A=1,B=2,A=3`, want: []KV{{"A", "3"}, {"B", "2"}}}, // later duplicate wins, first position
		{in: `A="1`, wantErr: "No closing quotation"},
		{in: ``, want: []KV{}},
		{in: `x`, wantErr: `Unexpected end of key/value pairs in value 'x'`},
		{in: `A=""`, want: []KV{{"A", ""}}},
		{in: "A=1\nB=2", wantErr: "Unexpected end of key/value pairs in value 'A=1\nB=2'"},
	}
	for _, tt := range tests {
		got, err := DictOfKeyValuePairs(tt.in)
		if errText(err) != tt.wantErr || (err == nil && !slices.Equal(got, tt.want)) {
			t.Errorf("DictOfKeyValuePairs(%q) = %q, %q; want %q, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
		}
	}
}
