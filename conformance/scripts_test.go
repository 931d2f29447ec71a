package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
)

// epilogue is appended to every script we run. testscript ends the background
// commands still running at the end of a script with SIGINT and then waits for
// them without a bound, before any Defer runs; running stopdaemons as the
// script's last command makes a supervisord that is still up get SIGTERM first,
// so that it stops its children (process.md PROC-SIG-001) and is waited for
// with a bound. On failure the Defer registered in setup does the same job,
// and there it runs before testscript's own SIGINT.
const epilogue = "# (harness) stop the daemons still running\nstopdaemons\n"

// TestScripts runs every testdata/*.txtar against our supervisord (subtest go)
// and the reference's (subtest ref). See doc.go.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scripts in testdata/*.txtar")
	}
	for _, impl := range []string{"go", "ref"} {
		t.Run(impl, func(t *testing.T) {
			t.Parallel()
			ref := needReference(t)
			bin := binDir(t, impl, ref)
			testscript.Run(t, testscript.Params{
				Files:     withEpilogue(t, impl, files),
				Setup:     setup(impl, bin, ref),
				Condition: condition(impl),
				Cmds:      commands,
			})
		})
	}
}

// withEpilogue writes a copy of each script, with the epilogue appended, under
// the same base name (so subtest names stay the script names) and returns the
// copies. Line numbers in failure messages are those of the original.
func withEpilogue(t *testing.T, impl string, files []string) []string {
	dir, err := os.MkdirTemp(s.tmp, impl+"-scripts-")
	if err != nil {
		t.Fatal(err)
	}
	var copies []string
	for _, f := range files {
		a, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		script := string(a.Comment)
		if script != "" && !strings.HasSuffix(script, "\n") {
			script += "\n"
		}
		a.Comment = []byte(script + epilogue)
		c := filepath.Join(dir, filepath.Base(f))
		if err := os.WriteFile(c, txtar.Format(a), 0o644); err != nil {
			t.Fatal(err)
		}
		copies = append(copies, c)
	}
	return copies
}

// setup prepares a script's environment (doc.go lists the variables) and
// registers the cleanup that stops its daemons, also on failure.
func setup(impl, bin string, ref *reference) func(*testscript.Env) error {
	return func(e *testscript.Env) error {
		e.Setenv("PATH", bin+string(os.PathListSeparator)+e.Getenv("PATH"))
		e.Setenv("BIN", bin)
		e.Setenv("IMPL", impl)
		e.Setenv("PYTHONPATH", ref.pythonPath)
		e.Setenv("LANG", "C.UTF-8")
		e.Setenv("HOME", e.WorkDir)
		work, t := e.WorkDir, e.T()
		e.Defer(func() {
			for _, line := range stopDaemons(work).log {
				t.Log(line)
			}
		})
		return nil
	}
}

// condition adds [go] and [ref]: true on that side only. A line marked with
// one of them is a deliberate difference and says why in a comment. [root]
// holds when the suite runs as root (privilege drops need it).
func condition(impl string) func(string) (bool, error) {
	return func(cond string) (bool, error) {
		switch cond {
		case "go", "ref":
			return cond == impl, nil
		case "root":
			return os.Getuid() == 0, nil
		}
		return false, fmt.Errorf("unknown condition %q (this suite adds [go], [ref] and [root])", cond)
	}
}
