package supervisor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"
	"syscall"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/core/events"
)

// Errors with the reference's fault names (supervisor/xmlrpc.py Faults); the
// rpc layer maps them to fault codes.
var (
	ErrShutdownState = errors.New("SHUTDOWN_STATE")
)

// Options wires a Supervisor to the outside world.
type Options struct {
	Config    *config.Config
	Spawner   Spawner
	Reaper    Reaper
	Logger    Logger
	ChildLogs ChildLogs
	Clock     Clock     // RealClock when nil
	Stdout    io.Writer // supervisord's stdout (supervisor_stdout's handler prints there)

	// Signals, when set, is where the loop takes its signals from (the
	// channel given to signal.Notify, so that a signal reaches the loop with
	// no goroutine in between); else Signals() makes one.
	Signals chan os.Signal

	// Settle, when set, is called on the loop once things have been quiet
	// for SettleAfter after a burst of activity (requests, output, signals):
	// the daemon returns memory it no longer needs there. It must not block.
	// Never called while nothing happens, so an idle daemon stays asleep.
	Settle func()

	// SpawnWorkers is how many goroutines fork the children a pass starts
	// (see forks.go); 0 or 1 forks them one by one. Widen, when set, is
	// called before a batch of two or more forks and the function it
	// returns after: the daemon sets up forkers and lets the runtime use
	// more CPUs meanwhile.
	SpawnWorkers int
	Widen        func() (restore func())
}

// pumpGrace is how long the loop's end waits for the output pumps to reach
// the end of their pipes before closing them.
const pumpGrace = 200 * time.Millisecond

// SettleAfter is how long the loop waits after activity before Settle.
const SettleAfter = 500 * time.Millisecond

// Supervisor runs the loop. Create it with New, start Run in one goroutine,
// reach it from others only through Do.
type Supervisor struct {
	cfg       *config.Config
	spawner   Spawner
	reaper    Reaper
	logger    Logger
	childLogs ChildLogs
	clock     Clock

	stdout io.Writer
	settle func()

	spawnWorkers int
	widen        func() func()

	signals  chan os.Signal
	requests chan request
	output   chan output   // chunks of output that need the loop (events.go)
	wake     chan struct{} // output pumps finishing, etc.
	exited   chan struct{}
	st       *State

	pumps sync.WaitGroup // output pumps (output.go)
	pipes pipeSet        // their read ends, closed when the loop ends
	idle  idleSet        // the pipes of idle log pumps (idle.go)
}

// pipeSet is the set of open output pipes, shared by the pumps and the loop.
type pipeSet struct {
	mu     sync.Mutex
	open   map[io.Closer]bool
	closed bool // closeAll has run
}

func (ps *pipeSet) add(c io.Closer) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.open == nil {
		ps.open = map[io.Closer]bool{}
	}
	ps.open[c] = true
}

func (ps *pipeSet) remove(c io.Closer) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	delete(ps.open, c)
}

// swap puts new in old's place; false, and nothing changed, once closeAll
// has run.
func (ps *pipeSet) swap(old, new io.Closer) bool {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.closed {
		return false
	}
	delete(ps.open, old)
	ps.open[new] = true
	return true
}

// closeAll closes every pipe still open (a grandchild may hold one forever),
// once: it reports whether this call did.
func (ps *pipeSet) closeAll() bool {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.closed {
		return false
	}
	ps.closed = true
	for c := range ps.open {
		c.Close()
	}
	return true
}

type request struct {
	fn   func(*State) error
	done chan error
	view bool // fn only reads: no pass follows it (View)
}

// New builds a Supervisor with one group per configured group, in the
// reference's order (CFG-ORD-001), without starting anything.
func New(o Options) (*Supervisor, error) {
	clock := o.Clock
	if clock == nil {
		clock = RealClock{}
	}
	s := &Supervisor{
		cfg: o.Config, spawner: o.Spawner, reaper: o.Reaper, logger: o.Logger,
		childLogs: o.ChildLogs, clock: clock, stdout: o.Stdout, settle: o.Settle,
		spawnWorkers: o.SpawnWorkers, widen: o.Widen,
		output:   make(chan output),
		signals:  o.Signals,
		requests: make(chan request),
		wake:     make(chan struct{}, 1),
		exited:   make(chan struct{}),
	}
	if s.signals == nil {
		s.signals = make(chan os.Signal, 16)
	}
	s.st = &State{sup: s, mood: SupervisorRunning, groups: map[string]*Group{}, pids: map[int]*Process{}, reapDue: true, now: clock.Now(), evSerial: events.InitialSerial, identifier: o.Config.Supervisord.Identifier}
	for _, gc := range o.Config.Groups {
		if _, err := s.st.addGroup(gc); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Signals is where the caller delivers the signals supervisord handles
// (PROC-SIG-001): TERM, INT, QUIT, HUP, USR2 and CHLD.
func (s *Supervisor) Signals() chan<- os.Signal { return s.signals }

// State is everything the loop owns. Outside the loop it exists only inside Do.
type State struct {
	sup    *Supervisor
	now    time.Time
	mood   SupervisorState
	groups map[string]*Group
	order  []*Group // groups by priority, cached by groupOrder; nil when groups change
	serial int      // creation order of groups, for stable ordering
	pids   map[int]*Process

	stopping     bool
	stopGroups   []*Group
	lastShutdown time.Time
	watchers     []func(*State) bool // checked after every pass; true: done, drop it
	lastRead     *config.Config      // the configuration reloadConfig read last
	identifier   string              // [supervisord] identifier, as last read

	reapDue  bool      // a SIGCHLD came since the last reap (and at start)
	busy     bool      // activity since the last Settle
	settleAt time.Time // when Settle is due (zero: not armed)

	batching bool          // the groups are transitioning: spawns leave their forks pending
	forks    []pendingFork // the pending forks (forks.go)

	evSerial int64        // the global event serial (EVT-SER)
	pools    []*pool      // listener pools in subscription order (events.go)
	ticks    events.Ticks // TICK bookkeeping
}

// Mood is supervisord's own state (PROC-SD).
func (st *State) Mood() SupervisorState { return st.mood }

// Now is the loop's time for this pass.
func (st *State) Now() time.Time { return st.now }

func (st *State) log(level int, msg string) {
	if len(st.forks) > 0 {
		st.flushForks() // the forks come before anything logged after them
	}
	if st.sup.logger != nil {
		st.sup.logger.Log(level, msg)
	}
}

// logging reports whether a message at level reaches the main log, so that
// texts costly to build (debug echoes of every chunk) are built only then.
func (st *State) logging(level int) bool {
	return st.sup.logger != nil && st.sup.cfg.Supervisord.LogLevel <= level
}

// logf logs a formatted message, formatting it only when it is logged.
func (st *State) logf(level int, format string, args ...any) {
	if st.logging(level) {
		st.log(level, fmt.Sprintf(format, args...))
	}
}

// stateChanged is called after every process state change; waiting requests
// re-check their condition after the pass.
func (st *State) stateChanged(p *Process, from ProcessState, expected bool) {
	st.stateEvent(p, from, p.state, expected)
}

// Run is the supervisor loop: the only goroutine that touches the State. It
// returns when supervisord has shut down (or must restart: the returned mood
// says which).
func (s *Supervisor) Run(ctx context.Context) SupervisorState {
	defer close(s.exited)
	st := s.st
	timer := s.clock.NewTimer(0)
	defer timer.Stop()
	done := ctx.Done()
	st.now = s.clock.Now()
	st.notify(events.SupervisorRunning())
	for {
		st.now = s.clock.Now()
		if st.mood < SupervisorRunning {
			if !st.stopping {
				st.stopping = true
				st.stopGroups = st.sortedGroups()
				st.notify(events.SupervisorStopping())
			}
			if len(st.stopGroups) > 0 {
				st.stopGroups[len(st.stopGroups)-1].stopAll(st)
			}
			if len(st.shutdownReport()) == 0 {
				break
			}
		}
		st.batching = true
		for _, g := range st.groupOrder() {
			g.transition(st)
		}
		st.batching = false
		st.flushForks()
		st.reap()
		st.tick()
		again := false
		if st.mood < SupervisorRunning && len(st.stopGroups) > 0 {
			last := st.stopGroups[len(st.stopGroups)-1]
			if len(last.unstopped()) == 0 {
				// The next group is stopped on the next pass, right away.
				st.stopGroups = st.stopGroups[:len(st.stopGroups)-1]
				again = true
			}
		}
		st.runWatchers()
		if again {
			continue
		}
		if s.settle != nil {
			switch {
			case !st.settleAt.IsZero() && !st.now.Before(st.settleAt):
				st.settleAt, st.busy = time.Time{}, false
				s.settle()
			case st.busy && st.settleAt.IsZero():
				st.settleAt = st.now.Add(SettleAfter)
			}
		}

		var due time.Time // when the next transition is due; zero: none
		if wait := st.nextWait(); wait >= 0 {
			due = st.now.Add(wait)
		}
	waiting:
		for {
			if !due.IsZero() {
				timer.Reset(max(due.Sub(s.clock.Now()), 0))
			}
			select {
			case <-done:
				done = nil
				st.mood = SupervisorShutdown
			case sig := <-s.signals:
				st.now = s.clock.Now()
				st.busy = true
				st.handleSignal(sig)
			case r := <-s.requests:
				st.now = s.clock.Now()
				st.busy = true
				r.done <- r.fn(st)
				if r.view {
					// It changed nothing: no pass is needed, the same
					// transition is due next. Memory it left behind is
					// still released after it.
					timer.Stop()
					if s.settle != nil && st.settleAt.IsZero() {
						st.settleAt = st.now.Add(SettleAfter)
						if due.IsZero() || st.settleAt.Before(due) {
							due = st.settleAt
						}
					}
					continue waiting
				}
			case o := <-s.output:
				st.now = s.clock.Now()
				st.busy = true
				st.onOutput(o)
			case <-s.wake:
			case <-timer.C():
			}
			timer.Stop()
			break
		}
	}
	st.closeStdins()
	s.endPumps(st)
	st.closeAll()
	return st.mood
}

// endPumps waits for the output pumps at the loop's end. Output still in
// the pipes is read first; what grandchildren keep open is closed after a
// grace period. Meanwhile chunks for the loop (a listener's last answer,
// say) are still taken and handled: a pump waiting to hand one over would
// otherwise never end.
func (s *Supervisor) endPumps(st *State) {
	pumped := make(chan struct{})
	go func() {
		s.pumps.Wait()
		close(pumped)
	}()
	grace := time.NewTimer(pumpGrace)
	defer grace.Stop()
	closePipes := func() {
		if s.pipes.closeAll() {
			s.idle.wakeAll() // parked pumps find their pipes closed and end
		}
	}
	for waiting := true; waiting; {
		select {
		case <-pumped:
			waiting = false
		case o := <-s.output:
			st.now = s.clock.Now()
			st.onOutput(o)
		case <-grace.C:
			closePipes()
		}
	}
	closePipes()
	s.idle.close()
}

// Do runs fn (which must not block) on the loop: the only way in from other
// goroutines.
func (s *Supervisor) Do(ctx context.Context, fn func(*State) error) error {
	return s.submit(ctx, request{fn: fn, done: make(chan error, 1)})
}

// View is Do for a fn that only reads the State (a status query): the loop
// runs no pass after it, so a flood of such requests costs no work beyond
// their own.
func (s *Supervisor) View(ctx context.Context, fn func(*State) error) error {
	return s.submit(ctx, request{fn: fn, done: make(chan error, 1), view: true})
}

// submit hands r to the loop and waits for its answer.
func (s *Supervisor) submit(ctx context.Context, r request) error {
	select {
	case s.requests <- r:
		return <-r.done
	case <-s.exited:
		return ErrShutdownState
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Exited is closed when Run has returned.
func (s *Supervisor) Exited() <-chan struct{} { return s.exited }

// nextWait is how long the loop may sleep before a transition is due; -1
// means until outside input.
func (st *State) nextWait() time.Duration {
	var next time.Time
	consider := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, g := range st.groups {
		for _, p := range g.Processes {
			consider(st.deadline(p))
		}
	}
	if st.mood < SupervisorRunning {
		consider(st.lastShutdown.Add(3*time.Second + time.Millisecond))
	}
	consider(st.nextTick())
	consider(st.settleAt)
	if st.dispatchDue() {
		consider(st.now)
	}
	consider(st.dispatchRetry())
	if next.IsZero() {
		return -1
	}
	d := next.Sub(st.now)
	if d < 0 {
		d = 0
	}
	return d
}

// reap collects every exited child (PROC-EXIT-008/009) after a SIGCHLD:
// the reference waits on every pass of its loop, but with hundreds of
// children each wait scans them all in the kernel, and our passes run per
// request, not per second. A SIGCHLD the channel could not take is covered
// by one still queued, which reaps after it.
func (st *State) reap() {
	if st.sup.reaper == nil || !st.reapDue {
		return
	}
	st.reapDue = false
	for {
		e, ok := st.sup.reaper.Reap()
		if !ok {
			return
		}
		p := st.pids[e.PID]
		if p == nil {
			st.log(datatypes.LevelInfo, fmt.Sprintf("reaped unknown pid %d (%s)", e.PID, e.Text))
			continue
		}
		delete(st.pids, e.PID)
		st.finish(p, e)
	}
}

// handleSignal is the reference's handle_signal (PROC-SIG-001, PROC-MLOG-029).
func (st *State) handleSignal(sig os.Signal) {
	n, _ := sig.(syscall.Signal)
	name := datatypes.SignalName(int(n))
	switch n {
	case syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT:
		st.log(datatypes.LevelWarn, fmt.Sprintf("received %s indicating exit request", name))
		st.mood = SupervisorShutdown
	case syscall.SIGHUP:
		if st.mood == SupervisorShutdown {
			st.log(datatypes.LevelWarn, fmt.Sprintf("ignored %s indicating restart request (shutdown in progress)", name))
		} else {
			st.log(datatypes.LevelWarn, fmt.Sprintf("received %s indicating restart request", name))
			st.mood = SupervisorRestarting
		}
	case syscall.SIGCHLD:
		st.reapDue = true
		st.logf(datatypes.LevelDebug, "received %s indicating a child quit", name)
	case syscall.SIGUSR2:
		st.log(datatypes.LevelInfo, fmt.Sprintf("received %s indicating log reopen request", name))
		st.log(datatypes.LevelInfo, "supervisord logreopen") // written before the reopen: to the old file
		if r, ok := st.sup.logger.(interface{ Reopen() error }); ok {
			r.Reopen()
		}
		for _, g := range st.groups {
			for _, p := range g.Processes {
				if p.pid != 0 { // only running processes have dispatchers to reopen
					p.reopenLogs()
				}
			}
		}
	default:
		st.logf(datatypes.LevelBlather, "received %s indicating nothing", name)
	}
}

// shutdownReport is the reference's shutdown_report (PROC-MLOG-009).
func (st *State) shutdownReport() []*Process {
	var unstopped []*Process
	for _, g := range st.sortedGroups() {
		unstopped = append(unstopped, g.unstopped()...)
	}
	if len(unstopped) > 0 && st.now.After(st.lastShutdown.Add(3*time.Second)) {
		names := ""
		for i, p := range unstopped {
			if i > 0 {
				names += ", "
			}
			names += p.Name()
		}
		st.log(datatypes.LevelInfo, "waiting for "+names+" to die")
		st.lastShutdown = st.now
		for _, p := range unstopped {
			st.logf(datatypes.LevelBlather, "%s state: %s", p.Name(), p.state)
		}
	}
	return unstopped
}

// sortedGroups returns the groups by (priority, creation order), a slice
// the caller may keep and change.
func (st *State) sortedGroups() []*Group {
	return append([]*Group(nil), st.groupOrder()...)
}

// groupOrder is sortedGroups without the copy, for the loop's passes: it
// is kept until a group is added or removed, and must not be changed.
func (st *State) groupOrder() []*Group {
	if st.order != nil {
		return st.order
	}
	gs := make([]*Group, 0, len(st.groups))
	for _, g := range st.groups {
		gs = append(gs, g)
	}
	sort.Slice(gs, func(i, j int) bool {
		if gs[i].Config.Priority != gs[j].Config.Priority {
			return gs[i].Config.Priority < gs[j].Config.Priority
		}
		return gs[i].serial < gs[j].serial
	})
	st.order = gs
	return gs
}

func sortBySerial(gs []*Group) {
	sort.Slice(gs, func(i, j int) bool { return gs[i].serial < gs[j].serial })
}

// Shutdown asks the loop to stop every process in order and return (PROC-SD-002).
func (st *State) Shutdown() { st.mood = SupervisorShutdown }

// Restart asks the loop to stop every process and return RESTARTING.
func (st *State) Restart() { st.mood = SupervisorRestarting }

// Watch registers fn to be called on the loop after every pass (and once
// right away) until it returns true: how a waiting request (startProcess
// with wait) learns that its condition holds without polling.
func (st *State) Watch(fn func(*State) bool) {
	if !fn(st) {
		st.watchers = append(st.watchers, fn)
	}
}

func (st *State) runWatchers() {
	kept := st.watchers[:0]
	for _, fn := range st.watchers {
		if !fn(st) {
			kept = append(kept, fn)
		}
	}
	for i := len(kept); i < len(st.watchers); i++ {
		st.watchers[i] = nil
	}
	st.watchers = kept
}

// closeAll closes every child log once the loop is done, after the pumps
// that write to them have finished.
func (st *State) closeAll() {
	for _, g := range st.groups {
		g.closeLogs()
	}
}

// closeStdins stops every stdin writer (what is queued is still written)
// and lets every pump drain.
func (st *State) closeStdins() {
	for _, g := range st.groups {
		for _, p := range g.Processes {
			p.drained()
			if p.stdin != nil {
				p.stdin.close()
				p.stdin = nil
			}
		}
	}
}

// Close releases what New opened (the child logs) when Run is not going to
// be called, e.g. because an HTTP server could not be bound.
func (s *Supervisor) Close() { s.st.closeAll() }
