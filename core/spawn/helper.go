package spawn

import (
	"os"
	"os/user"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The handshake between Spawn and the helper. Spawn forks and execs our own
// binary (DefaultHelper) with
//
//	argv = [helperArg0, "minfds=N", ("uid=N"), ("umask=N"), ("dir=PATH"), "--", FILENAME, ARGV...]
//	env  = the child's final environment (Environ), then helperEnv as the last entry
//
// fds 0, 1 and 2 already being the child's (pipes or the FastCGI socket) and
// the process already leading its own process group. ChildMain recognises the
// helper by both markers, drops helperEnv, and does the steps the reference
// does between fork and execve that SysProcAttr cannot express or cannot
// report the reference's way. The program never sees either marker: it gets
// exactly ARGV and the environment without helperEnv. argv [helperArg0,
// probeArg] is the direct path's probe (probeExecMask), which exits at once.
const (
	helperArg0 = "gosupervisord-spawn"
	helperEnv  = "_GOSUPERVISORD_SPAWN_HELPER=1"
)

// ChildMain runs the spawn helper when this process is one, and never returns
// then; otherwise it returns false at once. cmd/supervisord's main (and any
// test binary that spawns) must call it first thing:
//
//	func main() {
//		if spawn.ChildMain() {
//			return
//		}
//		...
//	}
//
// The helper does, in the reference's order (PROC-SPAWN-006, _spawn_as_child):
// closes fds 3 .. minfds-1 (as close-on-exec), drops privileges
// (PROC-SPAWN-008), changes directory (PROC-SPAWN-009), sets the umask, sets
// SIGPIPE and SIGXFSZ ignored and every other signal to its default with an
// empty mask (PROC-SPAWN-007), and execs FILENAME with ARGV (PROC-SPAWN-012).
// A failing step writes the reference's "supervisor: ..." lines to fd 2 and
// exits 127 (PROC-SPAWN-010).
func ChildMain() (handled bool) {
	if len(os.Args) < 2 || os.Args[0] != helperArg0 {
		return false
	}
	env := syscall.Environ()
	if len(env) == 0 || env[len(env)-1] != helperEnv {
		return false
	}
	if len(os.Args) == 2 && os.Args[1] == probeArg {
		unix.Exit(0) // probeExecMask's probe, which should not have got this far
	}
	runHelper(os.Args[1:], env[:len(env)-1])
	return true // not reached: runHelper execs or exits
}

// helperOpts is the helper's parsed command line.
type helperOpts struct {
	minFDs   int
	uid      *int
	umask    *int
	dir      *string
	filename string
	argv     []string
}

func parseHelperArgs(args []string) (*helperOpts, bool) {
	o := &helperOpts{}
	for i, a := range args {
		if a == "--" {
			if len(args) < i+3 {
				return nil, false
			}
			o.filename, o.argv = args[i+1], args[i+2:]
			return o, true
		}
		k, v, _ := strings.Cut(a, "=")
		if k == "dir" {
			o.dir = &v
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, false
		}
		switch k {
		case "minfds":
			o.minFDs = n
		case "uid":
			o.uid = &n
		case "umask":
			o.umask = &n
		default:
			return nil, false
		}
	}
	return nil, false
}

func runHelper(args, env []string) {
	// Credentials and the signal mask are per thread until execve: keep every
	// step on the thread that execs.
	runtime.LockOSThread()
	o, ok := parseHelperArgs(args)
	if !ok {
		childFail("couldn't exec: bad spawn helper arguments " + strings.Join(args, " "))
	}
	closeFrom3(o.minFDs)
	if o.uid != nil {
		if msg, ok := dropPrivileges(*o.uid); !ok {
			if msg != "" {
				childFail("couldn't setuid to " + strconv.Itoa(*o.uid) + ": " + msg)
			}
			childFail("") // os.setuid raised: the reference prints only the not-spawned line
		}
	}
	if o.dir != nil {
		if err := chdir(*o.dir); err != nil {
			childFail("couldn't chdir to " + *o.dir + ": " + errnoText(err))
		}
	}
	if o.umask != nil {
		unix.Umask(*o.umask)
	}
	resetSignals()
	err := syscall.Exec(o.filename, o.argv, env)
	childFail("couldn't exec " + o.argv[0] + ": " + errnoText(err))
}

// childFail is the reference's failure path in _spawn_as_child: the message
// (if any) and "child process was not spawned" on fd 2, then _exit(127).
func childFail(msg string) {
	if msg != "" {
		writeAll(2, "supervisor: "+msg+"\n")
	}
	writeAll(2, "supervisor: child process was not spawned\n")
	unix.Exit(127)
}

func writeAll(fd int, s string) {
	b := []byte(s)
	for len(b) > 0 {
		n, err := unix.Write(fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n <= 0 {
			return
		}
		b = b[n:]
	}
}

func chdir(dir string) error {
	for {
		if err := unix.Chdir(dir); err != unix.EINTR {
			return err
		}
	}
}

// closeFrom3 makes fds 3 .. minfds-1 close at exec: the reference's
// "for i in range(3, minfds): close(i)", done at the execve itself so the
// helper's runtime keeps its own descriptors until then. Higher fds stay
// open, as with the reference.
func closeFrom3(minFDs int) {
	if minFDs <= 3 {
		return
	}
	if unix.CloseRange(3, uint(minFDs-1), unix.CLOSE_RANGE_CLOEXEC) == nil {
		return
	}
	// Kernels before 5.11: mark what is open.
	ents, err := os.ReadDir("/proc/thread-self/fd")
	if err != nil {
		for fd := 3; fd < minFDs; fd++ {
			unix.CloseOnExec(fd)
		}
		return
	}
	for _, e := range ents {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd >= 3 && fd < minFDs {
			unix.CloseOnExec(fd)
		}
	}
}

// dropPrivileges is ServerOptions.drop_privileges for a numeric uid. ok is
// false on failure; msg is the reference's text, or "" where the reference
// raises instead (os.setuid failing).
func dropPrivileges(uid int) (msg string, ok bool) {
	u, err := user.LookupId(strconv.Itoa(uid))
	if err != nil {
		return "Can't find uid " + strconv.Itoa(uid), false
	}
	if unix.Getuid() == uid {
		return "", true
	}
	if unix.Getuid() != 0 {
		return "Can't drop privilege as nonroot user", false
	}
	gid, err := strconv.Atoi(u.Gid)
	if err != nil {
		return "Could not set group id of effective user", false
	}
	// The primary group first, then every group listing the user.
	groups := []int{gid}
	if ids, err := u.GroupIds(); err == nil {
		for _, s := range ids {
			if g, err := strconv.Atoi(s); err == nil && g != gid {
				groups = append(groups, g)
			}
		}
	}
	if unix.Setgroups(groups) != nil {
		return "Could not set groups of effective user", false
	}
	if unix.Setgid(gid) != nil {
		return "Could not set group id of effective user", false
	}
	if unix.Setuid(uid) != nil {
		return "", false
	}
	return "", true
}

// kernelSigaction is struct sigaction as the rt_sigaction system call takes it
// on 64-bit Linux.
type kernelSigaction struct {
	handler  uintptr
	flags    uint64
	restorer uintptr
	mask     uint64
}

const (
	sigDFL = 0
	sigIGN = 1
)

// resetSignals gives the program the dispositions a child of the reference
// has (PROC-SPAWN-007): SIGPIPE and SIGXFSZ ignored (CPython ignores them at
// start-up and children inherit that), everything else default, nothing
// blocked. Raw system calls: the Go runtime's handlers must not come back
// before the exec that follows.
func resetSignals() {
	for sig := 1; sig <= 64; sig++ {
		if sig == int(unix.SIGKILL) || sig == int(unix.SIGSTOP) {
			continue
		}
		act := kernelSigaction{handler: sigDFL}
		if sig == int(unix.SIGPIPE) || sig == int(unix.SIGXFSZ) {
			act.handler = sigIGN
		}
		unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&act)), 0, 8, 0, 0)
	}
	var empty uint64
	unix.RawSyscall6(unix.SYS_RT_SIGPROCMASK, uintptr(unix.SIG_SETMASK), uintptr(unsafe.Pointer(&empty)), 0, 8, 0, 0)
}
