package pyfmt

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
// request per line. Fuzz targets compare every input against it.
type pyOracle struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

// oracleReply is one line of oracle.py output.
type oracleReply struct {
	OK  *string `json:"ok"`  // hex of the result
	Exc string  `json:"exc"` // exception class
	Msg string  `json:"msg"` // hex of str(exception)
	Big int     `json:"big"` // length of a result too long to send
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
	return &pyOracle{cmd: cmd, in: in, out: bufio.NewReader(out)}
}

// ask sends one request and decodes the reply.
func (o *pyOracle) ask(t *testing.T, req map[string]any) oracleReply {
	t.Helper()
	line, err := json.Marshal(req)
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
	return r
}

func unhex(t *testing.T, s string) string {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("oracle hex %q: %v", s, err)
	}
	return string(b)
}

// dictRequest encodes d for oracle.py.
func dictRequest(d *Dict) [][]any {
	items := [][]any{}
	for _, k := range d.Keys() {
		v, _ := d.Get(k)
		switch v := v.(type) {
		case string:
			items = append(items, []any{hex.EncodeToString([]byte(k)), []any{"s", hex.EncodeToString([]byte(v))}})
		case int:
			items = append(items, []any{hex.EncodeToString([]byte(k)), []any{"i", v}})
		}
	}
	return items
}
