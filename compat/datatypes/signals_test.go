package datatypes

import "testing"

func TestSignalNumber(t *testing.T) {
	// CFG-TYPE-006. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import signal_number; print(signal_number("TERM"))'
	intTable(t, "SignalNumber", SignalNumber, []intCase{
		{in: "TERM", want: 15},
		{in: "term", want: 15},
		{in: "SIGTERM", want: 15},
		{in: "sigkill", want: 9},
		{in: " HUP ", want: 1},
		{in: "9", want: 9},
		{in: "15", want: 15},
		{in: "0", want: 0},
		{in: "31", want: 31},
		{in: "32", wantErr: "value '32' is not a valid signal number"},
		{in: "33", wantErr: "value '33' is not a valid signal number"},
		{in: "34", want: 34},
		{in: "35", wantErr: "value '35' is not a valid signal number"},
		{in: "63", wantErr: "value '63' is not a valid signal number"},
		{in: "64", want: 64},
		{in: "65", wantErr: "value '65' is not a valid signal number"},
		{in: "-1", wantErr: "value '-1' is not a valid signal number"},
		{in: "RTMIN", want: 34},
		{in: "RTMIN+1", wantErr: "value 'RTMIN+1' is not a valid signal name"},
		{in: "_DFL", want: 0},
		{in: "SIG_IGN", want: 1},
		{in: "_BLOCK", want: 0},
		{in: "_UNBLOCK", want: 1},
		{in: "_SETMASK", want: 2},
		{in: "CLD", want: 17},
		{in: "IOT", want: 6},
		{in: "POLL", want: 29},
		{in: "FOO", wantErr: "value 'FOO' is not a valid signal name"},
		{in: "", wantErr: "value '' is not a valid signal name"},
		{in: "ſtop", want: 19},
		{in: "ﬅop", want: 19},
		{in: "99999999999999999999", wantErr: "value '99999999999999999999' is not a valid signal number"},
	})
}

func TestSignalName(t *testing.T) {
	// CFG-TYPE-007. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.options import signame; print([(n, signame(n)) for n in range(0,66)])'
	want := map[int]string{0: "signal 0", 6: "SIGABRT", 15: "SIGTERM", 17: "SIGCHLD", 29: "SIGPOLL", 32: "signal 32",
		34: "SIGRTMIN", 35: "signal 35", 64: "SIGRTMAX", 65: "signal 65", -1: "signal -1"}
	for n, w := range want {
		if got := SignalName(n); got != w {
			t.Errorf("SignalName(%d) = %q; want %q", n, got, w)
		}
	}
	for name, n := range signalNames {
		if name[3] != '_' && SignalName(n) == "signal "+itoa(n) {
			t.Errorf("SignalName(%d) has no name, but %s is one", n, name)
		}
	}
}
