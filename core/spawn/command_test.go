package spawn

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
)

// execvCase is one command resolution, run in the fixture from makeFixture.
// EnvPath is the program's environment PATH, SDPath supervisord's; nil means
// unset.
type execvCase struct {
	Command string  `json:"command"`
	EnvPath *string `json:"env_path"`
	SDPath  *string `json:"sd_path"`
}

type execvResult struct {
	Filename string   `json:"filename"`
	Argv     []string `json:"argv"`
	Err      string   `json:"err"`
}

func ptr(s string) *string { return &s }

// execvCases pins the reference's answers (PROC-SPAWN-001..003, PROC-ERR-001..005),
// produced by testdata/execv_args.py; TestResolveCommandReference re-checks
// them against the reference when it is available.
var execvCases = []struct {
	in   execvCase
	want execvResult
}{
	{execvCase{"", nil, ptr("bin")}, execvResult{Err: "command is empty"}},
	{execvCase{"  \t", nil, ptr("bin")}, execvResult{Err: "command is empty"}},
	{execvCase{"'unterminated", nil, ptr("bin")}, execvResult{Err: `can't parse command "'unterminated": No closing quotation`}},
	{execvCase{`foo\`, nil, ptr("bin")}, execvResult{Err: `can't parse command 'foo\\': No escaped character`}},
	{execvCase{"nosuch", ptr("bin"), nil}, execvResult{Err: "can't find command 'nosuch'"}},
	{execvCase{"prog a 'b c'", ptr("bin:bin2"), nil}, execvResult{Filename: "bin/prog", Argv: []string{"prog", "a", "b c"}}},
	{execvCase{"prog", ptr("bin2:bin"), nil}, execvResult{Filename: "bin2/prog", Argv: []string{"prog"}}},
	{execvCase{"noexec", ptr("bin"), nil}, execvResult{Err: "command at 'bin/noexec' is not executable"}},
	{execvCase{"adir", ptr("bin"), nil}, execvResult{Err: "command at 'bin/adir' is a directory"}},
	{execvCase{"bin/noexec", nil, nil}, execvResult{Err: "command at 'bin/noexec' is not executable"}},
	{execvCase{"./bin/prog x", nil, nil}, execvResult{Filename: "./bin/prog", Argv: []string{"./bin/prog", "x"}}},
	{execvCase{"bin/", nil, nil}, execvResult{Err: "command at 'bin/' is a directory"}},
	{execvCase{"./nosuch", nil, nil}, execvResult{Err: "can't find command './nosuch'"}},
	{execvCase{"top", ptr(""), nil}, execvResult{Filename: "top", Argv: []string{"top"}}},
	{execvCase{"prog", ptr(""), ptr("bin")}, execvResult{Err: "can't find command 'prog'"}},
	{execvCase{"sub", ptr(""), nil}, execvResult{Err: "command at 'sub' is a directory"}},
	{execvCase{"prog", ptr(":bin"), nil}, execvResult{Filename: "bin/prog", Argv: []string{"prog"}}},
	{execvCase{"prog", ptr("bin/"), nil}, execvResult{Filename: "bin/prog", Argv: []string{"prog"}}},
	{execvCase{`"x'q" #not-a-comment`, ptr("bin"), nil}, execvResult{Filename: "bin/x'q", Argv: []string{"x'q", "#not-a-comment"}}},
	{execvCase{`"no'x"`, ptr("bin"), nil}, execvResult{Err: `command at "bin/no'x" is not executable`}},
	{execvCase{`both\'\"`, ptr("bin"), nil}, execvResult{Err: `command at 'bin/both\'"' is not executable`}},
	{execvCase{"é", ptr("bin"), nil}, execvResult{Err: "can't find command 'é'"}},
	{execvCase{"prog", nil, ptr("bin2")}, execvResult{Filename: "bin2/prog", Argv: []string{"prog"}}},
	{execvCase{"prog", nil, ptr("")}, execvResult{Err: "can't find command 'prog'"}},
	{execvCase{"sh -c 'echo hi'", nil, nil}, execvResult{Filename: "/bin/sh", Argv: []string{"sh", "-c", "echo hi"}}},
	{execvCase{"prog", ptr("nosuchdir:bin"), ptr("bin2")}, execvResult{Filename: "bin/prog", Argv: []string{"prog"}}},
}

// makeFixture builds the tree the cases resolve in and makes it the cwd.
func makeFixture(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]os.FileMode{
		"bin/prog": 0o755, "bin/noexec": 0o644, "bin/x'q": 0o755, "bin/no'x": 0o644,
		`bin/both'"`: 0o644, "bin2/prog": 0o755, "top": 0o755,
	}
	for _, d := range []string{"bin/adir", "bin2", "sub"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, mode := range files {
		if err := os.WriteFile(filepath.Join(root, name), []byte("#!/bin/sh\n"), mode); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(root)
	return root
}

func TestResolveCommand(t *testing.T) {
	makeFixture(t)
	for _, tt := range execvCases {
		c := tt.in
		if c.SDPath == nil {
			t.Setenv("PATH", "")
			os.Unsetenv("PATH")
		} else {
			t.Setenv("PATH", *c.SDPath)
		}
		var env []datatypes.KV
		if c.EnvPath != nil {
			env = []datatypes.KV{{Key: "OTHER", Value: "x"}, {Key: "PATH", Value: *c.EnvPath}}
		}
		filename, argv, err := ResolveCommand(c.Command, env)
		got := execvResult{Filename: filename, Argv: argv, Err: errText(err)}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ResolveCommand(%q) env PATH %v, PATH %v:\n got %+v\nwant %+v", c.Command, strp(c.EnvPath), strp(c.SDPath), got, tt.want)
		}
		var se *SpawnError
		if err != nil && !errors.As(err, &se) {
			t.Errorf("ResolveCommand(%q): error %T, want *SpawnError", c.Command, err)
		}
	}
}

func strp(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

// The spawnerr kinds, for the loop's errors.Is.
func TestResolveCommandKinds(t *testing.T) {
	makeFixture(t)
	for cmd, kind := range map[string]error{
		"": ErrBadCommand, "'x": ErrBadCommand, "./nosuch": ErrNotFound,
		"bin/noexec": ErrNotExecutable, "bin/adir": ErrNotExecutable,
	} {
		if _, _, err := ResolveCommand(cmd, nil); !errors.Is(err, kind) {
			t.Errorf("ResolveCommand(%q) = %v, want kind %v", cmd, err, kind)
		}
	}
}

// TestResolveCommandReference checks the pinned table against the reference
// itself (scripts/reference fetches it).
func TestResolveCommandReference(t *testing.T) {
	ref, err := filepath.Abs("../../.cache/reference/supervisor_4.2.5-1/usr/lib/python3/dist-packages")
	if err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("testdata/execv_args.py")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(ref, "supervisor")); err != nil {
		t.Skip("reference not fetched (scripts/reference)")
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	root := makeFixture(t)
	var in []execvCase
	for _, tt := range execvCases {
		in = append(in, tt.in)
	}
	data, _ := json.Marshal(in)
	cmd := exec.Command(python, script, ref)
	cmd.Dir = root
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	var got []execvResult
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%s output %q: %v", script, out, err)
	}
	if len(got) != len(execvCases) {
		t.Fatalf("reference answered %d cases, want %d", len(got), len(execvCases))
	}
	for i, tt := range execvCases {
		if !reflect.DeepEqual(got[i], tt.want) {
			t.Errorf("reference on %+v:\n  ref %+v\npinned %+v", tt.in, got[i], tt.want)
		}
	}
}
