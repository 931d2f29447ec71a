package shlex

import (
	"slices"
	"strings"
	"testing"
)

// errText is err.Error(), or "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

type tokenTest struct {
	in      string
	want    []string
	wantErr string
}

func checkTokens(t *testing.T, name string, fn func(string) ([]string, error), tests []tokenTest) {
	t.Helper()
	for _, tt := range tests {
		got, err := fn(tt.in)
		if errText(err) != tt.wantErr || (err == nil && !slices.Equal(got, tt.want)) || (err != nil && got != nil) {
			t.Errorf("%s(%q) = %q, %q; want %q, %q", name, tt.in, got, errText(err), tt.want, tt.wantErr)
		}
	}
}

// splitTests are shlex.split(in) as CPython answers, captured with
//
//	/usr/bin/python3 testdata/capture.py split
var splitTests = []tokenTest{
	{in: "", want: []string{}},
	{in: "   ", want: []string{}},
	{in: "a", want: []string{"a"}},
	{in: "a b  c", want: []string{"a", "b", "c"}},
	{in: " \t\r\na\t\r\nb ", want: []string{"a", "b"}},
	{in: "a\x0bb\x0cc", want: []string{"a\x0bb\x0cc"}},
	{in: "a\u00a0b\u3000c", want: []string{"a\u00a0b\u3000c"}},
	{in: "'a b'", want: []string{"a b"}},
	{in: "\"a b\"", want: []string{"a b"}},
	{in: "a'b c'd", want: []string{"ab cd"}},
	{in: "''", want: []string{""}},
	{in: "\"\"", want: []string{""}},
	{in: "a '' b", want: []string{"a", "", "b"}},
	{in: "'' ''", want: []string{"", ""}},
	{in: "a''", want: []string{"a"}},
	{in: "'a'\"b\"c", want: []string{"abc"}},
	{in: "'a\\b'", want: []string{"a\\b"}},
	{in: "\"a\\b\"", want: []string{"a\\b"}},
	{in: "\"a\\\\b\"", want: []string{"a\\b"}},
	{in: "\"a\\\"b\"", want: []string{"a\"b"}},
	{in: "\"a\\$b\"", want: []string{"a\\$b"}},
	{in: "\"a\\`b\"", want: []string{"a\\`b"}},
	{in: "\"a\\\nb\"", want: []string{"a\\\nb"}},
	{in: "'a\\'", want: []string{"a\\"}},
	{in: "a\\ b", want: []string{"a b"}},
	{in: "\\a", want: []string{"a"}},
	{in: "a\\\\", want: []string{"a\\"}},
	{in: "\\'", want: []string{"'"}},
	{in: "\\\"", want: []string{"\""}},
	{in: "a\\\nb", want: []string{"a\nb"}},
	{in: "\\", wantErr: "No escaped character"},      // ValueError
	{in: "a \\", wantErr: "No escaped character"},    // ValueError
	{in: "'", wantErr: "No closing quotation"},       // ValueError
	{in: "\"", wantErr: "No closing quotation"},      // ValueError
	{in: "'abc", wantErr: "No closing quotation"},    // ValueError
	{in: "\"abc", wantErr: "No closing quotation"},   // ValueError
	{in: "\"a\\\"", wantErr: "No closing quotation"}, // ValueError
	{in: "a # b", want: []string{"a", "#", "b"}},
	{in: "a#b", want: []string{"a#b"}},
	{in: ";|&<>()", want: []string{";|&<>()"}},
	{in: "$HOME `x`", want: []string{"$HOME", "`x`"}},
	{in: "\x00a", want: []string{"\x00a"}},
	{in: "é ü 😀", want: []string{"é", "ü", "😀"}},
	{in: "\xff \xfe\xfd", want: []string{"\xff", "\xfe\xfd"}},
	{in: "'\xff'", want: []string{"\xff"}},
	{in: "\\\xff", want: []string{"\xff"}},
	{in: "\"\\\xff\"", want: []string{"\\\xff"}},
	{in: "/usr/bin/cat --opt=\"a b\" 'c d' e\\ f", want: []string{"/usr/bin/cat", "--opt=a b", "c d", "e f"}},
}

func TestSplit(t *testing.T) {
	checkTokens(t, "Split", Split, splitTests)
}

// tokensTests are list(lexer) for supervisor's dict_of_key_value_pairs lexer,
// captured with
//
//	/usr/bin/python3 testdata/capture.py tokens
//
// The first block is every observation of spec CFG-TYPE-016, in its order.
var tokensTests = []tokenTest{
	{in: "A=1,B=2", want: []string{"A", "=", "1", ",", "B", "=", "2"}},
	{in: "A=1;B=2", want: []string{"A", "=", "1", ";", "B", "=", "2"}},
	{in: "A = 1 , B = 2", want: []string{"A", "=", "1", ",", "B", "=", "2"}},
	{in: "A=1,", want: []string{"A", "=", "1", ","}},
	{in: "A=", want: []string{"A", "="}},
	{in: "A=1,,B=2", want: []string{"A", "=", "1", ",", ",", "B", "=", "2"}},
	{in: "A=a b", want: []string{"A", "=", "a", "b"}},
	{in: "A=$HOME", want: []string{"A", "=", "$", "HOME"}},
	{in: "A=\"x y\"z", want: []string{"A", "=", "\"x y\"", "z"}},
	{in: "A=éé", want: []string{"A", "=", "é", "é"}},
	{in: "A=a#b", want: []string{"A", "=", "a"}},
	{in: "A=\"a;b\"", want: []string{"A", "=", "\"a;b\""}},
	{in: "A='\"q\"'", want: []string{"A", "=", "'\"q\"'"}},
	{in: "A=ab\"cd\"", want: []string{"A", "=", "ab\"cd\""}},
	{in: "A=\"x\\\"y\"", want: []string{"A", "=", "\"x\\\"", "y\""}},
	{in: "A=x=y", want: []string{"A", "=", "x", "=", "y"}},
	{in: "A=a@b", want: []string{"A", "=", "a", "@", "b"}},
	{in: "a.b=1", want: []string{"a.b", "=", "1"}},
	{in: "a/b-c+d(e):f=1", want: []string{"a/b-c+d(e):f", "=", "1"}},
	{in: "A=1,A=2", want: []string{"A", "=", "1", ",", "A", "=", "2"}},
	{in: "A=1 B=2", want: []string{"A", "=", "1", "B", "=", "2"}},
	{in: "A=1\nB=2", want: []string{"A", "=", "1", "B", "=", "2"}},
	{in: "", want: []string{}},
	{in: "  \t\r\n ", want: []string{}},
	{in: "abc", want: []string{"abc"}},
	{in: "a@b", want: []string{"a", "@", "b"}},
	{in: "@@", want: []string{"@", "@"}},
	{in: "'a b'", want: []string{"'a b'"}},
	{in: "'a''b'", want: []string{"'a'", "'b'"}},
	{in: "'a'b", want: []string{"'a'", "b"}},
	{in: "a'b c'd", want: []string{"a'b", "c'd"}},
	{in: "'a\\'", want: []string{"'a\\'"}},
	{in: "\"a\\\"b\"", want: []string{"\"a\\\"", "b\""}},
	{in: "'abc", wantErr: "No closing quotation"}, // ValueError
	{in: "ab\"c", want: []string{"ab\"c"}},
	{in: "\"", wantErr: "No closing quotation"}, // ValueError
	{in: "a # comment", want: []string{"a"}},
	{in: "a#x\nb c", want: []string{"ab", "c"}},
	{in: "#x\na", want: []string{"a"}},
	{in: "a#", want: []string{"a"}},
	{in: "# only", want: []string{}},
	{in: "a\t#x\r\nb", want: []string{"a", "b"}},
	{in: "x=\x00", want: []string{"x", "=", "\x00"}},
	{in: "é😀ü", want: []string{"é", "😀", "ü"}},
	{in: "\xff=\xfe", want: []string{"\xff", "=", "\xfe"}},
	{in: "k=v\xffw", want: []string{"k", "=", "v", "\xff", "w"}},
	{in: "A==1", want: []string{"A", "=", "=", "1"}},
	{in: "=", want: []string{"="}},
	{in: "A=1=", want: []string{"A", "=", "1", "="}},
	{in: "PATH=/usr/bin:/bin,HOME=/root", want: []string{"PATH", "=", "/usr/bin:/bin", ",", "HOME", "=", "/root"}},
	{in: "X='a,b',Y=\"c,d\"", want: []string{"X", "=", "'a,b'", ",", "Y", "=", "\"c,d\""}},
	{in: "A=~x", want: []string{"A", "=", "~", "x"}},
	{in: "A=*.log", want: []string{"A", "=", "*", ".log"}},
	{in: "A=-1,B=+2", want: []string{"A", "=", "-1", ",", "B", "=", "+2"}},
	{in: "A=(x),B=y:z", want: []string{"A", "=", "(x)", ",", "B", "=", "y:z"}},
	{in: "A=\"\",B=''", want: []string{"A", "=", "\"\"", ",", "B", "=", "''"}},
}

func TestTokens(t *testing.T) {
	checkTokens(t, "Tokens", Tokens, tokensTests)
}

// keyValuePairs is supervisor/datatypes.py dict_of_key_value_pairs over
// Tokens, flattened to key, value, key, value... in dict order. It lives here
// only to pin what Tokens must give that function (spec CFG-TYPE-016).
func keyValuePairs(s string) ([]string, error) {
	toks, err := Tokens(s)
	if err != nil {
		return nil, err
	}
	var keys []string
	vals := map[string]string{}
	for i := 0; i < len(toks); i += 4 {
		if i+3 > len(toks) || toks[i+1] != "=" {
			return nil, &kvError{s}
		}
		if _, ok := vals[toks[i]]; !ok {
			keys = append(keys, toks[i])
		}
		vals[toks[i]] = strings.Trim(toks[i+2], `'"`)
	}
	out := []string{}
	for _, k := range keys {
		out = append(out, k, vals[k])
	}
	return out, nil
}

type kvError struct{ s string }

func (e *kvError) Error() string {
	return "Unexpected end of key/value pairs in value '" + e.s + "'"
}

// keyValueTests are supervisor's own dict_of_key_value_pairs(in), from the
// unpacked reference, flattened; captured with
//
//	/usr/bin/python3 testdata/capture.py kv
var keyValueTests = []tokenTest{
	{in: "A=1,B=2", want: []string{"A", "1", "B", "2"}},
	{in: "A=1;B=2", want: []string{"A", "1", "B", "2"}},
	{in: "A = 1 , B = 2", want: []string{"A", "1", "B", "2"}},
	{in: "A=1,", want: []string{"A", "1"}},
	{in: "A=", wantErr: "Unexpected end of key/value pairs in value 'A='"},             // ValueError
	{in: "A=1,,B=2", wantErr: "Unexpected end of key/value pairs in value 'A=1,,B=2'"}, // ValueError
	{in: "A=a b", want: []string{"A", "a"}},
	{in: "A=$HOME", want: []string{"A", "$"}},
	{in: "A=\"x y\"z", want: []string{"A", "x y"}},
	{in: "A=éé", want: []string{"A", "é"}},
	{in: "A=a#b", want: []string{"A", "a"}},
	{in: "A=\"a;b\"", want: []string{"A", "a;b"}},
	{in: "A='\"q\"'", want: []string{"A", "q"}},
	{in: "A=ab\"cd\"", want: []string{"A", "ab\"cd"}},
	{in: "A=\"x\\\"y\"", want: []string{"A", "x\\"}},
	{in: "A=x=y", wantErr: "Unexpected end of key/value pairs in value 'A=x=y'"}, // ValueError
	{in: "A=a@b", wantErr: "Unexpected end of key/value pairs in value 'A=a@b'"}, // ValueError
	{in: "a.b=1", want: []string{"a.b", "1"}},
	{in: "a/b-c+d(e):f=1", want: []string{"a/b-c+d(e):f", "1"}},
	{in: "A=1,A=2", want: []string{"A", "2"}},
	{in: "A=1 B=2", wantErr: "Unexpected end of key/value pairs in value 'A=1 B=2'"},   // ValueError
	{in: "A=1\nB=2", wantErr: "Unexpected end of key/value pairs in value 'A=1\nB=2'"}, // ValueError
	{in: "", want: []string{}},
	{in: "  \t\r\n ", want: []string{}},
	{in: "abc", wantErr: "Unexpected end of key/value pairs in value 'abc'"},                 // ValueError
	{in: "a@b", wantErr: "Unexpected end of key/value pairs in value 'a@b'"},                 // ValueError
	{in: "@@", wantErr: "Unexpected end of key/value pairs in value '@@'"},                   // ValueError
	{in: "'a b'", wantErr: "Unexpected end of key/value pairs in value ''a b''"},             // ValueError
	{in: "'a''b'", wantErr: "Unexpected end of key/value pairs in value ''a''b''"},           // ValueError
	{in: "'a'b", wantErr: "Unexpected end of key/value pairs in value ''a'b'"},               // ValueError
	{in: "a'b c'd", wantErr: "Unexpected end of key/value pairs in value 'a'b c'd'"},         // ValueError
	{in: "'a\\'", wantErr: "Unexpected end of key/value pairs in value ''a\\''"},             // ValueError
	{in: "\"a\\\"b\"", wantErr: "Unexpected end of key/value pairs in value '\"a\\\"b\"'"},   // ValueError
	{in: "'abc", wantErr: "No closing quotation"},                                            // ValueError
	{in: "ab\"c", wantErr: "Unexpected end of key/value pairs in value 'ab\"c'"},             // ValueError
	{in: "\"", wantErr: "No closing quotation"},                                              // ValueError
	{in: "a # comment", wantErr: "Unexpected end of key/value pairs in value 'a # comment'"}, // ValueError
	{in: "a#x\nb c", wantErr: "Unexpected end of key/value pairs in value 'a#x\nb c'"},       // ValueError
	{in: "#x\na", wantErr: "Unexpected end of key/value pairs in value '#x\na'"},             // ValueError
	{in: "a#", wantErr: "Unexpected end of key/value pairs in value 'a#'"},                   // ValueError
	{in: "# only", want: []string{}},
	{in: "a\t#x\r\nb", wantErr: "Unexpected end of key/value pairs in value 'a\t#x\r\nb'"}, // ValueError
	{in: "x=\x00", want: []string{"x", "\x00"}},
	{in: "é😀ü", wantErr: "Unexpected end of key/value pairs in value 'é😀ü'"}, // ValueError
	{in: "\xff=\xfe", want: []string{"\xff", "\xfe"}},
	{in: "k=v\xffw", wantErr: "Unexpected end of key/value pairs in value 'k=v\xffw'"}, // ValueError
	{in: "A==1", want: []string{"A", "="}},
	{in: "=", wantErr: "Unexpected end of key/value pairs in value '='"}, // ValueError
	{in: "A=1=", want: []string{"A", "1"}},
	{in: "PATH=/usr/bin:/bin,HOME=/root", want: []string{"PATH", "/usr/bin:/bin", "HOME", "/root"}},
	{in: "X='a,b',Y=\"c,d\"", want: []string{"X", "a,b", "Y", "c,d"}},
	{in: "A=~x", want: []string{"A", "~"}},
	{in: "A=*.log", want: []string{"A", "*"}},
	{in: "A=-1,B=+2", want: []string{"A", "-1", "B", "+2"}},
	{in: "A=(x),B=y:z", want: []string{"A", "(x)", "B", "y:z"}},
	{in: "A=\"\",B=''", want: []string{"A", "", "B", ""}},
}

func TestKeyValuePairs(t *testing.T) {
	checkTokens(t, "dict_of_key_value_pairs", keyValuePairs, keyValueTests)
}
