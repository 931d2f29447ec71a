package shlex

import (
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/internal/pyoracle"
)

// pyOracle is CPython running testdata/oracle.py, fed one JSON request per
// line.
type pyOracle struct{ *pyoracle.Oracle }

// oracleReply is one line of oracle.py output.
type oracleReply struct {
	OK  []string `json:"ok"`  // hex of each token
	Exc string   `json:"exc"` // exception class
	Msg string   `json:"msg"` // hex of str(exception)
}

// startOracle returns nil when not fuzzing; when fuzzing it skips f unless
// CPython 3.11 is present.
func startOracle(f *testing.F) *pyOracle {
	if !pyoracle.Fuzzing() {
		return nil
	}
	return &pyOracle{pyoracle.Start(f, pyoracle.Config{Script: "testdata/oracle.py"})}
}

// ask runs op on s in CPython; it returns the tokens or the error text.
func (o *pyOracle) ask(t *testing.T, op, s string) (toks []string, errMsg string) {
	t.Helper()
	var r oracleReply
	o.Ask(t, map[string]string{"op": op, "s": pyoracle.Hex(s)}, &r)
	if r.Exc != "" {
		if r.Exc != "ValueError" {
			t.Fatalf("CPython %s(%q) raised %s", op, s, r.Exc)
		}
		return nil, pyoracle.Unhex(t, r.Msg)
	}
	toks = []string{}
	for _, h := range r.OK {
		toks = append(toks, pyoracle.Unhex(t, h))
	}
	return toks, ""
}
