package datatypes

import (
	"errors"
	"strconv"

	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// The reference's log levels (supervisor/loggers.py, LevelsByName).
const (
	LevelCritical = 50 // CRIT
	LevelError    = 40 // ERRO
	LevelWarn     = 30 // WARN
	LevelInfo     = 20 // INFO
	LevelDebug    = 10 // DEBG
	LevelTrace    = 5  // TRAC
	LevelBlather  = 3  // BLAT
)

// LoggingLevel is datatypes.logging_level (CFG-TYPE-010): one of critical,
// error, warn, info, debug, trace, blather in any case ("warning" is not one)
// as its loggers.LevelsByName number; else "bad logging level name '<s>'".
//
// Differs from the reference: it looks the lower-cased name up as an
// attribute of a class, so "__module__" and the like "succeed" with values
// that are not levels and break later; we reject them like any unknown name.
func LoggingLevel(s string) (int, error) {
	switch pystr.Lower(s) {
	case "critical":
		return LevelCritical, nil
	case "error":
		return LevelError, nil
	case "warn":
		return LevelWarn, nil
	case "info":
		return LevelInfo, nil
	case "debug":
		return LevelDebug, nil
	case "trace":
		return LevelTrace, nil
	case "blather":
		return LevelBlather, nil
	}
	return 0, errors.New("bad logging level name " + repr(s))
}

// LevelName is the name supervisord.log prints for a level number
// (loggers.LOG_LEVELS_BY_NUM): 20 is "INFO".
//
// Differs from the reference: a number that is no level, where the reference
// would raise KeyError, gives "Level N".
func LevelName(n int) string {
	switch n {
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
	return "Level " + strconv.Itoa(n)
}
