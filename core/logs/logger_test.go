package logs

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// mainRecord is one call on a Logger at a given clock reading.
type mainRecord struct {
	level Level
	msg   string
	ns    int64 // Unix nanoseconds the clock returns
}

// pyTime is the float time.time() returns for ns (CPython's
// _PyTime_AsSecondsDouble), sent to the reference as its clock.
func pyTime(ns int64) float64 {
	if ns%1e9 == 0 {
		return float64(ns / 1e9)
	}
	return float64(ns) / 1e9
}

// mainLogRecords exercise the line format (PROC-LOGF-001) and level filter
// (PROC-LOGF-002) with the clock on the float edges the reference has.
var mainLogRecords = []mainRecord{
	{LevelInfo, "hello %s", 1_001_000_000},               // 1.001 as a float: ",000"
	{LevelDebug, "dropped below INFO", 2_500_000_000},    // filtered
	{LevelCritical, "a\nb\n", 1_700_000_000_999_900_000}, // multi-line, verbatim
	{LevelWarn, "warn", 1_700_000_000_999_999_999},       // the float rounds up to the next second
	{LevelError, "erro", 1_700_000_000_000_000_000},
	{LevelInfo, "", 1_700_000_000_123_456_789},
	{LevelBlather, "dropped", 1_700_000_000_123_456_789},
	{LevelTrace, "dropped", 1_700_000_000_123_456_789},
	{LevelInfo, "caf\u00e9 \u2603", 1_720_000_000_050_000_000}, // summer time in Berlin
}

// wantMainLog is what the reference wrote for mainLogRecords at level INFO,
// captured with testdata/reference.py (kind "mainlog").
var wantMainLog = map[string]string{
	"UTC": "1970-01-01 00:00:01,000 INFO hello %s\n" +
		"2023-11-14 22:13:20,999 CRIT a\nb\n\n" +
		"2023-11-14 22:13:21,000 WARN warn\n" +
		"2023-11-14 22:13:20,000 ERRO erro\n" +
		"2023-11-14 22:13:20,123 INFO \n" +
		"2024-07-03 09:46:40,049 INFO caf\u00e9 \u2603\n",
	"Europe/Berlin": "1970-01-01 01:00:01,000 INFO hello %s\n" +
		"2023-11-14 23:13:20,999 CRIT a\nb\n\n" +
		"2023-11-14 23:13:21,000 WARN warn\n" +
		"2023-11-14 23:13:20,000 ERRO erro\n" +
		"2023-11-14 23:13:20,123 INFO \n" +
		"2024-07-03 11:46:40,049 INFO caf\u00e9 \u2603\n",
}

// fakeClock returns the times it is given, one per call.
type fakeClock struct {
	loc *time.Location
	ns  int64
}

func (c *fakeClock) now() time.Time { return time.Unix(0, c.ns).In(c.loc) }

func logAll(l *Logger, c *fakeClock, recs []mainRecord) {
	for _, r := range recs {
		c.ns = r.ns
		l.Log(r.level, r.msg)
	}
}

func loadLocation(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("no zone data for %s: %v", name, err)
	}
	return loc
}

// TestLoggerFormat: PROC-LOGF-001/002 against the pinned reference output,
// also copied to stdout (PROC-LOGF-005).
func TestLoggerFormat(t *testing.T) {
	for tz, want := range wantMainLog {
		t.Run(tz, func(t *testing.T) {
			clock := &fakeClock{loc: loadLocation(t, tz)}
			path := filepath.Join(t.TempDir(), "supervisord.log")
			var stdout bytes.Buffer
			l, err := NewLogger(LoggerConfig{Level: LevelInfo, Path: path, Stdout: &stdout, Now: clock.now})
			if err != nil {
				t.Fatal(err)
			}
			logAll(l, clock, mainLogRecords)
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != want {
				t.Errorf("supervisord.log:\n%s\nwant:\n%s", got, want)
			}
			if stdout.String() != want {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), want)
			}
		})
	}
}

type refRecord struct {
	Level int     `json:"level"`
	Msg   string  `json:"msg"`
	Time  float64 `json:"time"`
}

func refRecords(recs []mainRecord) []refRecord {
	var out []refRecord
	for _, r := range recs {
		out = append(out, refRecord{int(r.level), r.msg, pyTime(r.ns)})
	}
	return out
}

// TestLoggerFormatMatchesReference re-captures wantMainLog.
func TestLoggerFormatMatchesReference(t *testing.T) {
	for tz, want := range wantMainLog {
		req := map[string]any{"kind": "mainlog", "tz": tz, "level": int(LevelInfo), "syslog": false, "records": refRecords(mainLogRecords)}
		var got struct {
			File string `json:"file"`
		}
		askReference(t, req, &got)
		if got.File != want {
			t.Errorf("%s: reference wrote:\n%s\npinned:\n%s", tz, got.File, want)
		}
	}
}

// syslogRecorder is an injected Syslog.
type syslogRecorder struct {
	mu   sync.Mutex
	msgs []string
	err  error
}

func (s *syslogRecorder) Info(m string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	return s.err
}

func (s *syslogRecorder) sent() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.msgs...)
}

// wantMainSyslog is what the reference sent to syslog for mainLogRecords in
// UTC with logfile=syslog: one message per line (PROC-LOGF-006).
var wantMainSyslog = []string{
	"1970-01-01 00:00:01,000 INFO hello %s\n",
	"2023-11-14 22:13:20,999 CRIT a\n",
	"2023-11-14 22:13:20,999 CRIT b\n",
	"2023-11-14 22:13:21,000 WARN warn\n",
	"2023-11-14 22:13:20,000 ERRO erro\n",
	"2023-11-14 22:13:20,123 INFO \n",
	"2024-07-03 09:46:40,049 INFO caf\u00e9 \u2603\n",
}

// TestLoggerSyslog: logfile=syslog (PROC-LOGF-006).
func TestLoggerSyslog(t *testing.T) {
	clock := &fakeClock{loc: time.UTC}
	rec := &syslogRecorder{}
	l, err := NewLogger(LoggerConfig{Level: LevelInfo, Path: SyslogPath, Syslog: rec, Now: clock.now})
	if err != nil {
		t.Fatal(err)
	}
	logAll(l, clock, mainLogRecords)
	if got := rec.sent(); strings.Join(got, "|") != strings.Join(wantMainSyslog, "|") {
		t.Errorf("syslog got %q\nwant %q", got, wantMainSyslog)
	}
	if err := l.Reopen(); err != nil {
		t.Errorf("Reopen in syslog mode: %v", err)
	}
}

// TestLoggerSyslogMatchesReference re-captures wantMainSyslog.
func TestLoggerSyslogMatchesReference(t *testing.T) {
	req := map[string]any{"kind": "mainlog", "tz": "UTC", "level": int(LevelInfo), "syslog": true, "records": refRecords(mainLogRecords)}
	var got struct {
		Syslog []string `json:"syslog"`
	}
	askReference(t, req, &got)
	if strings.Join(got.Syslog, "|") != strings.Join(wantMainSyslog, "|") {
		t.Errorf("reference sent %q\npinned %q", got.Syslog, wantMainSyslog)
	}
}

// TestLoggerLevels: every level at every threshold (PROC-LOGF-002).
func TestLoggerLevels(t *testing.T) {
	levels := []Level{LevelCritical, LevelError, LevelWarn, LevelInfo, LevelDebug, LevelTrace, LevelBlather}
	names := []string{"CRIT", "ERRO", "WARN", "INFO", "DEBG", "TRAC", "BLAT"}
	for i, threshold := range levels {
		var out bytes.Buffer
		l, err := NewLogger(LoggerConfig{Level: threshold, Stdout: &out, Now: (&fakeClock{loc: time.UTC}).now})
		if err != nil {
			t.Fatal(err)
		}
		l.Critical("m")
		l.Error("m")
		l.Warn("m")
		l.Info("m")
		l.Debug("m")
		l.Trace("m")
		l.Blather("m")
		l.Logf(LevelCritical, "%d%%", 5)
		var want string
		for _, n := range names[:i+1] {
			want += "1970-01-01 00:00:00,000 " + n + " m\n"
		}
		want += "1970-01-01 00:00:00,000 CRIT 5%\n"
		if out.String() != want {
			t.Errorf("level %v: got\n%s\nwant\n%s", threshold, out.String(), want)
		}
		for _, lv := range levels {
			if got := l.Enabled(lv); got != (lv >= threshold) {
				t.Errorf("level %v: Enabled(%v) = %v", threshold, lv, got)
			}
		}
	}
}

// TestNilLogger: a nil *Logger discards.
func TestNilLogger(t *testing.T) {
	var l *Logger
	l.Info("x")
	l.Logf(LevelCritical, "%s", "x")
	if l.Enabled(LevelCritical) || l.Reopen() != nil || l.Close() != nil || l.ClearLog() != ErrNoFile {
		t.Error("nil Logger should discard and report no file")
	}
}

// TestLoggerRotation: the main log rotates like any log (PROC-LOGF-004): a
// record is never split.
func TestLoggerRotation(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "supervisord.log")
	clock := &fakeClock{loc: time.UTC}
	l, err := NewLogger(LoggerConfig{Level: LevelInfo, Path: path, MaxBytes: 60, Backups: 2, Now: clock.now})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"one", "two", "three", "four", "five"} {
		l.Info(m) // 29 + len(m) bytes each
	}
	l.Close()
	want := map[string]string{
		"supervisord.log":   "1970-01-01 00:00:00,000 INFO five\n",
		"supervisord.log.1": "1970-01-01 00:00:00,000 INFO three\n1970-01-01 00:00:00,000 INFO four\n",
		"supervisord.log.2": "1970-01-01 00:00:00,000 INFO one\n1970-01-01 00:00:00,000 INFO two\n",
	}
	got := listFiles(t, dir)
	if len(got) != len(want) {
		t.Fatalf("files %q, want %q", got, want)
	}
	for name, data := range want {
		if got[name] != data {
			t.Errorf("%s = %q, want %q", name, got[name], data)
		}
	}
}

// TestLoggerClearLog: clearLog deletes, logs "reopening log file" once per
// destination before its reopen, so the new file lacks it and stdout has it
// twice (RPC-SUP-007, PROC-MLOG-030).
func TestLoggerClearLog(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "supervisord.log")
	var stdout bytes.Buffer
	l, err := NewLogger(LoggerConfig{Level: LevelInfo, Path: path, Stdout: &stdout, Now: (&fakeClock{loc: time.UTC}).now})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.Info("before")
	if err := l.ClearLog(); err != nil {
		t.Fatalf("ClearLog: %v", err)
	}
	l.Info("after")
	if got, _ := os.ReadFile(path); string(got) != "1970-01-01 00:00:00,000 INFO after\n" {
		t.Errorf("new file = %q", got)
	}
	wantOut := "1970-01-01 00:00:00,000 INFO before\n" +
		"1970-01-01 00:00:00,000 INFO reopening log file\n" +
		"1970-01-01 00:00:00,000 INFO reopening log file\n" +
		"1970-01-01 00:00:00,000 INFO after\n"
	if stdout.String() != wantOut {
		t.Errorf("stdout = %q, want %q", stdout.String(), wantOut)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := l.ClearLog(); err != ErrNoFile || err.Error() != "NO_FILE" {
		t.Errorf("ClearLog of a missing file = %v, want NO_FILE", err)
	}
	noFile, _ := NewLogger(LoggerConfig{Level: LevelInfo, Path: SyslogPath, Syslog: &syslogRecorder{}})
	if err := noFile.ClearLog(); err != ErrNoFile {
		t.Errorf("ClearLog with logfile=syslog = %v, want NO_FILE", err)
	}
}

// TestLoggerReopen: SIGUSR2 after logrotate moved the file starts a new one.
func TestLoggerReopen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "supervisord.log")
	l, err := NewLogger(LoggerConfig{Level: LevelInfo, Path: path, Now: (&fakeClock{loc: time.UTC}).now})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.Info("old")
	if err := os.Rename(path, path+".moved"); err != nil {
		t.Fatal(err)
	}
	l.Info("still old")
	if err := l.Reopen(); err != nil {
		t.Fatal(err)
	}
	l.Info("new")
	got := listFiles(t, dir)
	if got["supervisord.log"] != "1970-01-01 00:00:00,000 INFO new\n" ||
		got["supervisord.log.moved"] != "1970-01-01 00:00:00,000 INFO old\n1970-01-01 00:00:00,000 INFO still old\n" {
		t.Errorf("files = %q", got)
	}
}

// errWriter fails every write with err.
type errWriter struct{ err error }

func (w errWriter) Write(p []byte) (int, error) { return 0, w.err }

// TestLoggerWriteErrors: failures reach OnError; EPIPE on stdout is ignored
// as in the reference; nothing panics and the file still gets the record.
func TestLoggerWriteErrors(t *testing.T) {
	var got []error
	path := filepath.Join(t.TempDir(), "supervisord.log")
	for _, tt := range []struct {
		err     error
		reports int
	}{{syscall.EPIPE, 0}, {syscall.EIO, 1}} {
		got = nil
		l, err := NewLogger(LoggerConfig{Level: LevelInfo, Path: path, Stdout: errWriter{tt.err},
			OnError: func(err error) { got = append(got, err) }})
		if err != nil {
			t.Fatal(err)
		}
		l.Info("x")
		l.Close()
		if len(got) != tt.reports || (tt.reports > 0 && !errors.Is(got[0], tt.err)) {
			t.Errorf("stdout error %v: reported %v", tt.err, got)
		}
	}
	if data, _ := os.ReadFile(path); strings.Count(string(data), " INFO x\n") != 2 {
		t.Errorf("file = %q, want both records", data)
	}
	if _, err := NewLogger(LoggerConfig{Path: SyslogPath}); err == nil {
		t.Error("logfile=syslog without a Syslog should fail")
	}
	if _, err := NewLogger(LoggerConfig{Path: t.TempDir()}); err == nil {
		t.Error("a directory as logfile should fail")
	}
}
