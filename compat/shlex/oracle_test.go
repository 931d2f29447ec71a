package shlex

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"flag"
	"io"
	"os/exec"
	"testing"
)

// fuzzing reports whether this process is fuzzing (go test -fuzz), as opposed
// to replaying the seed corpus in a plain go test.
func fuzzing() bool {
	for _, name := range []string{"test.fuzz", "test.fuzzworker"} {
		if fl := flag.Lookup(name); fl != nil {
			if v := fl.Value.String(); v != "" && v != "false" {
				return true
			}
		}
	}
	return false
}

// pyOracle is one long-lived python3 running testdata/oracle.py, fed one JSON
// request per line.
type pyOracle struct {
	in  io.WriteCloser
	out *bufio.Reader
}

// oracleReply is one line of oracle.py output.
type oracleReply struct {
	OK  []string `json:"ok"`  // hex of each token
	Exc string   `json:"exc"` // exception class
	Msg string   `json:"msg"` // hex of str(exception)
}

// startOracle returns nil when not fuzzing; when fuzzing it skips f unless
// python3 is present.
func startOracle(f *testing.F) *pyOracle {
	if !fuzzing() {
		return nil
	}
	py, err := exec.LookPath("/usr/bin/python3") // the reference's interpreter
	if err != nil {
		if py, err = exec.LookPath("python3"); err != nil {
			f.Skip("python3 not found; differential fuzzing needs it")
		}
	}
	cmd := exec.Command(py, "testdata/oracle.py")
	in, err := cmd.StdinPipe()
	if err != nil {
		f.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		f.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() {
		in.Close() // oracle.py exits at EOF
		cmd.Wait()
	})
	return &pyOracle{in: in, out: bufio.NewReader(out)}
}

// ask runs op on s in CPython; it returns the tokens or the error text.
func (o *pyOracle) ask(t *testing.T, op, s string) (toks []string, errMsg string) {
	t.Helper()
	line, err := json.Marshal(map[string]string{"op": op, "s": hex.EncodeToString([]byte(s))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.in.Write(append(line, '\n')); err != nil {
		t.Fatalf("write to oracle: %v", err)
	}
	resp, err := o.out.ReadBytes('\n')
	if err != nil {
		t.Fatalf("read from oracle: %v", err)
	}
	var r oracleReply
	if err := json.Unmarshal(resp, &r); err != nil {
		t.Fatalf("oracle said %q: %v", resp, err)
	}
	if r.Exc != "" {
		if r.Exc != "ValueError" {
			t.Fatalf("CPython %s(%q) raised %s", op, s, r.Exc)
		}
		return nil, unhex(t, r.Msg)
	}
	toks = []string{}
	for _, h := range r.OK {
		toks = append(toks, unhex(t, h))
	}
	return toks, ""
}

func unhex(t *testing.T, s string) string {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("oracle hex %q: %v", s, err)
	}
	return string(b)
}
