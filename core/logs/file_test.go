package logs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// rotOp is one step of a rotation case; the JSON names are those of
// testdata/reference.py.
type rotOp struct {
	Write  string `json:"write,omitempty"`  // log one record
	Reopen bool   `json:"reopen,omitempty"` // SIGUSR2
	Remove bool   `json:"remove,omitempty"` // clearProcessLogs: remove + reopen
	Put    string `json:"put,omitempty"`    // overwrite a file behind the log's back
	Data   string `json:"data,omitempty"`
}

type rotCase struct {
	name     string
	maxBytes int64
	backups  int
	pre      map[string]string // files present before the log is opened
	ops      []rotOp
	want     map[string]string // the whole directory afterwards
}

func w(s string) rotOp { return rotOp{Write: s} }

// rotCases pin what the reference's RotatingFileHandler leaves on disk
// (PROC-LOGF-004, PROC-CLOG-005, PROC-CLOG-012). The want maps were captured
// from supervisor 4.2.5 with testdata/reference.py (kind "rotate");
// TestRotationMatchesReference re-runs it.
var rotCases = []rotCase{
	{
		name: "rotate after the record that reaches maxbytes, never split it", maxBytes: 10, backups: 2,
		ops:  []rotOp{w("abc"), w("defghijk"), w("lmnopqrstuvwxyz0123"), w("A"), w("BCDEFGHIJK"), w("Z")},
		want: map[string]string{"x.log": "Z", "x.log.1": "ABCDEFGHIJK", "x.log.2": "lmnopqrstuvwxyz0123"},
	},
	{
		name: "exactly maxbytes rotates, one less does not", maxBytes: 10, backups: 3,
		ops:  []rotOp{w("0123456789"), w("012345678"), w("x")},
		want: map[string]string{"x.log": "", "x.log.1": "012345678x", "x.log.2": "0123456789"},
	},
	{
		name: "no backups truncates", maxBytes: 10, backups: 0,
		ops:  []rotOp{w("abcdefghijkl"), w("x"), w("0123456789"), w("yz")},
		want: map[string]string{"x.log": "yz"},
	},
	{
		name: "maxbytes 0 never rotates", maxBytes: 0, backups: 5,
		ops:  []rotOp{w(strings.Repeat("a", 100)), w("b"), w("\n")},
		want: map[string]string{"x.log": strings.Repeat("a", 100) + "b\n"},
	},
	{
		name: "existing content counts: append mode starts at the end", maxBytes: 10, backups: 1,
		pre:  map[string]string{"x.log": "123456789"},
		ops:  []rotOp{w("a"), w("b")},
		want: map[string]string{"x.log": "b", "x.log.1": "123456789a"},
	},
	{
		name: "gaps in the backups shift only what exists", maxBytes: 4, backups: 3,
		pre:  map[string]string{"x.log.2": "two", "x.log.3": "three", "x.log.7": "seven"},
		ops:  []rotOp{w("abcd"), w("efgh")},
		want: map[string]string{"x.log": "", "x.log.1": "efgh", "x.log.2": "abcd", "x.log.3": "two", "x.log.7": "seven"},
	},
	{
		name: "backups 1 keeps one", maxBytes: 3, backups: 1,
		ops:  []rotOp{w("aaa"), w("bbb"), w("ccc"), w("d")},
		want: map[string]string{"x.log": "d", "x.log.1": "ccc"},
	},
	{
		name: "reopen keeps appending", maxBytes: 10, backups: 1,
		ops:  []rotOp{w("abc"), {Reopen: true}, w("def"), {Reopen: true}, w("ghij"), w("k")},
		want: map[string]string{"x.log": "k", "x.log.1": "abcdefghij"},
	},
	{
		name: "remove deletes the base file only, then starts afresh", maxBytes: 5, backups: 2,
		ops:  []rotOp{w("12345"), w("abc"), {Remove: true}, w("de"), w("fgh")},
		want: map[string]string{"x.log": "", "x.log.1": "defgh", "x.log.2": "12345"},
	},
	{
		name: "remove without rotation", maxBytes: 0, backups: 0,
		ops:  []rotOp{w("abc"), {Remove: true}, w("d")},
		want: map[string]string{"x.log": "d"},
	},
	{
		name: "after a rotation the new file is not in append mode", maxBytes: 10, backups: 1,
		ops:  []rotOp{w("0123456789ab"), w("ab"), {Put: "x.log", Data: ""}, w("cd")},
		want: map[string]string{"x.log": "\x00\x00cd", "x.log.1": "0123456789ab"},
	},
	{
		name: "in append mode a truncation behind our back restarts the count", maxBytes: 10, backups: 1,
		ops:  []rotOp{w("12345678"), {Put: "x.log", Data: ""}, w("abc"), w("defg"), w("hij")},
		want: map[string]string{"x.log": "", "x.log.1": "abcdefghij"},
	},
	{
		name: "binary bytes pass untouched", maxBytes: 0, backups: 0,
		ops:  []rotOp{w("\x00\xff\x1b[31mred\x1b[0m\r\n"), w("\xe9t\xe9")},
		want: map[string]string{"x.log": "\x00\xff\x1b[31mred\x1b[0m\r\n\xe9t\xe9"},
	},
}

// runRotCase replays c on our File in a fresh directory and returns the
// directory's contents.
func runRotCase(t *testing.T, c rotCase) map[string]string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range c.pre {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := OpenFile(filepath.Join(dir, "x.log"), c.maxBytes, c.backups)
	if err != nil {
		t.Fatalf("OpenFile: %v", err)
	}
	for _, op := range c.ops {
		switch {
		case op.Reopen:
			err = f.Reopen()
		case op.Remove:
			err = f.Clear()
		case op.Put != "":
			err = os.WriteFile(filepath.Join(dir, op.Put), []byte(op.Data), 0o644)
		default:
			var n int
			p := []byte(op.Write)
			n, err = f.Write(p)
			if err == nil && n != len(p) {
				t.Fatalf("Write(%q) = %d, want %d", op.Write, n, len(p))
			}
		}
		if err != nil {
			t.Fatalf("%+v: %v", op, err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return listFiles(t, dir)
}

func listFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got[e.Name()] = string(data)
	}
	return got
}

// TestRotation: rotation names, boundaries and contents are the reference's
// (PROC-LOGF-004, PROC-CLOG-005, PROC-CLOG-012).
func TestRotation(t *testing.T) {
	for _, c := range rotCases {
		t.Run(c.name, func(t *testing.T) {
			if got := runRotCase(t, c); !reflect.DeepEqual(got, c.want) {
				t.Errorf("files = %q\nwant    %q", got, c.want)
			}
		})
	}
}

// TestRotationMatchesReference re-captures rotCases from the reference.
func TestRotationMatchesReference(t *testing.T) {
	type refCase struct {
		MaxBytes int64             `json:"maxbytes"`
		Backups  int               `json:"backups"`
		Pre      map[string]string `json:"pre,omitempty"`
		Ops      []rotOp           `json:"ops"`
	}
	req := struct {
		Kind  string    `json:"kind"`
		Cases []refCase `json:"cases"`
	}{Kind: "rotate"}
	for _, c := range rotCases {
		rc := refCase{MaxBytes: c.maxBytes, Backups: c.backups, Pre: map[string]string{}}
		for name, data := range c.pre {
			rc.Pre[name] = latin1([]byte(data))
		}
		for _, op := range c.ops {
			op.Write, op.Data = latin1([]byte(op.Write)), latin1([]byte(op.Data))
			rc.Ops = append(rc.Ops, op)
		}
		req.Cases = append(req.Cases, rc)
	}
	var got []struct {
		Files map[string]string `json:"files"`
	}
	askReference(t, req, &got)
	if len(got) != len(rotCases) {
		t.Fatalf("reference answered %d cases, want %d", len(got), len(rotCases))
	}
	for i, c := range rotCases {
		files := map[string]string{}
		for name, data := range got[i].Files {
			files[name] = string(fromLatin1(data))
		}
		if !reflect.DeepEqual(files, c.want) {
			t.Errorf("%s: reference left %q\npinned              %q", c.name, files, c.want)
		}
	}
}

// TestFileWriteAfterClose: a closed File refuses records until Reopen.
func TestFileWriteAfterClose(t *testing.T) {
	f, err := OpenFile(filepath.Join(t.TempDir(), "x.log"), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("x")); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Write after Close = %v, want os.ErrClosed", err)
	}
	if err := f.Reopen(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("x")); err != nil {
		t.Errorf("Write after Reopen = %v", err)
	}
	f.Close()
}

// TestFileReopenFailureRecovers: a reopen that fails (directory gone) is
// reported, and the next record reopens once it can; nothing panics.
func TestFileReopenFailureRecovers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "x.log")
	f, err := OpenFile(path, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write([]byte("a")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := f.Reopen(); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Reopen in a vanished directory = %v, want ErrNotExist", err)
	}
	if _, err := f.Write([]byte("b")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Write with no file = %v, want ErrNotExist", err)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("c")); err != nil {
		t.Fatalf("Write once the directory is back = %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "c" {
		t.Errorf("file = %q, want %q", got, "c")
	}
}

// TestFileRotationFailureKeepsWriting: when a rotation cannot rename (x.log.1
// is a directory), the error is returned, the record is already written and
// later records keep landing in x.log; the rotation succeeds once the
// obstacle is gone.
func TestFileRotationFailureKeepsWriting(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.log")
	if err := os.MkdirAll(filepath.Join(path+".1", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := OpenFile(path, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if n, err := f.Write([]byte("abcd")); n != 4 || err == nil {
		t.Fatalf("Write = %d, %v; want 4 and a rotation error", n, err)
	}
	if _, err := f.Write([]byte("ef")); err == nil {
		t.Fatal("second Write: want the rotation error again")
	}
	if err := os.RemoveAll(path + ".1"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("g")); err != nil {
		t.Fatalf("Write once the way is clear = %v", err)
	}
	want := map[string]string{"x.log": "", "x.log.1": "abcdefg"}
	if got := listFiles(t, dir); !reflect.DeepEqual(got, want) {
		t.Errorf("files = %q, want %q", got, want)
	}
}
