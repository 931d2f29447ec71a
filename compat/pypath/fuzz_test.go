package pypath

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMatch: no input panics, and the segment matcher agrees with a regular
// expression built from the same tokens (the reference's translation is
// checked against python3 in TestMatchPython; this checks the matching).
func FuzzMatch(f *testing.F) {
	for _, tt := range matchCases[:200] {
		f.Add(tt.name, tt.pattern)
	}
	f.Add(strings.Repeat("a", 64), strings.Repeat("*a", 32)+"b")
	f.Fuzz(func(t *testing.T, name, pattern string) {
		got := Match(name, pattern)
		if !utf8.ValidString(name) || !utf8.ValidString(pattern) {
			return // the regexp package reads invalid bytes as U+FFFD
		}
		re := regexp.MustCompile(tokensRegexp(tokenize(decode(pattern))))
		if want := re.MatchString(name); got != want {
			t.Errorf("Match(%q, %q) = %v; %s says %v", name, pattern, got, re, want)
		}
	})
}

func tokensRegexp(toks []token) string {
	var b strings.Builder
	b.WriteString(`\A(?s:`)
	for _, t := range toks {
		switch t.kind {
		case tokenLiteral:
			b.WriteString(regexp.QuoteMeta(string(t.r)))
		case tokenAny:
			b.WriteString(".")
		case tokenNever:
			b.WriteString(`[^\x00-\x{10FFFF}]`)
		case tokenStar:
			b.WriteString(".*")
		case tokenClass:
			b.WriteString("[")
			if t.class.negate {
				b.WriteString("^")
			}
			for _, rg := range t.class.ranges {
				fmt.Fprintf(&b, `\x{%x}-\x{%x}`, rg[0], rg[1])
			}
			b.WriteString("]")
		}
	}
	b.WriteString(`)\z`)
	return b.String()
}

// FuzzNormpath: no input panics; the result is never empty and is its own
// normal form; and it is filepath.Clean's, except that exactly two leading
// slashes stay two.
func FuzzNormpath(f *testing.F) {
	for _, tt := range pathCases {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, p string) {
		got := Normpath(p)
		if got == "" {
			t.Fatalf("Normpath(%q) is empty", p)
		}
		if again := Normpath(got); again != got {
			t.Errorf("Normpath(%q) = %q, but Normpath(%q) = %q", p, got, got, again)
		}
		want := filepath.Clean(p)
		if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
			want = "/" + want
		}
		if got != want {
			t.Errorf("Normpath(%q) = %q; want %q", p, got, want)
		}
	})
}

// Patterns that make backtracking matchers take exponential time finish here
// in O(len(name)*len(pattern)).
func TestMatchHostile(t *testing.T) {
	name := strings.Repeat("a", 20000)
	for _, pat := range []string{
		strings.Repeat("*a", 2000) + "b",
		strings.Repeat("a*", 2000) + "b",
		strings.Repeat("*?", 2000) + "b",
		strings.Repeat("[a-z]*", 1000) + "[!a]",
		"*" + strings.Repeat("a", 500) + "b*", // 20000 tries of a 501-long segment
	} {
		if Match(name, pat) {
			t.Errorf("Match(a×20000, %.20q...) = true; want false", pat)
		}
	}
	if !Match(name, strings.Repeat("*a", 2000)) {
		t.Errorf("Match(a×20000, (*a)×2000) = false; want true")
	}
}
