package datatypes

import "testing"

func TestLoggingLevel(t *testing.T) {
	// CFG-TYPE-010. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import logging_level; print(logging_level("info"))'
	intTable(t, "LoggingLevel", LoggingLevel, []intCase{
		{in: "critical", want: 50},
		{in: "CRITICAL", want: 50},
		{in: "error", want: 40},
		{in: "warn", want: 30},
		{in: "Warn", want: 30},
		{in: "info", want: 20},
		{in: "debug", want: 10},
		{in: "trace", want: 5},
		{in: "blather", want: 3},
		{in: "warning", wantErr: "bad logging level name 'warning'"},
		{in: "", wantErr: "bad logging level name ''"},
		{in: "İnfo", wantErr: "bad logging level name 'İnfo'"},
		{in: "__doc__", wantErr: "bad logging level name '__doc__'"},
		// Differs from the reference, which returns the class attribute.
		{in: "__module__", wantErr: "bad logging level name '__module__'"},
	})
}

func TestLevelName(t *testing.T) {
	// loggers.LOG_LEVELS_BY_NUM, captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.loggers import LOG_LEVELS_BY_NUM as L; print(L)'
	want := map[int]string{50: "CRIT", 40: "ERRO", 30: "WARN", 20: "INFO", 10: "DEBG", 5: "TRAC", 3: "BLAT", 7: "Level 7"}
	for n, w := range want {
		if got := LevelName(n); got != w {
			t.Errorf("LevelName(%d) = %q; want %q", n, got, w)
		}
	}
}
