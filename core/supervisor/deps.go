package supervisor

import (
	"context"
	"io"
	"os"
	"time"

	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/core/logs"
)

// Clock is where the loop gets time; tests inject a fake one.
type Clock interface {
	Now() time.Time
	// NewTimer returns a stopped-or-running timer; Reset arms it.
	NewTimer(d time.Duration) Timer
}

// Timer is the part of *time.Timer the loop uses.
type Timer interface {
	C() <-chan time.Time
	Reset(d time.Duration)
	Stop()
}

// RealClock is the wall clock.
type RealClock struct{}

func (RealClock) Now() time.Time { return time.Now() }

func (RealClock) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time   { return r.t.C }
func (r realTimer) Reset(d time.Duration) { r.t.Reset(d) }
func (r realTimer) Stop()                 { r.t.Stop() }

// Child is a spawned process as the loop sees it: its pid and the parent
// ends of its pipes (nil where the child has none).
type Child struct {
	PID    int
	Stdin  io.WriteCloser
	Stdout io.ReadCloser
	Stderr io.ReadCloser
}

// SpawnRequest is everything a spawner needs to start one process.
type SpawnRequest struct {
	Process   *config.Process
	Group     string
	ServerURL string   // the default SUPERVISOR_SERVER_URL (CFG-SRV-001)
	Socket    *os.File // fcgi programs: the shared listening socket, the child's fd 0
	// OpenLogs opens the process's log files (ChildLog.Open). The spawner
	// calls it where the reference's make_dispatchers opens them: after the
	// command is resolved and the pipes are made, before the fork; its
	// error is the spawn's ("unknown error making dispatchers for ...").
	OpenLogs func() error
	// UnpolledStdout and UnpolledStderr ask for that output pipe off the
	// runtime's poller (spawn.Spec's fields of the same names): set for a
	// pipe only its log reads, whose pump waits in the supervisor's own
	// epoll set (idle.go). A Child's pipes may be on the poller either way.
	UnpolledStdout, UnpolledStderr bool
}

// Spawner starts children without waiting for them (only the loop reaps).
// A returned error's text is the reference's spawnerr (PROC-ERR).
type Spawner interface {
	Spawn(req SpawnRequest) (*Child, error)
	// Kill sends sig to pid (a negative pid is a process group).
	Kill(pid int, sig int) error
}

// Exit is one reaped child.
type Exit struct {
	PID    int
	Status int    // decoded exit status: the code, or -1 when killed by a signal
	Text   string // the reference's decode_wait_status text
}

// Reaper collects exited children; the real one calls wait4(-1, WNOHANG).
type Reaper interface {
	// Reap returns the next exited child, or ok=false when none is waiting.
	Reap() (e Exit, ok bool)
}

// Logger is the main log (supervisord.log) as the loop writes to it, at the
// reference's levels.
type Logger interface {
	Log(level int, msg string)
}

// ChildLogs opens the stdout/stderr log of a process.
type ChildLogs interface {
	// Open returns the writer for channel ("stdout" or "stderr") of p, or nil
	// when that channel is not logged; identifier names AUTO logs.
	Open(p *config.Process, channel, identifier string) (w ChildLog, err error)
}

// ChildLog is one process channel's log (core/logs.ChildLog): Write never
// blocks and takes ownership of the slice; the reader of the child's pipe
// calls Wait before each read, which holds it while the disk is behind, so
// backpressure stops that child's pipe and never the loop.
type ChildLog interface {
	// Open opens the file for a spawn (see logs.ChildLog.Open).
	Open() error
	Write(p []byte)
	// WriteNow and WriteChunkNow are for the goroutine reading the pipe,
	// which may block on the disk; WriteChunkNow gives ch back to the pool.
	WriteNow(p []byte)
	WriteChunkNow(ch *logs.Chunk, n int)
	Wait(ctx context.Context) error
	Path() string
	Reopen() <-chan error
	Clear() <-chan error
	Close() error
}
