package spawn

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// childMarker in argv[1] makes the test binary impersonate a helper command
// (STYLE.md §8): "<test binary> spawntest-child MODE ARGS...".
const childMarker = "spawntest-child"

// openFDsAtStart is every fd open when the process started, probed before
// anything in this process opens one.
var openFDsAtStart = probeFDs()

func probeFDs() []int {
	var fds []int
	for fd := 0; fd < 2048; fd++ {
		if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != nil {
			continue
		}
		// Since Go 1.25 the runtime keeps cgroup CPU limit files open.
		var buf [256]byte
		if n, err := unix.Readlink("/proc/self/fd/"+strconv.Itoa(fd), buf[:]); err == nil &&
			strings.HasPrefix(string(buf[:n]), "/sys/fs/cgroup/") {
			continue
		}
		fds = append(fds, fd)
	}
	return fds
}

func TestMain(m *testing.M) {
	if ChildMain() {
		return
	}
	if len(os.Args) >= 3 && os.Args[1] == childMarker {
		os.Exit(impersonate(os.Args[2], os.Args[3:]))
	}
	// Orphaned grandchildren (process-group tests) come back to us to be reaped.
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		fmt.Fprintln(os.Stderr, "PR_SET_CHILD_SUBREAPER:", err)
		os.Exit(1)
	}
	if os.Getenv(forkersTestEnv) != "" {
		os.Exit(runOnForkers(m))
	}
	os.Exit(m.Run())
}

// forkersTestEnv marks the test process that TestForkers starts: its spawns
// fork on forkers.
const forkersTestEnv = "SPAWNTEST_FORKERS"

// runOnForkers runs the tests with forkers running, set up as the daemon
// sets them up (after PrepareDirect), with one descriptor without
// close-on-exec above minfds that children must inherit (1500). It fails if
// no spawn went through a forker.
func runOnForkers(m *testing.M) int {
	PrepareDirect(1024)
	if err := unix.Dup3(1, 1500, 0); err != nil {
		fmt.Fprintln(os.Stderr, "dup3:", err)
		return 1
	}
	if err := EnableForkers(); err != nil {
		fmt.Fprintln(os.Stderr, "EnableForkers:", err)
		return 1
	}
	stop := StartForkers(2)
	code := m.Run()
	stop()
	if code == 0 && forkerSpawns.Load() == 0 {
		fmt.Fprintln(os.Stderr, "no spawn went through a forker")
		return 1
	}
	return code
}

// report is what the "report" child sees of itself.
type report struct {
	Args       []string
	Env        []string
	Cwd        string
	FDs        []int
	PID, PGID  int
	SID        int
	FD0Socket  bool // fd 0 is a listening socket
	FD0NonBlck bool
}

func impersonate(mode string, args []string) int {
	switch mode {
	case "report":
		r := report{Args: os.Args, Env: os.Environ(), FDs: openFDsAtStart, PID: os.Getpid()}
		r.Cwd, _ = os.Getwd()
		r.PGID, _ = unix.Getpgid(0)
		r.SID, _ = unix.Getsid(0)
		if v, err := unix.GetsockoptInt(0, unix.SOL_SOCKET, unix.SO_ACCEPTCONN); err == nil {
			r.FD0Socket = v == 1
		}
		if fl, err := unix.FcntlInt(0, unix.F_GETFL, 0); err == nil {
			r.FD0NonBlck = fl&unix.O_NONBLOCK != 0
		}
		json.NewEncoder(os.Stdout).Encode(r)
		return 0
	case "exit":
		n, _ := strconv.Atoi(args[0])
		return n
	case "echo": // stdin to stdout until EOF
		io.Copy(os.Stdout, os.Stdin)
		return 0
	case "outerr":
		os.Stdout.WriteString("out\n")
		os.Stderr.WriteString("err\n")
		return 0
	case "block": // until stdin closes or a signal ends us
		os.Stdout.WriteString("ready\n")
		io.Copy(io.Discard, os.Stdin)
		return 0
	case "group": // start a grandchild in our process group, print its pid, block
		c := exec.Command(os.Args[0], childMarker, "block")
		in, _ := c.StdinPipe()
		if err := c.Start(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println(c.Process.Pid)
		io.Copy(io.Discard, os.Stdin)
		in.Close()
		c.Wait()
		return 0
	case "rlimit": // MINFDS MINPROCS: SetRlimits, then report the limits ours and a child's
		minFDs, _ := strconv.Atoi(args[0])
		minProcs, _ := strconv.Atoi(args[1])
		infos, err := SetRlimits(minFDs, minProcs)
		out := map[string]any{"infos": infos, "err": errText(err)}
		var lim unix.Rlimit
		unix.Getrlimit(unix.RLIMIT_NOFILE, &lim)
		out["nofile"] = [2]uint64{lim.Cur, lim.Max}
		out["childNofile"] = childNofile()
		json.NewEncoder(os.Stdout).Encode(out)
		return 0
	case "emfile": // spawn with no fd left for the pipes
		var lim unix.Rlimit
		unix.Getrlimit(unix.RLIMIT_NOFILE, &lim)
		if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &unix.Rlimit{Cur: 0, Max: lim.Max}); err != nil {
			fmt.Print(err)
			return 1
		}
		c, err := Spawn(&Spec{Name: "foo", Command: "/bin/true"})
		if err == nil {
			fmt.Print("spawned ", c.PID)
		}
		fmt.Print(errText(err))
		return 0
	case "resolve": // COMMAND PATH: ResolveCommand under our uid
		_, _, err := ResolveCommand(args[0], nil)
		fmt.Print(errText(err))
		return 0
	case "spawn-as": // UID COMMAND: Spawn with user=UID, print the child's stderr
		uid, _ := strconv.Atoi(args[0])
		c, err := Spawn(&Spec{Name: "foo", Command: args[1], UID: &uid, RedirectStderr: true})
		if err != nil {
			fmt.Print(err)
			return 1
		}
		c.Stdin.Close()
		b, _ := io.ReadAll(c.Stdout)
		var ws unix.WaitStatus
		unix.Wait4(c.PID, &ws, 0, nil)
		_, msg := DecodeWaitStatus(ws)
		fmt.Printf("%s%s", b, msg)
		return 0
	}
	fmt.Fprintln(os.Stderr, "unknown mode", mode)
	return 2
}

// childNofile is the soft RLIMIT_NOFILE a spawned child sees.
func childNofile() string {
	c, err := Spawn(&Spec{Name: "lim", Command: "/bin/sh -c 'ulimit -S -n'", RedirectStderr: true})
	if err != nil {
		return err.Error()
	}
	c.Stdin.Close()
	b, _ := io.ReadAll(c.Stdout)
	var ws unix.WaitStatus
	unix.Wait4(c.PID, &ws, 0, nil)
	return strings.TrimSpace(string(b))
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// self is the command= text that runs this test binary as a helper command.
func self(mode string, args ...string) string {
	s := quote(os.Args[0]) + " " + childMarker + " " + mode
	for _, a := range args {
		s += " " + quote(a)
	}
	return s
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'"'"'`) + "'" }

// reap waits for pid as the loop would (unix.Wait4), for at most 10s; on
// timeout it kills the child and fails the test, naming what it awaited.
func reap(t *testing.T, pid int) unix.WaitStatus {
	t.Helper()
	type result struct {
		ws  unix.WaitStatus
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		for {
			_, r.err = unix.Wait4(pid, &r.ws, 0, nil)
			if r.err != syscall.EINTR {
				break
			}
		}
		done <- r
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("wait4(%d): %v", pid, r.err)
		}
		return r.ws
	case <-time.After(10 * time.Second):
		unix.Kill(pid, unix.SIGKILL)
		<-done
		t.Fatalf("child %d did not exit within 10s", pid)
		return 0
	}
}
