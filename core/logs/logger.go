package logs

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"syscall"
	"time"
)

// SyslogPath is the logfile value that sends supervisord.log to syslog
// instead of a file (PROC-LOGF-006).
const SyslogPath = "syslog"

// LoggerConfig says where supervisord.log goes. cmd/supervisord fills it from
// the [supervisord] section and the command line.
type LoggerConfig struct {
	Level    Level  // records below it are dropped (loglevel)
	Path     string // logfile: a path, SyslogPath, or "" for no file
	MaxBytes int64  // logfile_maxbytes; 0 never rotates
	Backups  int    // logfile_backups

	// Stdout, when set, gets a copy of every record: nodaemon and not silent
	// (PROC-LOGF-005). Close leaves it open.
	Stdout io.Writer

	// Syslog receives the records when Path is SyslogPath.
	Syslog Syslog

	// Now is the clock; records carry its time in its location.
	Now func() time.Time

	// OnError is told about every failed write (nil: ignore them). The
	// reference prints a traceback to stderr and carries on. OnError is
	// called without the logger's lock held, so it may log.
	OnError func(error)
}

// Logger writes supervisord.log: one record per call, formatted
// "YYYY-MM-DD HH:MM:SS,mmm LEVL message\n" (PROC-LOGF-001), to stdout first
// when configured, then to the file or syslog. It is safe for concurrent use,
// and writes synchronously: a record is on disk when the call returns, as in
// the reference, which flushes after every record (PROC-LOGF-003).
//
// A nil *Logger discards everything, which suits tests of other packages.
//
// Reference: supervisor/loggers.py (Logger, LogRecord, handlers),
// supervisor/options.py (make_logger).
type Logger struct {
	level   Level
	path    string
	now     func() time.Time
	onError func(error)

	mu     sync.Mutex
	stdout io.Writer // guarded by mu
	file   *File     // guarded by mu; nil unless Path is a file
	syslog Syslog    // nil unless Path is SyslogPath
}

// NewLogger opens the log as cfg says. Opening a file that cannot be opened
// is an error, as it is for the reference at start-up.
func NewLogger(cfg LoggerConfig) (*Logger, error) {
	l := &Logger{
		level:   cfg.Level,
		path:    cfg.Path,
		now:     cfg.Now,
		onError: cfg.OnError,
		stdout:  cfg.Stdout,
	}
	if l.now == nil {
		l.now = time.Now
	}
	switch cfg.Path {
	case "":
	case SyslogPath:
		if cfg.Syslog == nil {
			return nil, errors.New("logfile=syslog needs a syslog connection")
		}
		l.syslog = cfg.Syslog
	default:
		f, err := OpenFile(cfg.Path, cfg.MaxBytes, cfg.Backups)
		if err != nil {
			return nil, err
		}
		l.file = f
	}
	return l, nil
}

// Level is the configured level.
func (l *Logger) Level() Level {
	if l == nil {
		return LevelCritical + 1
	}
	return l.level
}

// Enabled reports whether a record at level would be written.
func (l *Logger) Enabled(level Level) bool { return l != nil && level >= l.level }

// Path is the configured logfile value.
func (l *Logger) Path() string {
	if l == nil {
		return ""
	}
	return l.path
}

// Critical logs msg at CRIT.
func (l *Logger) Critical(msg string) { l.Log(LevelCritical, msg) }

// Error logs msg at ERRO.
func (l *Logger) Error(msg string) { l.Log(LevelError, msg) }

// Warn logs msg at WARN.
func (l *Logger) Warn(msg string) { l.Log(LevelWarn, msg) }

// Info logs msg at INFO.
func (l *Logger) Info(msg string) { l.Log(LevelInfo, msg) }

// Debug logs msg at DEBG.
func (l *Logger) Debug(msg string) { l.Log(LevelDebug, msg) }

// Trace logs msg at TRAC.
func (l *Logger) Trace(msg string) { l.Log(LevelTrace, msg) }

// Blather logs msg at BLAT.
func (l *Logger) Blather(msg string) { l.Log(LevelBlather, msg) }

// Logf formats with fmt.Sprintf and logs, formatting only when the level is
// enabled. Python-style quoting belongs to the caller (pyfmt.Repr).
func (l *Logger) Logf(level Level, format string, args ...any) {
	if l.Enabled(level) {
		l.Log(level, fmt.Sprintf(format, args...))
	}
}

// Log writes msg at level if the level is enabled. msg is written verbatim:
// a multi-line message has unprefixed continuation lines (PROC-LOGF-001).
func (l *Logger) Log(level Level, msg string) {
	if !l.Enabled(level) {
		return
	}
	head := asctime(l.now()) + " " + level.String() + " "
	l.mu.Lock()
	errs := l.emitLocked(head, msg)
	l.mu.Unlock()
	l.report(errs)
}

// emitLocked sends one record to every destination, stdout first, as the
// reference adds its handlers in that order.
func (l *Logger) emitLocked(head, msg string) []error {
	var errs []error
	if l.stdout != nil || l.file != nil {
		rec := []byte(head + msg + "\n")
		if l.stdout != nil {
			// The reference ignores EPIPE on stdout (supervisord piped to a
			// reader that went away).
			if _, err := l.stdout.Write(rec); err != nil && !errors.Is(err, syscall.EPIPE) {
				errs = append(errs, fmt.Errorf("write log to stdout: %w", err))
			}
		}
		if l.file != nil {
			if _, err := l.file.Write(rec); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if l.syslog != nil {
		if err := syslogLines(l.syslog, head, msg, "\n"); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

func (l *Logger) report(errs []error) {
	if l.onError == nil {
		return
	}
	for _, err := range errs {
		l.onError(err)
	}
}

// asctime is the reference's LogRecord timestamp, "2006-01-02 15:04:05,000",
// computed from the time as a Python float exactly as time.time() gives it:
// milliseconds are truncated from that float, so 1.001 s prints ",000", just
// as in the reference.
func asctime(t time.Time) string {
	ns := t.UnixNano()
	var now float64
	if ns%1e9 == 0 { // CPython's _PyTime_AsSecondsDouble
		now = float64(ns / 1e9)
	} else {
		now = float64(ns) / 1e9
	}
	sec := math.Floor(now)
	ms := int((now - sec) * 1000)
	return time.Unix(int64(sec), 0).In(t.Location()).Format("2006-01-02 15:04:05") + fmt.Sprintf(",%03d", ms)
}

// Reopen closes and reopens the log file, for SIGUSR2 (PROC-MLOG-029; the
// caller logs "supervisord logreopen" first). Stdout and syslog need nothing.
func (l *Logger) Reopen() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file == nil {
		return nil
	}
	return l.file.Reopen()
}

// ClearLog is the clearLog RPC (RPC-SUP-007, PROC-LOGF-007): it deletes the
// log file, then, for each destination in order (stdout, then the file), logs
// INFO "reopening log file" and reopens it. So the line goes to the deleted
// file, never to the new one (PROC-MLOG-030), and appears twice on stdout.
//
// Errors: ErrNoFile (text "NO_FILE", no path, as in the reference) when there
// is no log file at the configured path (including syslog, looked up as a
// relative file name "syslog"); ErrFailed when the deletion fails. A reopen
// failure is returned wrapped: the reference raises it unhandled (HTTP 500).
func (l *Logger) ClearLog() error {
	if l == nil || l.path == "" || !exists(l.path) {
		return ErrNoFile
	}
	if err := unlink(l.path); err != nil {
		return ErrFailed
	}
	if l.stdout != nil {
		l.Info("reopening log file")
	}
	l.Info("reopening log file") // the file's (or syslog's) own turn
	return l.Reopen()
}

// Close closes the log file. Stdout is left open; later records still go to
// stdout and syslog but not to the closed file.
func (l *Logger) Close() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file == nil {
		return nil
	}
	err := l.file.Close()
	l.file = nil
	return err
}
