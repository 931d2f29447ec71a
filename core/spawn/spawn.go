package spawn

import (
	"os"
	"runtime"
	"strconv"
	"syscall"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/core/config"
	"golang.org/x/sys/unix"
)

// DefaultHelper is the binary re-executed as the spawn helper: ourselves.
// /proc/self/exe still works after the binary on disk was replaced.
const DefaultHelper = "/proc/self/exe"

// Spec is everything needed to start one child: the parts of the reference's
// ProcessConfig that _spawn_as_child reads. Build it with [NewSpec], or by hand
// in tests.
type Spec struct {
	Name    string // process name: SUPERVISOR_PROCESS_NAME and spawnerr texts
	Group   string // SUPERVISOR_GROUP_NAME; "" leaves it unset
	Command string // command=, split with shlex (PROC-SPAWN-001)
	// Environment is the program's environment=, already merged with
	// [supervisord] environment= (core/config does), in dict order.
	Environment []datatypes.KV
	// ServerURL is SUPERVISOR_SERVER_URL, resolved (the program's serverurl=
	// or supervisord's default); "" leaves it unset (PROC-ENV-002).
	ServerURL string
	Directory *string // chdir here in the child (PROC-SPAWN-009)
	Umask     *int    // set in the child; nil inherits supervisord's
	UID       *int    // user= as a uid; nil runs as supervisord's user (PROC-SPAWN-008)
	// RedirectStderr sends the child's fd 2 to the stdout pipe and makes no
	// stderr pipe (make_pipes(stderr=False)). Event listeners always have a
	// stderr pipe: pass false for them, as EventListenerConfig does.
	RedirectStderr bool
	// Socket, when set, becomes the child's fd 0 instead of a stdin pipe
	// (FastCGI, FCGI-SPAWN-001); the child gets no stdin pipe (FCGI-SPAWN-002,
	// PROC-STDIN-002). Spawn calls Socket.Fd(), which puts the listening
	// socket in blocking mode, as the child expects.
	Socket *os.File
	// MinFDs is minfds=: the child closes fds 3 .. MinFDs-1 and leaves higher
	// ones open, as the reference does (PROC-SPAWN-006).
	MinFDs int
	// BeforeFork, when set, runs after the pipes are made and before the
	// fork, where the reference's make_dispatchers opens the log files; its
	// error is a spawn error with the text of a failure to make them
	// (PROC-ERR-007), and nothing is forked.
	BeforeFork func() error
	// UnpolledStdout and UnpolledStderr return that pipe's read end as a
	// file the runtime's poller does not watch, non-blocking all the same:
	// for a reader that waits on an epoll set of its own. A pipe on the
	// poller wakes the runtime at every write of the child, whether or not
	// anything waits for it.
	UnpolledStdout, UnpolledStderr bool
	// Helper is the binary to re-execute as the spawn helper; "" means
	// DefaultHelper, and lets Spawn exec the program directly when it can
	// (see [PrepareDirect]); any other value always goes through Helper.
	// Its main must call [ChildMain] first.
	Helper string
}

// NewSpec is the Spec of process p of group for a daemon configured with sd.
func NewSpec(p *config.Process, group string, sd *config.Supervisord) *Spec {
	url := sd.ServerURL
	if p.ServerURL != nil {
		url = *p.ServerURL
	}
	return &Spec{
		Name:           p.Name,
		Group:          group,
		Command:        p.Command,
		Environment:    p.Environment,
		ServerURL:      url,
		Directory:      p.Directory,
		Umask:          p.Umask,
		UID:            p.UID,
		RedirectStderr: p.RedirectStderr,
		MinFDs:         sd.MinFDs,
	}
}

// Child is a started child: its pid (also its process group id) and the
// parent's ends of its pipes, non-blocking and registered with the Go poller,
// so reader goroutines can be woken by Close (but for the output pipes that
// Spec.UnpolledStdout and UnpolledStderr ask otherwise). The caller owns and
// closes them, and reaps the pid (only the supervisor loop reaps).
type Child struct {
	PID    int
	Stdin  *os.File // write end; nil when Spec.Socket was given
	Stdout *os.File // read end
	Stderr *os.File // read end; nil when Spec.RedirectStderr
}

// Spawn starts s as the reference's Subprocess.spawn does, up to and including
// the fork (PROC-SPAWN): it resolves the command (a failure is a *SpawnError
// with the spawnerr text and no child), makes the pipes, then forks and execs
// the spawn helper in a new process group (setpgid, as the reference's
// setpgrp). The helper does the child-side steps and execs the program; see
// [ChildMain]. When the helper would have nothing to do that the kernel does
// not do anyway, the program is exec'd directly instead; see [PrepareDirect].
// A failure in the child is only visible as the child's exit status
// 127, after its "supervisor: ..." lines went to the stderr pipe
// (PROC-SPAWN-011), exactly as with the reference.
//
// The loop logs "spawned: 'x' with pid N" (PROC-SPAWN-005) on success.
func Spawn(s *Spec) (*Child, error) {
	filename, argv, err := resolve(s.Command, s.Environment)
	if err != nil {
		return nil, err
	}
	return start(s, filename, argv, useDirect(s))
}

// pipePair is one pipe: the parent's end and the child's end.
type pipePair struct{ parent, child int }

func start(s *Spec, filename string, argv []string, directExec bool) (*Child, error) {
	var pipes []*pipePair
	closeAll := func(parent bool) {
		for _, p := range pipes {
			if parent {
				unix.Close(p.parent)
			}
			unix.Close(p.child)
		}
	}
	// Order and directions as make_pipes: stdin (child reads), stdout, stderr.
	// An unpolled end stays blocking until it is a file (outputFile).
	mk := func(childReads, polled bool) (*pipePair, error) {
		var fds [2]int
		if err := unix.Pipe2(fds[:], unix.O_CLOEXEC); err != nil {
			return nil, err
		}
		p := &pipePair{parent: fds[0], child: fds[1]}
		if childReads {
			p = &pipePair{parent: fds[1], child: fds[0]}
		}
		pipes = append(pipes, p)
		if !polled {
			return p, nil
		}
		return p, unix.SetNonblock(p.parent, true)
	}
	var stdin, stdout, stderr *pipePair
	var err error
	if s.Socket == nil {
		stdin, err = mk(true, true)
	}
	if err == nil {
		stdout, err = mk(false, !s.UnpolledStdout)
	}
	if err == nil && !s.RedirectStderr {
		stderr, err = mk(false, !s.UnpolledStderr)
	}
	if err == nil && s.BeforeFork != nil {
		err = s.BeforeFork()
	}
	if err != nil {
		closeAll(true)
		text := "unknown error making dispatchers for '" + s.Name + "': " + errnoText(err)
		if errnoOf(err) == unix.EMFILE {
			text = "too many open files to spawn '" + s.Name + "'"
		}
		return nil, &SpawnError{Kind: ErrPipes, Text: text, Err: err}
	}

	files := make([]uintptr, 3)
	if s.Socket != nil {
		files[0] = s.Socket.Fd()
	} else {
		files[0] = uintptr(stdin.child)
	}
	files[1] = uintptr(stdout.child)
	files[2] = uintptr(stdout.child)
	if stderr != nil {
		files[2] = uintptr(stderr.child)
	}
	helper := s.Helper
	if helper == "" {
		helper = DefaultHelper
	}
	env := Environ(os.Environ(), s.Name, s.Group, s.ServerURL, s.Environment)
	fork := func(files []uintptr) (pid int, err error) {
		attr := &syscall.ProcAttr{Env: env, Files: files, Sys: &syscall.SysProcAttr{Setpgid: true}}
		if directExec {
			// The direct path (see PrepareDirect). Should the exec fail,
			// the helper runs instead and reports it the reference's way.
			pid, err = syscall.ForkExec(filename, argv, attr)
			if err == nil {
				directSpawns.Add(1)
				return pid, nil
			}
		}
		attr.Env = append(env[:len(env):len(env)], helperEnv)
		return syscall.ForkExec(helper, helperArgv(s, filename, argv), attr)
	}
	// On a forker when one runs (forker.go), else here.
	pid, err, viaForker := forkVia(files, fork)
	if !viaForker {
		pid, err = fork(files)
	}
	runtime.KeepAlive(s.Socket)
	if err != nil {
		closeAll(true)
		text := "unknown error during fork for '" + s.Name + "': " + errnoText(err)
		if errnoOf(err) == unix.EAGAIN {
			text = "Too many processes in process table to spawn '" + s.Name + "'"
		}
		return nil, &SpawnError{Kind: ErrFork, Text: text, Err: err}
	}
	closeAll(false)

	c := &Child{PID: pid}
	if stdin != nil {
		c.Stdin = os.NewFile(uintptr(stdin.parent), s.Name+" stdin")
	}
	c.Stdout = outputFile(stdout.parent, s.Name+" stdout", s.UnpolledStdout)
	if stderr != nil {
		c.Stderr = outputFile(stderr.parent, s.Name+" stderr", s.UnpolledStderr)
	}
	return c, nil
}

// outputFile is the file of the parent's read end fd of an output pipe. A
// polled end is non-blocking already, so os.NewFile puts it on the
// runtime's poller. An unpolled one is still blocking, which keeps NewFile
// from doing so, and is made non-blocking once it is a file. (Should that
// fail, it stays blocking: its reader sees that and reads it as such.)
func outputFile(fd int, name string, unpolled bool) *os.File {
	f := os.NewFile(uintptr(fd), name)
	if unpolled {
		unix.SetNonblock(fd, true)
	}
	return f
}

// helperArgv is the helper's command line (see ChildMain for the handshake).
func helperArgv(s *Spec, filename string, argv []string) []string {
	a := make([]string, 0, 6+len(argv))
	a = append(a, helperArg0, "minfds="+strconv.Itoa(s.MinFDs))
	if s.UID != nil {
		a = append(a, "uid="+strconv.Itoa(*s.UID))
	}
	if s.Umask != nil {
		a = append(a, "umask="+strconv.Itoa(*s.Umask))
	}
	if s.Directory != nil {
		a = append(a, "dir="+*s.Directory)
	}
	a = append(a, "--", filename)
	return append(a, argv...)
}

// GrowPipe asks the kernel for a pipe of size bytes behind fd (either end).
// The limits are the kernel's (pipe-max-size, the per-user quota); a pipe
// the kernel refuses to grow keeps its size, so the error is only advisory.
func GrowPipe(fd uintptr, size int) error {
	_, err := unix.FcntlInt(fd, unix.F_SETPIPE_SZ, size)
	return err
}
