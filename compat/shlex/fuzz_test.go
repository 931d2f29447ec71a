package shlex

import (
	"slices"
	"testing"
)

// fuzzSeeds are inputs for both targets beyond the tables.
var fuzzSeeds = []string{
	`a "b c" 'd e' f\ g`, `"\\\"\$\` + "`" + `"`, "a\\\n", "'\xff'\"\xfe\"\\\xfd", "#a\nb#c\n#", "x=\"1\",y='2';z=3",
	"a\"b'c\"d'e", "\"unterminated", "\\", "\u00a0\u2028\u3000\x0b\x0c", "k=v # c\nk2=v2",
}

// checkValueOrError is the native property: no panic, a value or an error.
func checkValueOrError(t *testing.T, name, s string, got []string, err error) {
	t.Helper()
	if (err == nil) == (got == nil) {
		t.Fatalf("%s(%q) = %q, %v: want exactly one of a value and an error", name, s, got, err)
	}
}

// FuzzSplit checks Split; under go test -fuzz it compares with shlex.split.
func FuzzSplit(f *testing.F) {
	for _, tt := range splitTests {
		f.Add(tt.in)
	}
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	o := startOracle(f)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Split(s)
		checkValueOrError(t, "Split", s, got, err)
		if o == nil {
			return
		}
		want, wantErr := o.ask(t, "split", s)
		if errText(err) != wantErr || !slices.Equal(got, want) {
			t.Fatalf("Split(%q) = %q, %q; CPython %q, %q", s, got, errText(err), want, wantErr)
		}
	})
}

// FuzzTokens checks Tokens; under go test -fuzz it compares with the lexer of
// supervisor's dict_of_key_value_pairs, and that function's result with
// keyValuePairs.
func FuzzTokens(f *testing.F) {
	for _, tt := range tokensTests {
		f.Add(tt.in)
	}
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	o := startOracle(f)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Tokens(s)
		checkValueOrError(t, "Tokens", s, got, err)
		kv, kvErr := keyValuePairs(s)
		checkValueOrError(t, "keyValuePairs", s, kv, kvErr)
		if o == nil {
			return
		}
		want, wantErr := o.ask(t, "tokens", s)
		if errText(err) != wantErr || !slices.Equal(got, want) {
			t.Fatalf("Tokens(%q) = %q, %q; CPython %q, %q", s, got, errText(err), want, wantErr)
		}
		want, wantErr = o.ask(t, "kv", s)
		if errText(kvErr) != wantErr || !slices.Equal(kv, want) {
			t.Fatalf("dict_of_key_value_pairs(%q) = %q, %q; CPython %q, %q", s, kv, errText(kvErr), want, wantErr)
		}
	})
}
