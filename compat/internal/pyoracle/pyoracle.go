// Package pyoracle runs a CPython script as a long-lived oracle for the
// differential tests of compat: the process starts once, answers one line
// for each line it is sent (usually JSON), and ends when the test does. Each
// package keeps its own script under testdata/, since each asks CPython
// different questions.
//
// The interpreter is the reference's, /usr/bin/python3 (Debian's 3.11.2),
// or else a python3 on PATH; a test is skipped when neither is CPython 3.11,
// or when it needs the reference's sources (Config.Reference) and they are
// not unpacked.
//
// Only tests import this package.
package pyoracle

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Interpreter is the reference's interpreter.
const Interpreter = "/usr/bin/python3"

// referenceDir is where scripts/ unpacks the reference's Python package,
// relative to the module root.
const referenceDir = ".cache/reference/supervisor_4.2.5-1/usr/lib/python3/dist-packages"

// Config says what to run.
type Config struct {
	Script string   // the script, relative to the test's directory
	Args   []string // its arguments
	Dir    string   // its working directory; "" for the test's
	Env    []string // its environment; nil for the test's

	// Reference puts the reference's package (supervisor 4.2.5) on
	// PYTHONPATH and requires Interpreter itself: the reference runs on the
	// system's CPython, whose security backports (urllib) another python3
	// may lack. Without either the test is skipped.
	Reference bool
}

// Oracle is one running script. Its methods end the test with Fatal when the
// script does not answer.
type Oracle struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *syncBuffer
}

// Start starts c.Script, or skips tb when there is no CPython 3.11 (or no
// reference, for c.Reference). The script ends when tb does: Start closes its
// input, which must make it exit 0.
func Start(tb testing.TB, c Config) *Oracle {
	tb.Helper()
	py := python(tb, c.Reference)
	script, err := filepath.Abs(c.Script)
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(py, append([]string{script}, c.Args...)...)
	cmd.Dir = c.Dir
	cmd.Env = c.Env
	if c.Reference {
		dir := referencePath(tb)
		if cmd.Env == nil {
			cmd.Env = os.Environ()
		}
		cmd.Env = append(cmd.Env, "PYTHONPATH="+dir, "PYTHONDONTWRITEBYTECODE=1")
	}
	o := &Oracle{cmd: cmd, stderr: new(syncBuffer)}
	cmd.Stderr = o.stderr
	if o.in, err = cmd.StdinPipe(); err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	o.out = bufio.NewReader(stdout)
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		o.in.Close() // the script ends at EOF
		if err := cmd.Wait(); err != nil {
			tb.Errorf("%s: %v\n%s", c.Script, err, o.stderr)
		}
	})
	return o
}

// python returns the interpreter to run, or skips tb.
func python(tb testing.TB, reference bool) string {
	tb.Helper()
	py := Interpreter
	if _, err := os.Stat(py); err != nil {
		if reference {
			tb.Skipf("%s not found; the reference runs on it", Interpreter)
		}
		if py, err = exec.LookPath("python3"); err != nil {
			tb.Skip("python3 not found; differential test skipped")
		}
	}
	out, err := exec.Command(py, "-c", "import sys; print(sys.implementation.name, '%d.%d' % sys.version_info[:2])").Output()
	if err != nil || strings.TrimSpace(string(out)) != "cpython 3.11" {
		tb.Skipf("%s is not CPython 3.11 (%q, %v)", py, out, err)
	}
	return py
}

// referencePath returns the absolute path of the reference's package, or
// skips tb when it is not unpacked.
func referencePath(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("module root not found")
		}
		dir = parent
	}
	ref := filepath.Join(dir, referenceDir)
	if _, err := os.Stat(filepath.Join(ref, "supervisor", "datatypes.py")); err != nil {
		tb.Skipf("reference sources not found: %v", err)
	}
	return ref
}

// RoundTrip sends line (without its newline) and returns the answer line,
// without its newline.
func (o *Oracle) RoundTrip(tb testing.TB, line []byte) []byte {
	tb.Helper()
	if _, err := o.in.Write(append(line, '\n')); err != nil {
		tb.Fatalf("oracle: write: %v\n%s", err, o.stderr)
	}
	answer, err := o.out.ReadBytes('\n')
	if err != nil {
		tb.Fatalf("oracle: read: %v\n%s", err, o.stderr)
	}
	return bytes.TrimSuffix(answer, []byte("\n"))
}

// Ask sends req as one line of JSON and decodes the answer line into reply.
func (o *Oracle) Ask(tb testing.TB, req, reply any) {
	tb.Helper()
	line, err := json.Marshal(req)
	if err != nil {
		tb.Fatal(err)
	}
	answer := o.RoundTrip(tb, line)
	if err := json.Unmarshal(answer, reply); err != nil {
		tb.Fatalf("oracle said %q: %v", answer, err)
	}
}

// Batch sends every line while it reads the answers, for many questions at
// once, and returns one answer line per line sent.
func (o *Oracle) Batch(tb testing.TB, lines [][]byte) [][]byte {
	tb.Helper()
	werr := make(chan error, 1)
	go func() {
		w := bufio.NewWriter(o.in)
		for _, l := range lines {
			w.Write(l)
			w.WriteByte('\n')
		}
		werr <- w.Flush()
	}()
	answers := make([][]byte, 0, len(lines))
	var rerr error
	for range lines {
		a, err := o.out.ReadBytes('\n')
		if err != nil {
			rerr = err
			o.cmd.Process.Kill() // unblocks the writer
			break
		}
		answers = append(answers, bytes.TrimSuffix(a, []byte("\n")))
	}
	if err := <-werr; err != nil && rerr == nil {
		tb.Fatalf("oracle: write: %v\n%s", err, o.stderr)
	}
	if rerr != nil {
		tb.Fatalf("oracle answered %d of %d lines: %v\n%s", len(answers), len(lines), rerr, o.stderr)
	}
	return answers
}

// Fuzzing reports whether this process is fuzzing (go test -fuzz), as opposed
// to replaying the seed corpus in a plain go test.
func Fuzzing() bool {
	for _, name := range []string{"test.fuzz", "test.fuzzworker"} {
		if fl := flag.Lookup(name); fl != nil {
			if v := fl.Value.String(); v != "" && v != "false" {
				return true
			}
		}
	}
	return false
}

// syncBuffer is a bytes.Buffer that the command's stderr copier and the test
// may use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Hex encodes s for a script that takes strings as hex of their bytes (and
// decodes them with surrogateescape, as supervisor reads its input).
func Hex(s string) string { return hex.EncodeToString([]byte(s)) }

// Unhex decodes a hex string from the script's answer.
func Unhex(tb testing.TB, h string) string {
	tb.Helper()
	b, err := hex.DecodeString(h)
	if err != nil {
		tb.Fatalf("oracle hex %q: %v", h, err)
	}
	return string(b)
}
