package supervisor

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/core/events"
)

// Process is one supervised process: the reference's Subprocess. Every field
// is loop-owned.
type Process struct {
	Config *config.Process
	Group  *Group

	state       ProcessState
	pid         int
	laststart   time.Time // zero: never started
	laststop    time.Time
	delay       time.Time // zero: none
	backoff     int
	killing     bool
	spawnerr    string
	exitstatus  *int
	adminStop   bool
	systemStop  bool
	lastStopRpt time.Time

	stdin  *stdinWriter
	stdout ChildLog
	stderr ChildLog
	drain  chan struct{} // closed once the child is gone: its pumps stop lingering (output.go)

	sockHeld bool               // fcgi: this spawn holds a socket reference
	proto    *events.Protocol   // listeners: the protocol on stdout, per spawn
	inflight *queued            // listeners: the event being processed
	capture  [2]*events.Capture // stdout, stderr capture mode, per spawn
}

// Name is the process name (not the namespec).
func (p *Process) Name() string { return p.Config.Name }

// State is the current state.
func (p *Process) State() ProcessState { return p.state }

// changeState is the reference's change_state: a no-op for the same state;
// entering BACKOFF bumps the backoff counter and delay.
func (s *State) changeState(p *Process, to ProcessState, expected bool) {
	from := p.state
	if from == to {
		return
	}
	if !isLegal(from, to) {
		s.log(datatypes.LevelCritical, fmt.Sprintf("Assertion failed for %s: %s not in %s", p.Name(), from, to))
	}
	p.state = to
	if to == ProcessBackoff {
		p.backoff++
		p.delay = s.now.Add(time.Duration(p.backoff) * time.Second)
	}
	s.stateChanged(p, from, expected)
}

// spawn is the reference's Subprocess.spawn (PROC-START-001, PROC-MLOG-001/002)
// as the loop starts processes on its own (autostart, autorestart, backoff).
func (s *State) spawn(p *Process) {
	sock, err := s.acquireSocket(p)
	if err != nil {
		// Differs from the reference (FCGI-SOCK-006), whose loop dies of the
		// exception: a socket that cannot be created is a spawn error.
		p.laststart = s.sup.clock.Now()
		s.changeState(p, ProcessStarting, true)
		p.spawnerr = err.Error()
		s.log(datatypes.LevelInfo, "spawnerr: "+p.spawnerr)
		s.changeState(p, ProcessBackoff, true)
		return
	}
	if !s.batching {
		s.spawnWith(p, sock)
		return
	}
	if req, ok := s.prepareSpawn(p, sock); ok {
		s.forks = append(s.forks, pendingFork{p: p, req: req})
	}
}

// acquireSocket takes a reference on p's fcgi socket (FastCGISubprocess's
// before_spawn), creating it if needed; nil for other processes.
func (s *State) acquireSocket(p *Process) (*os.File, error) {
	if p.Group.socket == nil {
		return nil, nil
	}
	return p.Group.socket.Acquire()
}

// releaseSocket drops the reference a spawn took.
func (p *Process) releaseSocket() {
	if p.sockHeld {
		p.sockHeld = false
		p.Group.socket.Release()
	}
}

// spawnWith spawns p; sock is the fcgi socket reference already taken, if any.
func (s *State) spawnWith(p *Process, sock *os.File) {
	if req, ok := s.prepareSpawn(p, sock); ok {
		child, err := s.sup.spawner.Spawn(req)
		s.spawned(p, p.laststart, child, err)
	}
}

// prepareSpawn is the reference's spawn up to the fork: p enters STARTING.
// It returns false when there is nothing to fork (already running).
func (s *State) prepareSpawn(p *Process, sock *os.File) (SpawnRequest, bool) {
	if sock != nil {
		p.sockHeld = true
	}
	if p.pid != 0 {
		s.log(datatypes.LevelWarn, fmt.Sprintf("process '%s' already running", p.Name()))
		return SpawnRequest{}, false
	}
	p.killing = false
	p.spawnerr = ""
	p.exitstatus = nil
	p.systemStop = false
	p.adminStop = false
	// The clock, not the pass's time: a pass that starts hundreds of
	// processes lasts a while, and startsecs counts from each one's spawn,
	// as the reference's time.time() does.
	p.laststart = s.sup.clock.Now()
	s.changeState(p, ProcessStarting, true)
	req := SpawnRequest{Process: p.Config, Group: p.Group.Config.Name, ServerURL: s.sup.cfg.Supervisord.ServerURL, Socket: sock, OpenLogs: p.openLogFiles}
	if s.sup.idle.start() {
		kind := p.Group.Config.Kind
		req.UnpolledStdout = !routed(kind, "stdout", p.Config.Stdout)
		req.UnpolledStderr = !routed(kind, "stderr", p.Config.Stderr)
	}
	return req, true
}

// openLogFiles opens p's log files for a spawn, stdout first, as the
// reference's dispatchers do. It may run on a fork worker (forks.go): it
// touches nothing but p's own logs.
func (p *Process) openLogFiles() error {
	for _, l := range []ChildLog{p.stdout, p.stderr} {
		if l != nil {
			if err := l.Open(); err != nil {
				return err
			}
		}
	}
	return nil
}

// spawned is the rest of the reference's spawn, after the fork: the child
// (or the error) is p's, forked at the time at.
func (s *State) spawned(p *Process, at time.Time, child *Child, err error) {
	p.laststart = at
	if err != nil {
		p.releaseSocket()
		p.spawnerr = err.Error()
		s.log(datatypes.LevelInfo, "spawnerr: "+p.spawnerr)
		s.changeState(p, ProcessBackoff, true)
		return
	}
	p.pid = child.PID
	if child.Stdin != nil {
		p.stdin = s.sup.newStdinWriter(child.Stdin)
	}
	s.pids[child.PID] = p
	s.log(datatypes.LevelInfo, fmt.Sprintf("spawned: '%s' with pid %d", p.Name(), child.PID))
	p.spawnerr = ""
	p.delay = at.Add(time.Duration(p.Config.StartSecs) * time.Second)
	kind := p.Group.Config.Kind
	p.proto, p.inflight, p.capture = nil, nil, [2]*events.Capture{}
	if kind == config.GroupEventListener {
		p.proto = events.NewProtocol(p.Name(), s.poolOf(p.Group).handler)
	} else if n := p.Config.Stdout.CaptureMaxBytes; n > 0 {
		p.capture[0] = events.NewCapture(n, nil)
	}
	if n := p.Config.Stderr.CaptureMaxBytes; n > 0 {
		p.capture[1] = events.NewCapture(n, nil)
	}
	p.drain = make(chan struct{})
	s.pump(p, child.Stdout, p.stdout, "stdout", routed(kind, "stdout", p.Config.Stdout))
	s.pump(p, child.Stderr, p.stderr, "stderr", routed(kind, "stderr", p.Config.Stderr))
}

// drained tells p's pumps that the child is gone: whatever is left in its
// pipes is read at once.
func (p *Process) drained() {
	if p.drain != nil {
		close(p.drain)
		p.drain = nil
	}
}

// stop is the reference's Subprocess.stop: an administrative stop.
func (s *State) stop(p *Process) string {
	p.adminStop = true
	p.lastStopRpt = time.Time{}
	return s.kill(p, p.Config.StopSignal)
}

// giveUp is the reference's give_up: BACKOFF → FATAL.
func (s *State) giveUp(p *Process) {
	p.delay = time.Time{}
	p.backoff = 0
	p.systemStop = true
	s.changeState(p, ProcessFatal, true)
}

// kill is the reference's Subprocess.kill (PROC-STOP-001..005). It returns
// "" when the signal was sent (or was not needed), else an error text.
func (s *State) kill(p *Process, sig int) string {
	s.flushForks()
	name := p.Name()
	if p.state == ProcessBackoff {
		s.log(datatypes.LevelDebug, fmt.Sprintf("Attempted to kill %s, which is in BACKOFF state.", name))
		s.changeState(p, ProcessStopped, true)
		return ""
	}
	if p.pid == 0 {
		msg := fmt.Sprintf("attempted to kill %s with sig %s but it wasn't running", name, datatypes.SignalName(sig))
		s.log(datatypes.LevelDebug, msg)
		return msg
	}
	asGroup := p.Config.StopAsGroup
	if p.state == ProcessStopping {
		asGroup = p.Config.KillAsGroup
	}
	groupText := ""
	if asGroup {
		groupText = "process group "
	}
	s.log(datatypes.LevelDebug, fmt.Sprintf("killing %s (pid %d) %swith signal %s", name, p.pid, groupText, datatypes.SignalName(sig)))
	p.killing = true
	p.delay = s.now.Add(time.Duration(p.Config.StopWaitSecs) * time.Second)
	s.changeState(p, ProcessStopping, true)
	target := p.pid
	if asGroup {
		target = -p.pid
	}
	if err := s.sup.spawner.Kill(target, sig); err != nil {
		if errors.Is(err, syscall.ESRCH) {
			s.log(datatypes.LevelDebug, fmt.Sprintf("unable to signal %s (pid %d), it probably just exited on its own: %s", name, p.pid, pyOSError(err)))
			return ""
		}
		msg := fmt.Sprintf("unknown problem killing %s (%d):%s", name, p.pid, err)
		s.log(datatypes.LevelCritical, msg)
		s.changeState(p, ProcessUnknown, true)
		p.killing = false
		p.delay = time.Time{}
		return msg
	}
	return ""
}

// signal is the reference's Subprocess.signal (PROC-STOP-008).
func (s *State) signal(p *Process, sig int) string {
	s.flushForks()
	name := p.Name()
	if p.pid == 0 {
		msg := fmt.Sprintf("attempted to send %s sig %s but it wasn't running", name, datatypes.SignalName(sig))
		s.log(datatypes.LevelDebug, msg)
		return msg
	}
	s.log(datatypes.LevelDebug, fmt.Sprintf("sending %s (pid %d) sig %s", name, p.pid, datatypes.SignalName(sig)))
	if err := s.sup.spawner.Kill(p.pid, sig); err != nil {
		if errors.Is(err, syscall.ESRCH) {
			s.log(datatypes.LevelDebug, fmt.Sprintf("unable to signal %s (pid %d), it probably just now exited on its own: %s", name, p.pid, pyOSError(err)))
			return ""
		}
		msg := fmt.Sprintf("unknown problem sending sig %s (%d):%s", name, p.pid, err)
		s.log(datatypes.LevelCritical, msg)
		s.changeState(p, ProcessUnknown, true)
		return msg
	}
	return ""
}

// pyOSError renders an errno error as Python's str(OSError) does.
func pyOSError(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		text := errno.Error()
		if text != "" {
			text = strings.ToUpper(text[:1]) + text[1:]
		}
		return fmt.Sprintf("[Errno %d] %s", int(errno), text)
	}
	return err.Error()
}

// finish is the reference's Subprocess.finish: the process was reaped
// (PROC-EXIT, PROC-MLOG-004/006).
func (s *State) finish(p *Process, e Exit) {
	// The reference reads the clock afresh here; a child that died during
	// the pass that spawned it must not look as if it exited at its start.
	s.now = s.sup.clock.Now()
	p.drained()
	now := s.now
	p.laststop = now
	name := p.Name()
	tooQuickly := false
	if now.After(p.laststart) {
		tooQuickly = now.Sub(p.laststart) < time.Duration(p.Config.StartSecs)*time.Second
	} else {
		s.log(datatypes.LevelWarn, fmt.Sprintf("process '%s' (%d) laststart time is in the future, don't know how long process was running so assuming it did not exit too quickly", name, p.pid))
	}
	expected := false
	for _, c := range p.Config.ExitCodes {
		if c == e.Status {
			expected = true
		}
	}
	status := e.Status
	switch {
	case p.killing:
		p.killing = false
		p.delay = time.Time{}
		p.exitstatus = &status
		s.changeState(p, ProcessStopped, true)
		level := datatypes.LevelWarn
		if expected {
			level = datatypes.LevelInfo
		}
		s.log(level, fmt.Sprintf("stopped: %s (%s)", name, e.Text))
	case tooQuickly:
		p.exitstatus = nil
		p.spawnerr = "Exited too quickly (process log may have details)"
		s.changeState(p, ProcessBackoff, true)
		s.log(datatypes.LevelWarn, fmt.Sprintf("exited: %s (%s; not expected)", name, e.Text))
	default:
		p.delay = time.Time{}
		p.backoff = 0
		p.exitstatus = &status
		if p.state == ProcessStarting {
			s.changeState(p, ProcessRunning, true) // PROC-TRANS-013: no success line
		}
		if expected {
			s.changeState(p, ProcessExited, true)
			s.log(datatypes.LevelInfo, fmt.Sprintf("exited: %s (%s; expected)", name, e.Text))
		} else {
			p.spawnerr = fmt.Sprintf("Bad exit code %d", status)
			s.changeState(p, ProcessExited, false)
			s.log(datatypes.LevelWarn, fmt.Sprintf("exited: %s (%s; not expected)", name, e.Text))
		}
	}
	if p.inflight != nil {
		q := p.inflight
		p.inflight = nil
		s.rejected(p, q) // EVT-REJ-001
	}
	p.pid = 0
	p.releaseSocket() // FCGI-SOCK-003: the last reaped process closes the socket
	if p.stdin != nil {
		p.stdin.close()
		p.stdin = nil
	}
}

// transition is the reference's Subprocess.transition, run whenever the loop
// wakes (PROC-TRANS, PROC-START, PROC-EXIT-004, PROC-STOP-002).
func (s *State) transition(p *Process) {
	now := s.now
	state := p.state
	if s.mood > SupervisorRestarting {
		switch {
		case state == ProcessExited:
			if p.willRestart() {
				s.spawn(p)
			}
		case state == ProcessStopped && p.laststart.IsZero():
			if p.Config.AutoStart {
				s.spawn(p)
			}
		case state == ProcessBackoff:
			if p.backoff <= p.Config.StartRetries && now.After(p.delay) {
				s.spawn(p)
			}
		}
	}
	name := p.Name()
	if state == ProcessStarting && now.Sub(p.laststart) > time.Duration(p.Config.StartSecs)*time.Second {
		p.delay = time.Time{}
		p.backoff = 0
		s.changeState(p, ProcessRunning, true)
		s.log(datatypes.LevelInfo, fmt.Sprintf("success: %s entered RUNNING state, process has stayed up for > than %d seconds (startsecs)", name, p.Config.StartSecs))
	}
	switch state {
	case ProcessBackoff:
		if p.backoff > p.Config.StartRetries {
			s.giveUp(p)
			s.log(datatypes.LevelInfo, fmt.Sprintf("gave up: %s entered FATAL state, too many start retries too quickly", name))
		}
	case ProcessStopping:
		if !now.Before(p.delay) {
			s.log(datatypes.LevelWarn, fmt.Sprintf("killing '%s' (%d) with SIGKILL", name, p.pid))
			s.kill(p, int(syscall.SIGKILL))
		}
	}
}

// willRestart applies autorestart to an EXITED process (PROC-EXIT-004).
func (p *Process) willRestart() bool {
	switch p.Config.AutoRestart {
	case datatypes.AutoRestartTrue:
		return true
	case datatypes.AutoRestartUnexpected:
		return !p.exitedExpectedly()
	}
	return false
}

// exitedExpectedly reports whether the last exit status is in exitcodes.
func (p *Process) exitedExpectedly() bool {
	if p.exitstatus == nil {
		return false
	}
	for _, c := range p.Config.ExitCodes {
		if c == *p.exitstatus {
			return true
		}
	}
	return false
}

// deadline is the earliest time transition could act on p without outside
// input; zero when only outside input (an exit, a request) can change it.
func (s *State) deadline(p *Process) time.Time {
	switch p.state {
	case ProcessStarting:
		return p.laststart.Add(time.Duration(p.Config.StartSecs)*time.Second + time.Nanosecond)
	case ProcessBackoff:
		if p.backoff > p.Config.StartRetries {
			return s.now
		}
		if s.mood > SupervisorRestarting {
			return p.delay.Add(time.Nanosecond)
		}
	case ProcessStopping:
		return p.delay
	case ProcessExited:
		if s.mood > SupervisorRestarting && p.willRestart() {
			return s.now
		}
	case ProcessStopped:
		if s.mood > SupervisorRestarting && p.laststart.IsZero() && p.Config.AutoStart {
			return s.now
		}
	}
	return time.Time{}
}
