package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/user"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/core/logs"
	"github.com/gosupervisord/gosupervisord/core/spawn"
	"github.com/gosupervisord/gosupervisord/core/supervisor"
)

// spawner adapts core/spawn to the supervisor loop.
type spawner struct{ sd *config.Supervisord }

func (s spawner) Spawn(req supervisor.SpawnRequest) (*supervisor.Child, error) {
	spec := spawn.NewSpec(req.Process, req.Group, s.sd)
	spec.Socket = req.Socket
	spec.BeforeFork = req.OpenLogs
	spec.UnpolledStdout, spec.UnpolledStderr = req.UnpolledStdout, req.UnpolledStderr
	c, err := spawn.Spawn(spec)
	if err != nil {
		return nil, err
	}
	child := &supervisor.Child{PID: c.PID}
	// Assign only non-nil files: a nil *os.File in an interface is not nil.
	if c.Stdin != nil {
		child.Stdin = c.Stdin
	}
	if c.Stdout != nil {
		child.Stdout = c.Stdout
	}
	if c.Stderr != nil {
		child.Stderr = c.Stderr
	}
	return child, nil
}

func (spawner) Kill(pid, sig int) error {
	if pid < 0 {
		return spawn.Kill(-pid, syscall.Signal(sig), true)
	}
	return spawn.Kill(pid, syscall.Signal(sig), false)
}

func (spawner) CheckCommand(req supervisor.SpawnRequest) (error, bool) {
	_, _, err := spawn.ResolveCommand(req.Process.Command, req.Process.Environment)
	if err == nil {
		return nil, false
	}
	return err, errors.Is(err, spawn.ErrNotFound)
}

// reaper collects exited children with wait4(-1, WNOHANG): any child,
// including orphans re-parented to us when we are PID 1.
type reaper struct{}

func (reaper) Reap() (supervisor.Exit, bool) {
	for {
		var ws unix.WaitStatus
		pid, err := unix.Wait4(-1, &ws, unix.WNOHANG, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil || pid <= 0 {
			return supervisor.Exit{}, false
		}
		status, text := spawn.DecodeWaitStatus(ws)
		return supervisor.Exit{PID: pid, Status: status, Text: text}, true
	}
}

// mainLog adapts *logs.Logger to the loop's Logger.
type mainLog struct{ l *logs.Logger }

func (m mainLog) Log(level int, msg string) { m.l.Log(logs.Level(level), msg) }
func (m mainLog) Reopen() error             { return m.l.Reopen() }

// childLogs opens the child logs of processes as the reference's
// dispatchers do, choosing AUTO names in childlogdir.
type childLogs struct {
	sd     *config.Supervisord
	syslog logs.Syslog
	log    *logs.Logger
}

func (c childLogs) Open(p *config.Process, channel, identifier string) (supervisor.ChildLog, error) {
	lc := p.Stdout
	if channel == "stderr" {
		lc = p.Stderr
	}
	path := ""
	switch lc.File.Kind {
	case datatypes.LogfileAuto:
		var err error
		if path, err = logs.AutoChildLogName(c.sd.ChildLogDir, p.Name, channel, identifier); err != nil {
			return nil, &autoLogError{err}
		}
	case datatypes.LogfilePath:
		path = lc.File.Path
	}
	var sys logs.Syslog
	if lc.Syslog {
		sys = c.syslog
	}
	if path == "" && sys == nil {
		return nil, nil
	}
	return childLog{logs.NewChildLog(logs.ChildLogConfig{
		Path: path, MaxBytes: int64(lc.MaxBytes), Backups: lc.Backups,
		Syslog: sys, Name: p.Name, StripANSI: c.sd.StripANSI,
		OnError: func(err error) { c.log.Log(logs.LevelError, err.Error()) },
	})}, nil
}

// autoLogError is an AUTO log file that could not be created. At start-up
// the reference dies of the OSError with a traceback and exit status 1; its
// text is str() of that OSError: "[Errno 13] Permission denied: '<path>'".
type autoLogError struct{ err error }

func (e *autoLogError) Error() string {
	var pe *fs.PathError
	if errors.As(e.err, &pe) {
		return pyOSError(pe.Err) + ": " + pyfmt.Repr(pe.Path)
	}
	return pyOSError(e.err)
}

func (e *autoLogError) Unwrap() error { return e.err }

// childLog adapts *logs.ChildLog to the loop's ChildLog.
type childLog struct{ l *logs.ChildLog }

func (c childLog) Open() error                         { return c.l.Open() }
func (c childLog) Write(p []byte)                      { c.l.Write(p) }
func (c childLog) WriteNow(p []byte)                   { c.l.WriteNow(p) }
func (c childLog) WriteChunkNow(ch *logs.Chunk, n int) { c.l.WriteChunkNow(ch, n) }
func (c childLog) Wait(ctx context.Context) error      { return c.l.Wait(ctx) }
func (c childLog) Path() string                        { return c.l.Path() }
func (c childLog) Reopen() <-chan error                { return c.l.Reopen() }
func (c childLog) Clear() <-chan error                 { return c.l.Clear() }
func (c childLog) Close() error                        { return c.l.Close() }

// supplementaryGroups lists the groups of uid's user, its primary group first,
// as the reference passes them to setgroups.
func supplementaryGroups(uid, gid int) ([]int, error) {
	u, err := user.LookupId(strconv.Itoa(uid))
	if err != nil {
		return nil, err
	}
	ids, err := u.GroupIds()
	if err != nil {
		return nil, err
	}
	groups := []int{gid}
	for _, id := range ids {
		if n, err := strconv.Atoi(id); err == nil && n != gid {
			groups = append(groups, n)
		}
	}
	return groups, nil
}

// memoryReleaser returns the loop's Settle hook: it returns the memory a
// burst of work (start-up, a flood of requests) left behind to the kernel, in
// the background (the runtime would keep freed pages resident a while), one
// release at a time.
func memoryReleaser() func() {
	var running atomic.Bool
	return func() {
		if running.CompareAndSwap(false, true) {
			go func() {
				defer running.Store(false)
				debug.FreeOSMemory()
			}()
		}
	}
}

// descriptorsFor is how many descriptors the daemon may hold with every
// process of cfg running: per process its three pipes and two log files,
// and a margin for the servers, the listeners' sockets and the spawns under
// way.
func descriptorsFor(cfg *config.Config) int {
	n := 0
	for _, g := range cfg.Groups {
		n += len(g.Processes)
	}
	return 64 + 6*n
}

// spawnWorkers is how many forks of a pass run side by side: one per CPU,
// at most four (more only queue up in the kernel).
func spawnWorkers() int { return min(runtime.NumCPU(), 4) }

// widen returns the loop's Widen hook, run around a batch of forks: it
// starts a spawn batch (core/spawn) with n forkers, so that the batch's
// children are forked from small descriptor tables and what every spawn
// would work out again is worked out once, and lets the runtime use n
// processors instead of the one main gives it, since each fork holds its
// processor until the child has exec'd. GOMAXPROCS from the environment is
// left as it is.
func widen(n int) func() func() {
	fixed := os.Getenv("GOMAXPROCS") != ""
	return func() func() {
		stop := spawn.StartBatch(n)
		if fixed {
			return stop
		}
		prev := runtime.GOMAXPROCS(n)
		return func() {
			stop()
			runtime.GOMAXPROCS(prev)
		}
	}
}
