package logs

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestAutoChildLogName: PROC-CLOG-002 name, mode and exclusivity.
func TestAutoChildLogName(t *testing.T) {
	dir := t.TempDir()
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(dir) + `/web-stdout---supervisor-[a-z0-9_]{8}\.log$`)
	seen := map[string]bool{}
	for range 50 {
		path, err := AutoChildLogName(dir, "web", "stdout", "supervisor")
		if err != nil {
			t.Fatal(err)
		}
		if !re.MatchString(path) {
			t.Fatalf("AutoChildLogName = %q, want it to match %s", path, re)
		}
		if seen[path] {
			t.Fatalf("AutoChildLogName returned %q twice", path)
		}
		seen[path] = true
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 || fi.Size() != 0 {
			t.Errorf("%s: mode %v size %d, want 0600 and empty", path, fi.Mode().Perm(), fi.Size())
		}
	}
	if _, err := AutoChildLogName(filepath.Join(dir, "missing"), "web", "stdout", "supervisor"); err == nil {
		t.Error("AutoChildLogName in a missing directory should fail")
	}
}

// TestAutoChildLogNameRelative: the path is absolute, as mkstemp's is.
func TestAutoChildLogNameRelative(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	path, err := AutoChildLogName(".", "p", "stderr", "id")
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(path) || filepath.Dir(path) != dir {
		t.Errorf("AutoChildLogName(\".\") = %q, want an absolute path in %s", path, dir)
	}
}

// autoCleanNames are file names checked against the AUTO cleanup pattern for
// identifier "supervisor"; wantCleaned are those the reference's
// clear_autochildlogdir regex matches (PROC-CLOG-004), captured with
// testdata/reference.py (kind "autoclean").
var autoCleanNames = []string{
	"x-stdout---supervisor-8ch1ma8c.log",
	"x-stdout---supervisor-8ch1ma8c.log.1",
	"x-stdout---supervisor-8ch1ma8c.log.12345",
	"x-stdout---supervisor-8ch1ma8c.logfile",
	"x-stdout---supervisor-.log",
	"---supervisor-abc.log",
	"a---supervisor-a b.log",
	"a---supervisor-a\u00a0b.log",
	"a---supervisor-a\vb.log",
	"a---supervisor-ab.log\n",
	"a\n---supervisor-ab.log",
	"a---supervisorX-ab.log",
	"a---other-ab.log",
	"a---supervisor-ab.txt",
	"unrelated.log",
	"a---supervisor-x.log.bak",
	"a---supervisor-x-y.log",
}

var wantCleaned = []string{
	"x-stdout---supervisor-8ch1ma8c.log",
	"x-stdout---supervisor-8ch1ma8c.log.1",
	"x-stdout---supervisor-8ch1ma8c.log.12345",
	"x-stdout---supervisor-8ch1ma8c.logfile",
	"a---supervisor-ab.log\n",
	"a---supervisor-x.log.bak",
	"a---supervisor-x-y.log",
}

// TestAutoChildLogPattern: which names the cleanup deletes.
func TestAutoChildLogPattern(t *testing.T) {
	re, err := AutoChildLogPattern("supervisor")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range autoCleanNames {
		if re.MatchString(n) {
			got = append(got, n)
		}
	}
	if !reflect.DeepEqual(got, wantCleaned) {
		t.Errorf("matched %q\nwant    %q", got, wantCleaned)
	}
	// The identifier is a pattern, unescaped, as in the reference.
	if re, err := AutoChildLogPattern("sup.r"); err != nil || !re.MatchString("a---super-b.log") {
		t.Errorf("identifier sup.r: %v, want it to match a---super-b.log", err)
	}
	if _, err := AutoChildLogPattern("bad("); err == nil {
		t.Error("identifier bad( should not compile")
	}
}

// TestAutoChildLogPatternMatchesReference re-captures wantCleaned.
func TestAutoChildLogPatternMatchesReference(t *testing.T) {
	var got []string
	askReference(t, map[string]any{"kind": "autoclean", "identifier": "supervisor", "names": autoCleanNames}, &got)
	if !reflect.DeepEqual(got, wantCleaned) {
		t.Errorf("reference matched %q\npinned            %q", got, wantCleaned)
	}
}

// TestClearAutoChildLogDir: matching files go, others stay; a match that
// cannot be deleted (a directory) and an unreadable directory are WARNs
// (PROC-CLOG-004, PROC-MLOG-023).
func TestClearAutoChildLogDir(t *testing.T) {
	dir := t.TempDir()
	keep := []string{"other---other-abc.log", "notes.txt", "a---supervisorX-b.log"}
	gone := []string{"p-stdout---supervisor-abcdefgh.log", "p-stdout---supervisor-abcdefgh.log.3"}
	for _, n := range append(append([]string{}, keep...), gone...) {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	stuck := "d---supervisor-dir.log"
	if err := os.Mkdir(filepath.Join(dir, stuck), 0o755); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	log, err := NewLogger(LoggerConfig{Level: LevelInfo, Stdout: &out, Now: func() time.Time { return time.Unix(0, 0).UTC() }})
	if err != nil {
		t.Fatal(err)
	}
	if err := ClearAutoChildLogDir(dir, "supervisor", log); err != nil {
		t.Fatal(err)
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	want := append(append([]string{}, keep...), stuck)
	sort.Strings(want)
	if !reflect.DeepEqual(left, want) {
		t.Errorf("left %q, want %q", left, want)
	}
	wantLog := "1970-01-01 00:00:00,000 WARN Failed to clean up '" + filepath.Join(dir, stuck) + "'\n"
	if out.String() != wantLog {
		t.Errorf("log = %q, want %q", out.String(), wantLog)
	}

	out.Reset()
	if err := ClearAutoChildLogDir(filepath.Join(dir, "missing"), "supervisor", log); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out.String(), " WARN Could not clear childlog dir\n") {
		t.Errorf("log = %q, want the could-not-clear warning", out.String())
	}
	if err := ClearAutoChildLogDir(dir, "bad(", log); err == nil {
		t.Error("a bad identifier pattern should be an error")
	}
}

// openNow is NewChildLog then Open, as a spawn does.
func openNow(cfg ChildLogConfig) (*ChildLog, error) { return openNowWith(cfg, osOpen) }

func openNowWith(cfg ChildLogConfig, open openFunc) (*ChildLog, error) {
	l := newChildLog(cfg, open)
	if err := l.Open(); err != nil {
		return nil, err
	}
	return l, nil
}

// TestChildLogOpenAtSpawn: the file is opened by Open, at each spawn, in
// append mode; one deleted meanwhile is created again, a chunk queued before
// an Open lands in the file open before it, and a path that cannot be opened
// is Open's error (PROC-CLOG-002, PROC-CLOG-003).
func TestChildLogOpenAtSpawn(t *testing.T) {
	dir := t.TempDir()
	path, err := AutoChildLogName(dir, "web", "stdout", "supervisor")
	if err != nil {
		t.Fatal(err)
	}
	l := NewChildLog(ChildLogConfig{Path: path})
	if err := l.Open(); err != nil {
		t.Fatal(err)
	}
	l.WriteNow([]byte("one\n"))
	if err := result(t, l.Flush(), "Flush"); err != nil {
		t.Fatal(err)
	}
	// Another writer appends meanwhile: ours must append after it, not
	// overwrite it, as the reference's 'a' mode does.
	if other, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0); err != nil {
		t.Fatal(err)
	} else {
		other.WriteString("other\n")
		other.Close()
	}
	l.Write([]byte("two\n"))
	if err := result(t, l.Flush(), "Flush"); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "one\nother\ntwo\n" {
		t.Errorf("log holds %q", got)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, %v; want mkstemp's 0600", fi.Mode(), err)
	}

	// Deleted while the process is stopped; the next spawn opens it anew.
	// Output of the old run queued before that Open still goes to the old file.
	old, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("late\n"))
	if err := l.Open(); err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("three\n"))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(old); string(got) != "one\nother\ntwo\nlate\n" {
		t.Errorf("the deleted file got %q", got)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "three\n" {
		t.Errorf("the new file holds %q, %v; want the new run's output", got, err)
	}

	if err := NewChildLog(ChildLogConfig{Path: filepath.Join(dir, "no", "such.log")}).Open(); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open in a missing directory = %v, want ErrNotExist", err)
	}
	if err := NewChildLog(ChildLogConfig{}).Open(); err != nil {
		t.Errorf("Open of a log without a file = %v", err)
	}
}
