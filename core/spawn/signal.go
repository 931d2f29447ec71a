package spawn

import (
	"strconv"
	"syscall"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"golang.org/x/sys/unix"
)

// Kill sends sig to pid, or to its whole process group when group is set
// (stopasgroup/killasgroup: the reference's options.kill(-pid, sig); every
// child leads its own group, PROC-SPAWN-006). The error is the bare
// syscall.Errno; the loop words it with [OSErrorText], e.g. ESRCH as "[Errno 3]
// No such process".
func Kill(pid int, sig syscall.Signal, group bool) error {
	if pid <= 0 {
		return syscall.ESRCH // never signal every process or our own group
	}
	if group {
		pid = -pid
	}
	return unix.Kill(pid, sig)
}

// DecodeWaitStatus is options.decode_wait_status: the exit status, or -1
// when a signal ended the process, and the reference's text ("exit status 1",
// "terminated by SIGTERM", "terminated by SIGSEGV (core dumped)", signal names
// from options.signame via datatypes.SignalName).
func DecodeWaitStatus(ws unix.WaitStatus) (exitStatus int, msg string) {
	switch {
	case ws.Exited():
		es := ws.ExitStatus() & 0xffff
		return es, "exit status " + strconv.Itoa(es)
	case ws.Signaled():
		msg = "terminated by " + datatypes.SignalName(int(ws.Signal()))
		if ws.CoreDump() {
			msg += " (core dumped)"
		}
		return -1, msg
	}
	return -1, "unknown termination cause 0x" + hex4(uint32(ws))
}

// hex4 is Python's "%04x".
func hex4(v uint32) string {
	s := strconv.FormatUint(uint64(v), 16)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}
