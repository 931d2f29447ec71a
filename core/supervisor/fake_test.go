package supervisor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/core/config"
)

// fakeClock is a manual clock: time moves only in Advance, which fires the
// loop's timer when it is due.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	timer *fakeTimer
}

type fakeTimer struct {
	c     chan time.Time
	clock *fakeClock
	due   time.Time
	armed bool
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTimer(d time.Duration) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: make(chan time.Time, 1), clock: c, due: c.now.Add(d), armed: true}
	c.timer = t
	return t
}

func (t *fakeTimer) C() <-chan time.Time { return t.c }

func (t *fakeTimer) Reset(d time.Duration) {
	t.clock.mu.Lock()
	defer t.clock.mu.Unlock()
	t.due, t.armed = t.clock.now.Add(d), true
	if d <= 0 {
		t.fireLocked()
	}
}

func (t *fakeTimer) Stop() {
	t.clock.mu.Lock()
	defer t.clock.mu.Unlock()
	t.armed = false
}

func (t *fakeTimer) fireLocked() {
	t.armed = false
	select {
	case t.c <- t.clock.now:
	default: // a tick is already pending: one wake-up is enough
	}
}

// Advance moves time on and wakes the loop if its timer is due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	if t := c.timer; t != nil && t.armed && !t.due.After(c.now) {
		t.fireLocked()
	}
}

// fakeSpawner records spawns and signals; children exit only when a test says so.
type fakeSpawner struct {
	// entered, when set, is called at the start of every Spawn, outside
	// the lock, so a test can hold spawns or see them overlap.
	entered func(req SpawnRequest)

	mu      sync.Mutex
	nextPID int
	fail    map[string]string // process name -> spawn error text
	spawned []string
	kills   []string
	exits   []Exit
}

func (f *fakeSpawner) Spawn(req SpawnRequest) (*Child, error) {
	if f.entered != nil {
		f.entered(req)
	}
	if req.OpenLogs != nil {
		if err := req.OpenLogs(); err != nil {
			return nil, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if msg, ok := f.fail[req.Process.Name]; ok {
		return nil, errors.New(msg)
	}
	f.nextPID++
	pid := 1000 + f.nextPID
	f.spawned = append(f.spawned, fmt.Sprintf("%s:%d", req.Process.Name, pid))
	return &Child{PID: pid}, nil
}

func (f *fakeSpawner) Kill(pid, sig int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.kills = append(f.kills, fmt.Sprintf("%d:%s", pid, datatypes.SignalName(sig)))
	return nil
}

func (f *fakeSpawner) Reap() (Exit, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.exits) == 0 {
		return Exit{}, false
	}
	e := f.exits[0]
	f.exits = f.exits[1:]
	return e, true
}

// recLog records main-log lines as "LEVEL message".
type recLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *recLog) Log(level int, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, datatypes.LevelName(level)+" "+msg)
}

func (l *recLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.lines
	l.lines = nil
	return out
}

// harness runs a Supervisor on fakes.
type harness struct {
	t     *testing.T
	clock *fakeClock
	spawn *fakeSpawner
	log   *recLog
	sup   *Supervisor
	done  chan SupervisorState
}

func program(name string, mod func(p *config.Process)) *config.Group {
	p := &config.Process{
		Name: name, Command: "/bin/" + name, Priority: 999, AutoStart: true,
		AutoRestart: datatypes.AutoRestartUnexpected, StartSecs: 1, StartRetries: 3,
		StopSignal: int(syscall.SIGTERM), StopWaitSecs: 10, ExitCodes: []int{0},
	}
	if mod != nil {
		mod(p)
	}
	return &config.Group{Kind: config.GroupProgram, Name: name, Priority: 999, Processes: []*config.Process{p}}
}

func start(t *testing.T, groups ...*config.Group) *harness {
	t.Helper()
	return startWith(t, nil, groups...)
}

// startWith is start with mod applied to the Options first.
func startWith(t *testing.T, mod func(h *harness, o *Options), groups ...*config.Group) *harness {
	t.Helper()
	h := &harness{t: t, clock: newFakeClock(), spawn: &fakeSpawner{fail: map[string]string{}}, log: &recLog{}, done: make(chan SupervisorState, 1)}
	cfg := &config.Config{Groups: groups}
	cfg.Supervisord.LogLevel = datatypes.LevelInfo
	o := Options{Config: cfg, Spawner: h.spawn, Reaper: h.spawn, Logger: h.log, Clock: h.clock}
	if mod != nil {
		mod(h, &o)
	}
	sup, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	h.sup = sup
	go func() { h.done <- sup.Run(context.Background()) }()
	// Wait for the first pass (autostart) so that tests start from it.
	if err := sup.Do(context.Background(), func(*State) error { return nil }); err != nil {
		t.Fatalf("first pass: %v", err)
	}
	t.Cleanup(func() {
		select {
		case <-sup.Exited():
			return
		default:
		}
		pids := h.pids()
		sup.Do(context.Background(), func(st *State) error { st.Shutdown(); return nil })
		for _, pid := range pids {
			e := Exit{PID: pid, Status: -1, Text: "terminated by SIGTERM"}
			sup.Do(context.Background(), func(st *State) error { // fails once the loop has ended: fine
				h.spawn.mu.Lock()
				h.spawn.exits = append(h.spawn.exits, e)
				h.spawn.mu.Unlock()
				st.handleSignal(syscall.SIGCHLD)
				return nil
			})
		}
		select {
		case <-sup.Exited():
		case <-time.After(5 * time.Second):
			t.Error("supervisor loop did not end within 5s of shutdown")
		}
	})
	return h
}

// do runs fn on the loop and waits for it.
func (h *harness) do(fn func(st *State)) {
	h.t.Helper()
	if err := h.sup.Do(context.Background(), func(st *State) error { fn(st); return nil }); err != nil {
		h.t.Fatalf("Do: %v", err)
	}
}

// state returns the named process's state after the loop's latest pass.
func (h *harness) state(name string) ProcessState {
	h.t.Helper()
	var s ProcessState
	h.do(func(st *State) {
		_, p, err := st.Lookup(name)
		if err != nil {
			h.t.Fatalf("Lookup(%s): %v", name, err)
		}
		s = p.state
	})
	return s
}

func (h *harness) pids() []int {
	var pids []int
	h.do(func(st *State) {
		for pid := range st.pids {
			pids = append(pids, pid)
		}
	})
	return pids
}

func (h *harness) pid(name string) int {
	var pid int
	h.do(func(st *State) {
		_, p, _ := st.Lookup(name)
		pid = p.pid
	})
	return pid
}

// kills returns the signals sent so far as "pid:SIGNAME".
func (h *harness) kills() []string {
	h.spawn.mu.Lock()
	defer h.spawn.mu.Unlock()
	return append([]string(nil), h.spawn.kills...)
}

// exit makes pid exit with code (or signal, when code < 0) and lets the
// loop reap it on its next pass.
func (h *harness) exit(pid, code int) {
	e := Exit{PID: pid, Status: code, Text: fmt.Sprintf("exit status %d", code)}
	if code < 0 {
		e = Exit{PID: pid, Status: -1, Text: "terminated by " + datatypes.SignalName(-code)}
	}
	h.do(func(st *State) {
		h.spawn.mu.Lock()
		h.spawn.exits = append(h.spawn.exits, e)
		h.spawn.mu.Unlock()
		st.handleSignal(syscall.SIGCHLD) // as the kernel would signal it
	})
	// Each Do is followed by a pass: the first reaps, the second runs what
	// became due at once (autorestart, giving up), as the loop does unasked.
	// The loop may have ended instead (the last process of a shutdown).
	h.sup.Do(context.Background(), func(*State) error { return nil })
}

// advance moves the clock and waits until the loop has run a pass after it.
// A request is answered before the pass that follows it, and the loop may
// take the request before the timer the clock fired: the second request is
// taken only once that pass is over.
func (h *harness) advance(d time.Duration) {
	h.clock.Advance(d)
	h.do(func(*State) {})
	h.do(func(*State) {})
}

// wantLog checks that the recorded log lines since the last check contain
// want, in order.
func (h *harness) wantLog(want ...string) {
	h.t.Helper()
	got := h.log.take()
	i := 0
	for _, line := range got {
		if i < len(want) && line == want[i] {
			i++
		}
	}
	if i < len(want) {
		h.t.Errorf("log lacks %q (in order); got:\n%s", want[i:], strings.Join(got, "\n"))
	}
}

func (h *harness) wantState(name string, want ProcessState) {
	h.t.Helper()
	if got := h.state(name); got != want {
		h.log.mu.Lock()
		lines := strings.Join(h.log.lines, "\n")
		h.log.mu.Unlock()
		h.t.Errorf("%s is %s, want %s; log so far:\n%s", name, got, want, lines)
	}
}
