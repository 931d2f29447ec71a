package logs

import "github.com/gosupervisord/gosupervisord/compat/datatypes"

// Level is a supervisord log level. Numbers and names are the reference's
// (supervisor/loggers.py, LevelsByName), both visible in supervisord.log and in
// the loglevel option (PROC-LOGF-002); compat/datatypes is their one home.
type Level int

// The reference's levels, highest first. A record is written when its level is
// at least the logger's level.
const (
	LevelCritical Level = datatypes.LevelCritical // CRIT
	LevelError    Level = datatypes.LevelError    // ERRO
	LevelWarn     Level = datatypes.LevelWarn     // WARN
	LevelInfo     Level = datatypes.LevelInfo     // INFO
	LevelDebug    Level = datatypes.LevelDebug    // DEBG
	LevelTrace    Level = datatypes.LevelTrace    // TRAC
	LevelBlather  Level = datatypes.LevelBlather  // BLAT
)

// String is the four-letter name supervisord.log prints: "CRIT", "ERRO",
// "WARN", "INFO", "DEBG", "TRAC", "BLAT" ("Level N" for other numbers, where
// the reference would fail).
func (l Level) String() string { return datatypes.LevelName(int(l)) }
