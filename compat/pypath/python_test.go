package pypath

import (
	"encoding/hex"
	"math/rand/v2"
	"os"
	"os/user"
	"slices"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/internal/pyoracle"
)

// The tests in this file ask the reference itself, through testdata/oracle.py,
// about random inputs and about the glob tree. They are skipped without a
// CPython 3.11 (see pyoracle); the captured tables still run.

type oracle struct {
	t *testing.T
	o *pyoracle.Oracle
}

// newOracle starts testdata/oracle.py in dir with env.
func newOracle(t *testing.T, dir string, env []string) *oracle {
	t.Helper()
	return &oracle{t: t, o: pyoracle.Start(t, pyoracle.Config{Script: "testdata/oracle.py", Dir: dir, Env: env})}
}

// ask runs one batch of queries; each query is an operation and its byte
// string arguments, each answer the list of byte strings returned.
func (o *oracle) ask(queries [][]string) [][]string {
	o.t.Helper()
	lines := make([][]byte, len(queries))
	for i, q := range queries {
		line := q[0]
		for _, a := range q[1:] {
			line += " " + hexOrDash(a)
		}
		lines[i] = []byte(line)
	}
	answers := make([][]string, len(queries))
	for i, a := range o.o.Batch(o.t, lines) {
		answers[i] = decodeAnswer(o.t, string(a))
	}
	return answers
}

func hexOrDash(s string) string {
	if s == "" {
		return "-"
	}
	return hex.EncodeToString([]byte(s))
}

func decodeAnswer(t *testing.T, line string) []string {
	if line == "" {
		return nil
	}
	if line == "0" || line == "1" {
		return []string{line}
	}
	var out []string
	for _, f := range strings.Split(line, " ") {
		if f == "-" {
			out = append(out, "")
			continue
		}
		b, err := hex.DecodeString(f)
		if err != nil {
			t.Fatalf("bad oracle answer %q", line)
		}
		out = append(out, string(b))
	}
	return out
}

func randString(r *rand.Rand, alphabet []string, maxLen int) string {
	var b strings.Builder
	for n := r.IntN(maxLen + 1); n > 0; n-- {
		b.WriteString(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

func boolText(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func TestMatchPython(t *testing.T) {
	o := newOracle(t, "", os.Environ())
	r := rand.New(rand.NewPCG(1, 2))
	patAlpha := []string{"a", "b", "c", "z", "-", "!", "^", "[", "]", "\\", "*", "?", ".", "/",
		"é", "ü", "\xff", "\xc3", "&", "~", "|", "\n", "0", "[!", "[]", "a-c", "c-a"}
	nameAlpha := []string{"a", "b", "c", "z", "-", "!", "^", "[", "]", "\\", "*", "?", ".", "/",
		"é", "ü", "\xff", "\xc3", "&", "~", "|", "\n", "0"}
	var queries [][]string
	for range 30000 {
		queries = append(queries, []string{"match", randString(r, nameAlpha, 6), randString(r, patAlpha, 7)})
	}
	for i, a := range o.ask(queries) {
		name, pat := queries[i][1], queries[i][2]
		if got := boolText(Match(name, pat)); got != a[0] {
			t.Errorf("Match(%q, %q) = %s; python says %s", name, pat, got, a[0])
		}
	}
}

func TestPathPython(t *testing.T) {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	o := newOracle(t, dir, os.Environ())
	r := rand.New(rand.NewPCG(3, 4))
	alpha := []string{"/", "/", ".", "..", "a", "b", "\x00", "é", "\xff", "~", " "}
	var queries [][]string
	for range 5000 {
		p := randString(r, alpha, 9)
		for _, op := range []string{"normpath", "dirname", "basename", "isabs", "abspath"} {
			queries = append(queries, []string{op, p})
		}
	}
	joinAlpha := []string{"", "a", "/", "/b", "c/", "//", "..", "é"}
	for range 3000 {
		q := []string{"join"}
		for n := 1 + r.IntN(4); n > 0; n-- {
			q = append(q, joinAlpha[r.IntN(len(joinAlpha))])
		}
		queries = append(queries, q)
	}
	funcs := map[string]func(string) string{
		"normpath": Normpath,
		"dirname":  Dirname,
		"basename": Basename,
		"abspath":  Abspath,
		"isabs":    func(p string) string { return boolText(IsAbs(p)) },
	}
	for i, a := range o.ask(queries) {
		q := queries[i]
		var got string
		if q[0] == "join" {
			got = Join(q[1:]...)
		} else {
			got = funcs[q[0]](q[1])
		}
		if len(a) != 1 || got != a[0] {
			t.Errorf("%s(%q) = %q; python says %q", q[0], q[1:], got, a)
		}
	}
}

func TestExpanduserPython(t *testing.T) {
	me, err := user.Current()
	if err != nil {
		t.Skip(err)
	}
	inputs := []string{"~", "~/", "~/x", "~//x", "~root", "~root/", "~root/x", "~" + me.Username + "/x",
		"~nosuchuser-for-pypath", "~nosuchuser-for-pypath/x", "x/~", "~~", "~\xff/x"}
	for _, home := range []string{"", "/home/u//", "unset"} {
		t.Run("HOME="+home, func(t *testing.T) {
			var env []string
			for _, kv := range os.Environ() {
				if !strings.HasPrefix(kv, "HOME=") {
					env = append(env, kv)
				}
			}
			t.Setenv("HOME", home)
			if home == "unset" {
				os.Unsetenv("HOME") // t.Setenv restores it
			} else {
				env = append(env, "HOME="+home)
			}
			o := newOracle(t, "", env)
			var queries [][]string
			for _, in := range inputs {
				queries = append(queries, []string{"expanduser", in})
			}
			for i, a := range o.ask(queries) {
				in := queries[i][1]
				if got := Expanduser(in); len(a) != 1 || got != a[0] {
					t.Errorf("Expanduser(%q) = %q; python says %q", in, got, a)
				}
			}
		})
	}
}

// The same tree, the same patterns and more: results must come in the same
// order, since both list directories in the order the file system gives.
func TestGlobPython(t *testing.T) {
	root := buildTree(t)
	o := newOracle(t, root, os.Environ())
	var patterns []string
	for _, c := range globCases {
		patterns = append(patterns, c.pattern, root+"/"+c.pattern)
	}
	r := rand.New(rand.NewPCG(5, 6))
	comps := []string{"*", "?", "a", "b", "c", ".*", "[!.]*", "*.conf", "*.ini", "sub", "..", ".",
		"", "[a-c]", "[c-a]", "l*", "[", "\\*", "link-to-a", "[c]", "[[]c]", "x.conf", "*[]]*",
		"?.conf", "**", "\xff*", "caf?.conf", "[!b-a]*", "selfloop", "d*"}
	for range 3000 {
		var parts []string
		for n := 1 + r.IntN(4); n > 0; n-- {
			parts = append(parts, comps[r.IntN(len(comps))])
		}
		if escapesTree(parts) {
			continue // the rest of the file system changes under us
		}
		p := strings.Join(parts, "/")
		switch r.IntN(4) {
		case 0:
			p = root + "/" + p
		case 1:
			p += "/"
		}
		patterns = append(patterns, p)
	}
	var queries [][]string
	for _, p := range patterns {
		queries = append(queries, []string{"glob", p})
	}
	answers := o.ask(queries)
	t.Chdir(root)
	for i, want := range answers {
		p := patterns[i]
		if got := Glob(p); !slices.Equal(got, want) {
			t.Errorf("Glob(%q) = %q; python says %q", p, got, want)
		}
	}
}

// escapesTree reports whether a relative pattern of these components could
// reach outside the directory it is matched from.
func escapesTree(parts []string) bool {
	if parts[0] == "" {
		return true // absolute
	}
	depth := 0
	for _, c := range parts {
		switch c {
		case "", ".":
		case "..":
			if depth--; depth < 0 {
				return true
			}
		default:
			depth++
		}
	}
	return false
}
