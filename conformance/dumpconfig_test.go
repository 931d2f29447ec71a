package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/txtar"
)

// dumpPATH is the PATH both sides of TestDumpConfig see, whatever the caller's.
const dumpPATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// TestDumpConfig loads every testdata/configs/*.txtar with the reference's
// options module (scripts/dumpconfig.py) and with our supervisord
// --dump-config, and wants the same answer: same exit status, then the same
// JSON document (exit 0) or the same stderr (config errors, CFG-ERR-001).
//
// An archive holds supervisord.conf (the main config) and any files it needs;
// the optional files args (extra flags, one per line, put before
// `-c supervisord.conf`) and env (KEY=VALUE lines) configure the run and are
// not extracted.
func TestDumpConfig(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "configs", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no configs in testdata/configs/*.txtar")
	}
	ref := needReference(t)
	ours, buildErr := s.build()
	if buildErr != nil {
		// Still run the reference side of every config: it checks the archives.
		t.Error(buildErr)
	}
	host, _ := os.Hostname()
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := loadConfig(t, f)
			py := c.run(t, host, python3, []string{filepath.Join(s.root, "scripts", "dumpconfig.py")},
				"", "PYTHONPATH="+ref.pythonPath)
			if buildErr != nil {
				t.Skipf("the reference side ran (exit %d); ours did not build (see TestDumpConfig)", py.status)
			}
			goes := c.run(t, host, ours, []string{"--dump-config"}, ours)
			compareDumps(t, f, py, goes)
		})
	}
}

// config is one extracted archive.
type config struct {
	dir  string   // holds supervisord.conf; replaced by $WORK in outputs
	args []string // from the archive's args file
	env  []string // from the archive's env file
}

func loadConfig(t *testing.T, file string) *config {
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := &config{dir: dir}
	hasMain := false
	for _, f := range a.Files {
		switch f.Name {
		case "args":
			c.args = nonEmptyLines(f.Data)
			continue
		case "env":
			c.env = nonEmptyLines(f.Data)
			continue
		case "supervisord.conf":
			hasMain = true
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(p, dir+string(filepath.Separator)) {
			t.Fatalf("%s: file %q is outside the archive's directory", file, f.Name)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !hasMain {
		t.Fatalf("%s: no supervisord.conf in the archive", file)
	}
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	return c
}

func nonEmptyLines(b []byte) []string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimRight(l, "\r"); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// dump is one side's answer, with $WORK and $HOST put back in.
type dump struct {
	who            string
	status         int
	stdout, stderr string
}

// run runs prog with pre (the program's own leading arguments), then the
// archive's args, then -c supervisord.conf, in the archive's directory.
// argv0, if not empty, is a path to shorten to its base name in the output.
func (c *config) run(t *testing.T, host, prog string, pre []string, argv0 string, extraEnv ...string) dump {
	args := append(append(append([]string{}, pre...), c.args...), "-c", "supervisord.conf")
	ctx, cancel := context.WithTimeout(context.Background(), defaultCommand)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Dir = c.dir
	cmd.Env = append([]string{
		"PATH=" + dumpPATH,
		"HOME=" + c.dir,
		"TMPDIR=" + filepath.Join(c.dir, "tmp"),
		"LANG=C.UTF-8",
	}, extraEnv...)
	cmd.Env = append(cmd.Env, c.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	d := dump{who: filepath.Base(prog) + " " + strings.Join(args, " ")}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%s did not exit within %v", d.who, defaultCommand)
	case err == nil:
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		d.status = ee.ExitCode()
	default:
		t.Fatalf("%s: %v\n%s", d.who, err, stderr.Bytes())
	}
	d.stdout = c.normalize(stdout.String(), host, argv0)
	d.stderr = c.normalize(stderr.String(), host, argv0)
	return d
}

// normalize replaces the temporary directory with $WORK, the host name (as
// a whole word, since it may be as short as "vm") with $HOST, and argv0 with
// its base name: dumpconfig.py names itself "supervisord" in usage errors
// (`For help, use supervisord -h`), our binary its argv0, a full path.
func (c *config) normalize(s, host, argv0 string) string {
	if argv0 != "" {
		s = strings.ReplaceAll(s, argv0, filepath.Base(argv0))
	}
	s = strings.ReplaceAll(s, c.dir, "$WORK")
	if host != "" {
		s = hostPattern(host).ReplaceAllLiteralString(s, "$HOST")
	}
	return s
}

// hostPattern matches host as a whole word: \b on each side that is a word character.
func hostPattern(host string) *regexp.Regexp {
	isWord := func(b byte) bool {
		return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
	}
	expr := regexp.QuoteMeta(host)
	if isWord(host[0]) {
		expr = `\b` + expr
	}
	if isWord(host[len(host)-1]) {
		expr += `\b`
	}
	return regexp.MustCompile(expr)
}

// compareDumps reports every way in which ours differs from the reference.
func compareDumps(t *testing.T, file string, ref, ours dump) {
	t.Helper()
	if ref.status != ours.status {
		t.Errorf("%s: exit status: ours %d, reference %d\nours:      %s\nreference: %s\nour stderr:\n%s\nreference stderr:\n%s",
			file, ours.status, ref.status, ours.who, ref.who, ours.stderr, ref.stderr)
		return
	}
	if ref.status != 0 {
		if ref.stderr != ours.stderr {
			t.Errorf("%s: both exit %d, but stderr differs:\n%s", file, ref.status,
				diff.Diff("reference", []byte(ref.stderr), "ours", []byte(ours.stderr)))
		}
		return
	}
	rv, err := decodeJSON(ref.stdout)
	if err != nil {
		t.Fatalf("%s: reference output is not JSON: %v\n%s", file, err, ref.stdout)
	}
	ov, err := decodeJSON(ours.stdout)
	if err != nil {
		t.Fatalf("%s: our --dump-config output is not JSON: %v\n%s", file, err, ours.stdout)
	}
	rs, us := indent(rv), indent(ov)
	if rs != us {
		t.Errorf("%s: parsed configs differ:\n%s\nsorted, indented JSON (- reference, + ours):\n%s", file,
			strings.Join(jsonDiffs("", rv, ov, nil), "\n"), diff.Diff("reference", []byte(rs), "ours", []byte(us)))
	}
}

// maxJSONDiffs bounds the list of differing paths; the line diff shows the rest.
const maxJSONDiffs = 20

// jsonDiffs lists the paths (groups[0].processes[1].priority) at which the
// decoded documents ref and ours differ, with both values.
func jsonDiffs(path string, ref, ours any, out []string) []string {
	if len(out) >= maxJSONDiffs {
		return out
	}
	switch r := ref.(type) {
	case map[string]any:
		if o, ok := ours.(map[string]any); ok {
			keys := map[string]bool{}
			for k := range r {
				keys[k] = true
			}
			for k := range o {
				keys[k] = true
			}
			for _, k := range slices.Sorted(maps.Keys(keys)) {
				rv, rok := r[k]
				ov, ook := o[k]
				switch {
				case !rok:
					out = append(out, fmt.Sprintf("%s.%s: only ours has it: %s", path, k, compact(ov)))
				case !ook:
					out = append(out, fmt.Sprintf("%s.%s: ours lacks it; reference: %s", path, k, compact(rv)))
				default:
					out = jsonDiffs(path+"."+k, rv, ov, out)
				}
			}
			return out
		}
	case []any:
		if o, ok := ours.([]any); ok && len(o) == len(r) {
			for i := range r {
				out = jsonDiffs(fmt.Sprintf("%s[%d]", path, i), r[i], o[i], out)
			}
			return out
		}
	}
	if rc, oc := compact(ref), compact(ours); rc != oc {
		out = append(out, fmt.Sprintf("%s: reference %s, ours %s", path, rc, oc))
	}
	return out
}

func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // v came from json.Decode
	}
	return string(b)
}

// decodeJSON keeps numbers as written, so 1 and 1.0 (an int and a float in
// Python) stay different.
func decodeJSON(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after the JSON document")
	}
	return v, nil
}

// indent renders v with sorted keys, one value per line, for comparing and diffing.
func indent(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err) // v came from json.Decode
	}
	return string(b) + "\n"
}
