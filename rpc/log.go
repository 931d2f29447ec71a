package rpc

import "fmt"

// Level is a supervisord log level; the numbers are the reference's
// (supervisor/loggers.py), so core/logs levels convert directly.
type Level int

// The levels rpc logs at.
const (
	LevelCritical Level = 50 // CRIT
	LevelError    Level = 40 // ERRO
	LevelWarn     Level = 30 // WARN
	LevelInfo     Level = 20 // INFO
	LevelDebug    Level = 10 // DEBG
	LevelTrace    Level = 5  // TRAC
)

// Logger receives rpc's log records (RPC-LOG): request lines at TRAC (ERRO
// when they mention "error"), XML-RPC calls at TRAC, invalid requests at ERRO,
// internal errors at CRIT. msg has no trailing newline.
type Logger interface {
	Log(level Level, msg string)
}

// enabled reports whether l logs messages at level: true unless l says
// otherwise with an Enabled(Level) bool method. Texts that cost something
// to build (per-request trace lines) are built only when it holds.
func enabled(l Logger, level Level) bool {
	if e, ok := l.(interface{ Enabled(Level) bool }); ok {
		return e.Enabled(level)
	}
	return true
}

type discard struct{}

func (discard) Log(Level, string) {}

// logMedusa routes a message the way the reference's LogWrapper does: ERRO if
// it contains "error" in any case, otherwise TRAC (RPC-LOG-002).
func logMedusa(l Logger, msg string) {
	if containsFold(msg, "error") {
		l.Log(LevelError, msg)
		return
	}
	l.Log(LevelTrace, msg)
}

// logMedusaf is logMedusa for a text built by parts: when trace lines are
// off and no string part mentions "error", nothing is built at all. So
// the format's own text must not mention it, not even joined to a part.
func logMedusaf(l Logger, format string, parts ...any) {
	if !enabled(l, LevelTrace) && !partsMention(parts, "error") {
		return
	}
	logMedusa(l, fmt.Sprintf(format, parts...))
}

func partsMention(parts []any, sub string) bool {
	for _, p := range parts {
		if s, ok := p.(string); ok && containsFold(s, sub) {
			return true
		}
	}
	return false
}

func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		ok := true
		for j := 0; j < len(sub); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
