package logs

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// latin1 carries bytes through JSON to and from testdata/reference.py, which
// decodes and encodes them as latin-1.
func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

func fromLatin1(s string) []byte {
	var out []byte
	for _, r := range s {
		out = append(out, byte(r))
	}
	return out
}

// askReference runs testdata/reference.py on req with the reference's
// supervisor package and decodes its answer into out. It skips t when
// /usr/bin/python3 or the unpacked reference (scripts/reference) is missing.
func askReference(t *testing.T, req any, out any) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: not running the reference")
	}
	py := "/usr/bin/python3" // the reference's interpreter
	if _, err := os.Stat(py); err != nil {
		t.Skip("no /usr/bin/python3; cannot re-check against the reference")
	}
	cache := os.Getenv("SUPERVISOR_REF_CACHE")
	if cache == "" {
		cache = filepath.Join("..", "..", ".cache", "reference")
	}
	pkg, err := filepath.Abs(filepath.Join(cache, "supervisor_4.2.5-1", "usr", "lib", "python3", "dist-packages"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(pkg, "supervisor", "loggers.py")); err != nil {
		t.Skip("reference not unpacked (run scripts/reference); cannot re-check against it")
	}
	in, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, filepath.Join("testdata", "reference.py"))
	cmd.Env = append(os.Environ(), "PYTHONPATH="+pkg)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("testdata/reference.py: %v\n%s", err, stderr.Bytes())
	}
	if err := json.Unmarshal(stdout, out); err != nil {
		t.Fatalf("decode reference.py answer %q: %v", stdout, err)
	}
}
