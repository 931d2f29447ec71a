package spawn

import (
	"bytes"
	"os"
	"os/user"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The direct path. Re-executing our own binary as the helper costs a Go
// runtime start-up per child (milliseconds). When there is nothing for the
// helper to do that the kernel does not already give the child, Spawn execs
// the program straight from syscall.ForkExec instead, and the child's
// observable state is the same as through the helper:
//
//   - no user= (or user= is our own uid and resolves, as drop_privileges
//     checks), no umask=, no directory=, and no Spec.Helper;
//   - fds 3 .. minfds-1: [PrepareDirect] has marked every inherited one
//     close-on-exec, and everything Go opens is close-on-exec already;
//   - signals: the child of ForkExec keeps the dispositions that are SIG_IGN
//     in the parent at fork time, resets Go's handlers to SIG_DFL and
//     starts with the mask this process started with. So SIGPIPE and SIGXFSZ
//     must be ignored here (signal.Ignore sets SIG_IGN in the kernel), no
//     other signal may be, and the mask inherited at start-up must be empty.
//     Spawn checks the dispositions at every spawn and the inherited mask
//     once (see probeExecMask).
//
// When the exec itself fails (ENOEXEC, EACCES, ...), Spawn forks again
// through the helper, whose child writes the reference's "supervisor:
// couldn't exec" lines to the stderr pipe and exits 127 (PROC-SPAWN-010).

// directState is what the direct path needs to know about this process. It is
// process-wide by nature: fds and signal dispositions belong to the process.
type directState struct {
	mu sync.Mutex
	// minFDs is the largest minfds PrepareDirect marked fds below; 0 until
	// it was called.
	minFDs int
	probed bool
	maskOK bool // the mask a ForkExec child starts with is empty
}

var (
	direct directState
	// directSpawns counts children started by the direct path.
	directSpawns atomic.Uint64
)

// probeArg is the helper argv[1] of the mask probe; see probeExecMask.
const probeArg = "probe"

// PrepareDirect enables the direct path for specs whose MinFDs is minFDs
// (minfds=): it marks the inherited fds 3 .. minFDs-1 close-on-exec, so that
// none reaches a child, as the helper would have closed them (PROC-SPAWN-006).
// cmd/supervisord calls it once at boot, after signal.Ignore(syscall.SIGPIPE,
// syscall.SIGXFSZ). Until then every spawn goes through the helper.
//
// From then on the process must open no fd below minFDs without
// close-on-exec (the Go standard library never does).
func PrepareDirect(minFDs int) {
	m := max(minFDs, 3)
	closeFrom3(m)
	direct.mu.Lock()
	direct.minFDs = max(direct.minFDs, m)
	direct.mu.Unlock()
}

// useDirect reports whether s may take the direct path now.
func useDirect(s *Spec) bool {
	if s.Helper != "" || s.Directory != nil || s.Umask != nil {
		return false
	}
	if s.UID != nil {
		// drop_privileges looks the uid up before comparing it with ours.
		if *s.UID != unix.Getuid() {
			return false
		}
		if _, err := user.LookupId(strconv.Itoa(*s.UID)); err != nil {
			return false
		}
	}
	direct.mu.Lock()
	defer direct.mu.Unlock()
	if direct.minFDs == 0 || max(s.MinFDs, 3) != direct.minFDs {
		return false
	}
	if !direct.probed {
		direct.probed = true
		direct.maskOK = probeExecMask()
	}
	return direct.maskOK && batchDispositionsOK()
}

// dispositionsOK reports whether a ForkExec child would start with the
// reference child's dispositions (PROC-SPAWN-007): SIGPIPE and SIGXFSZ
// SIG_IGN here, nothing else ignored. Handlers are Go's, which the child
// resets to SIG_DFL.
//
// Signals 32 and 33 are the C library's own (its cancellation and set-id
// signals); a parent such as GNU make may pass them on ignored. They are left
// out: a reference child inherits them as they come, and so does ours.
func dispositionsOK() bool {
	for sig := 1; sig <= 64; sig++ {
		if sig == int(unix.SIGKILL) || sig == int(unix.SIGSTOP) || sig == 32 || sig == 33 {
			continue
		}
		var old kernelSigaction
		_, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), 0, uintptr(unsafe.Pointer(&old)), 8, 0, 0)
		if e != 0 {
			return false
		}
		want := sig == int(unix.SIGPIPE) || sig == int(unix.SIGXFSZ)
		if (old.handler == sigIGN) != want {
			return false
		}
	}
	return true
}

// probeExecMask reports whether a ForkExec child starts with an empty signal
// mask. Go gives the child the mask this process started with, which no
// thread shows any more (the runtime unblocks the signals it needs). So the
// probe execs the helper traced: the kernel stops it right after execve,
// before it runs an instruction, and its /proc status shows the mask the
// program would get. It is killed there. If tracing is not allowed, or the
// probe does not stop, the answer is no.
//
// The probe is reaped here, by pid: Spawn runs on the supervisor loop, so
// nothing else waits at the same time.
func probeExecMask() bool {
	pid, err := syscall.ForkExec(DefaultHelper, []string{helperArg0, probeArg}, &syscall.ProcAttr{
		Env: []string{helperEnv},
		Sys: &syscall.SysProcAttr{Ptrace: true, Setpgid: true},
	})
	if err != nil {
		return false
	}
	ws, err := wait4(pid)
	if err != nil || !ws.Stopped() {
		return false
	}
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	unix.Kill(pid, unix.SIGKILL)
	wait4(pid)
	return err == nil && bytes.Contains(status, []byte("\nSigBlk:\t0000000000000000\n"))
}

func wait4(pid int) (unix.WaitStatus, error) {
	var ws unix.WaitStatus
	for {
		_, err := unix.Wait4(pid, &ws, 0, nil)
		if err != unix.EINTR {
			return ws, err
		}
	}
}
