package conformance

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// skipKnob lets a developer without the reference run what does not need it.
// It is refused under CI=true, where a missing reference must fail the run.
const skipKnob = "CONFORMANCE_SKIP_REFERENCE"

// suite is what every test in this package shares: the module root, a scratch
// directory that outlives the tests, and the two lazily prepared sides.
type suite struct {
	root   string // module root
	tmp    string // removed by TestMain
	client string // absolute path of clients/rpc.py

	refOnce sync.Once
	ref     *reference
	refErr  error

	buildOnce sync.Once
	ours      string // our supervisord binary
	buildErr  error
}

// reference is the unpacked Debian package of supervisor 4.2.5.
type reference struct {
	root        string // what scripts/reference --dir printed
	pythonPath  string // <root>/usr/lib/python3/dist-packages
	supervisord string // <root>/usr/bin/supervisord (a python3 script)
	ctl         string // <root>/usr/bin/supervisorctl
}

// The one suite of this test binary, set up by TestMain.
var s *suite

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	root, err := filepath.Abs("..")
	if err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		return 1
	}
	client, err := filepath.Abs(filepath.Join("clients", "rpc.py"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		return 1
	}
	tmp, err := os.MkdirTemp("", "conformance")
	if err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	s = &suite{root: root, tmp: tmp, client: client}
	return m.Run()
}

// reference runs scripts/reference --dir once and checks what it points at.
func (su *suite) reference() (*reference, error) {
	su.refOnce.Do(func() {
		cmd := exec.Command(filepath.Join(su.root, "scripts", "reference"), "--dir")
		cmd.Dir = su.root
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			su.refErr = fmt.Errorf("scripts/reference --dir: %v\n%s%s", err, stdout.Bytes(), stderr.Bytes())
			return
		}
		dir := strings.TrimSpace(stdout.String())
		r := &reference{
			root:        dir,
			pythonPath:  filepath.Join(dir, "usr", "lib", "python3", "dist-packages"),
			supervisord: filepath.Join(dir, "usr", "bin", "supervisord"),
			ctl:         filepath.Join(dir, "usr", "bin", "supervisorctl"),
		}
		for _, f := range []string{r.supervisord, r.ctl, filepath.Join(r.pythonPath, "supervisor", "options.py")} {
			if _, err := os.Stat(f); err != nil {
				su.refErr = fmt.Errorf("scripts/reference --dir printed %q, but: %v", dir, err)
				return
			}
		}
		su.ref = r
	})
	return su.ref, su.refErr
}

// needReference returns the reference or ends the test: it fails, unless the
// local-only knob asks to skip.
func needReference(t testing.TB) *reference {
	t.Helper()
	knob := os.Getenv(skipKnob) == "1"
	if knob && os.Getenv("CI") == "true" {
		t.Fatalf("%s=1 is refused when CI=true: the reference side must run in CI", skipKnob)
	}
	r, err := s.reference()
	if err == nil {
		return r
	}
	if knob {
		t.Skipf("!!! SKIPPED, NOT TESTED: this needs the reference package (its supervisord, and the stock "+
			"supervisorctl and xmlrpc client that drive both sides), which is unavailable, and %s=1 is set. "+
			"Cause:\n%v", skipKnob, err)
	}
	t.Fatalf("the reference is unavailable (for a local run without it, set %s=1):\n%v", skipKnob, err)
	return nil
}

// build compiles ./cmd/supervisord once.
func (su *suite) build() (string, error) {
	su.buildOnce.Do(func() {
		out := filepath.Join(su.tmp, "build", "supervisord")
		cmd := exec.Command("go", "build", "-o", out, "./cmd/supervisord")
		cmd.Dir = su.root
		msg, err := cmd.CombinedOutput()
		if err != nil {
			su.buildErr = fmt.Errorf("our side is not testable: `go build -o %s ./cmd/supervisord` failed: %v\n%s",
				out, err, msg)
			return
		}
		su.ours = out
	})
	return su.ours, su.buildErr
}

// needOurs returns the path of our supervisord binary or fails the test.
func needOurs(t testing.TB) string {
	t.Helper()
	bin, err := s.build()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// binDir prepares the bin directory of one side: supervisord is our binary
// (go) or the reference's script (ref); supervisorctl is always the
// reference's script, the stock client both sides are driven by.
func binDir(t testing.TB, impl string, ref *reference) string {
	t.Helper()
	// A fresh directory per call: with -count=N an earlier run's binary may
	// still be mapped by a process that is on its way out.
	dir, err := os.MkdirTemp(s.tmp, impl+"-bin-")
	if err != nil {
		t.Fatal(err)
	}
	daemon := ref.supervisord
	if impl == "go" {
		daemon = needOurs(t)
	}
	for name, src := range map[string]string{"supervisord": daemon, "supervisorctl": ref.ctl} {
		if err := copyFile(filepath.Join(dir, name), src, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func copyFile(dst, src string, perm os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s to %s: %w", src, dst, err)
	}
	return out.Close()
}
