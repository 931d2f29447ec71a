package datatypes

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// signalNames is every attribute of CPython 3.11's signal module on Linux
// whose name starts with "SIG", as datatypes.SIGNUMS and signal_number see
// them. SIG_DFL, SIG_IGN, SIG_BLOCK, SIG_UNBLOCK and SIG_SETMASK are handler
// and sigprocmask constants, not signals, yet the reference accepts them
// (CFG-TYPE-006). Captured with
//
//	python3 -c 'import signal; print([(k, int(getattr(signal,k))) for k in dir(signal) if k.startswith("SIG")])'
var signalNames = map[string]int{
	"SIGABRT": 6, "SIGALRM": 14, "SIGBUS": 7, "SIGCHLD": 17, "SIGCLD": 17,
	"SIGCONT": 18, "SIGFPE": 8, "SIGHUP": 1, "SIGILL": 4, "SIGINT": 2,
	"SIGIO": 29, "SIGIOT": 6, "SIGKILL": 9, "SIGPIPE": 13, "SIGPOLL": 29,
	"SIGPROF": 27, "SIGPWR": 30, "SIGQUIT": 3, "SIGRTMAX": 64, "SIGRTMIN": 34,
	"SIGSEGV": 11, "SIGSTKFLT": 16, "SIGSTOP": 19, "SIGSYS": 31, "SIGTERM": 15,
	"SIGTRAP": 5, "SIGTSTP": 20, "SIGTTIN": 21, "SIGTTOU": 22, "SIGURG": 23,
	"SIGUSR1": 10, "SIGUSR2": 12, "SIGVTALRM": 26, "SIGWINCH": 28, "SIGXCPU": 24,
	"SIGXFSZ":   25,
	"SIG_BLOCK": 0, "SIG_DFL": 0, "SIG_IGN": 1, "SIG_SETMASK": 2, "SIG_UNBLOCK": 1,
}

// signalNumbers is options.signame's table: the name it prints for each
// number (CFG-TYPE-007). Where two names share a number, the later one in
// the signal module's __dict__ wins. Captured with
//
//	python3 -c 'from supervisor.options import signame; print([(n, signame(n)) for n in range(0,66)])'
var signalNumbers = map[int]string{
	1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP",
	6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1",
	11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
	16: "SIGSTKFLT", 17: "SIGCHLD", 18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP",
	21: "SIGTTIN", 22: "SIGTTOU", 23: "SIGURG", 24: "SIGXCPU", 25: "SIGXFSZ",
	26: "SIGVTALRM", 27: "SIGPROF", 28: "SIGWINCH", 29: "SIGPOLL", 30: "SIGPWR",
	31: "SIGSYS", 34: "SIGRTMIN", 64: "SIGRTMAX",
}

// validSignal reports membership of datatypes.SIGNUMS: the values of
// signalNames, so 0 to 31, 34 and 64.
func validSignal(n int64) bool {
	return (0 <= n && n <= 31) || n == 34 || n == 64
}

// SignalNumber is datatypes.signal_number (CFG-TYPE-006). A value int()
// accepts must be a known number, else "value '<s>' is not a valid signal
// number"; otherwise it is stripped, upper-cased, given a "SIG" prefix if it
// lacks one and looked up, else "value '<s>' is not a valid signal name".
func SignalNumber(s string) (int, error) {
	if v, _, st := parsePyInt(s, 10); st == parseOK {
		if n, ok := v.int64(10); ok && validSignal(n) {
			return int(n), nil
		}
		return 0, errors.New("value " + repr(s) + " is not a valid signal number")
	}
	name, ok := pystr.UpperIfASCII(pystr.Strip(s))
	if ok && !strings.HasPrefix(name, "SIG") {
		name = "SIG" + name
	}
	n, found := signalNames[name]
	if !ok || !found {
		return 0, errors.New("value " + repr(s) + " is not a valid signal name")
	}
	return n, nil
}

// SignalName is options.signame: "SIGTERM", or "signal N" for a number the
// signal module does not name (CFG-TYPE-007).
func SignalName(n int) string {
	if name, ok := signalNumbers[n]; ok {
		return name
	}
	return "signal " + strconv.Itoa(n)
}
