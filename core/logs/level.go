package logs

import "strconv"

// Level is a supervisord log level. Numbers and names are the reference's
// (supervisor/loggers.py, LevelsByName), both visible in supervisord.log and in
// the loglevel option (PROC-LOGF-002).
//
// TODO: take the numbers and names from compat/datatypes (LevelCritical…,
// LevelName) once that package builds again; they must stay equal.
type Level int

// The reference's levels, highest first. A record is written when its level is
// at least the logger's level.
const (
	LevelCritical Level = 50 // CRIT
	LevelError    Level = 40 // ERRO
	LevelWarn     Level = 30 // WARN
	LevelInfo     Level = 20 // INFO
	LevelDebug    Level = 10 // DEBG
	LevelTrace    Level = 5  // TRAC
	LevelBlather  Level = 3  // BLAT
)

// String is the four-letter name supervisord.log prints: "CRIT", "ERRO",
// "WARN", "INFO", "DEBG", "TRAC", "BLAT" ("Level N" for other numbers, where
// the reference would fail).
func (l Level) String() string {
	switch l {
	case LevelCritical:
		return "CRIT"
	case LevelError:
		return "ERRO"
	case LevelWarn:
		return "WARN"
	case LevelInfo:
		return "INFO"
	case LevelDebug:
		return "DEBG"
	case LevelTrace:
		return "TRAC"
	case LevelBlather:
		return "BLAT"
	}
	return "Level " + strconv.Itoa(int(l))
}
