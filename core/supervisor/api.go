package supervisor

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
)

// Fault sentinels: their text is the reference's fault name
// (supervisor/xmlrpc.py Faults); wrap with the detail as
// fmt.Errorf("%w: %s", ErrBadName, name), which reads "BAD_NAME: name".
var (
	ErrBadArguments        = errors.New("BAD_ARGUMENTS")
	ErrBadName             = errors.New("BAD_NAME")
	ErrBadSignal           = errors.New("BAD_SIGNAL")
	ErrNoFile              = errors.New("NO_FILE")
	ErrNotExecutable       = errors.New("NOT_EXECUTABLE")
	ErrFailed              = errors.New("FAILED")
	ErrAbnormalTermination = errors.New("ABNORMAL_TERMINATION")
	ErrSpawnError          = errors.New("SPAWN_ERROR")
	ErrAlreadyStarted      = errors.New("ALREADY_STARTED")
	ErrNotRunning          = errors.New("NOT_RUNNING")
	ErrAlreadyAdded        = errors.New("ALREADY_ADDED")
	ErrStillRunning        = errors.New("STILL_RUNNING")
	ErrCantReread          = errors.New("CANT_REREAD")
)

func fault(sentinel error, detail string) error { return fmt.Errorf("%w: %s", sentinel, detail) }

// CommandChecker is implemented by spawners that can resolve a command
// without starting it (the reference's get_execv_args, used by
// startProcess before spawning: RPC-SUP-013). NotFound tells NO_FILE
// from NOT_EXECUTABLE.
type CommandChecker interface {
	CheckCommand(req SpawnRequest) (err error, notFound bool)
}

// CheckRunning faults SHUTDOWN_STATE unless supervisord is RUNNING (RPC-FAULT-002).
func (st *State) CheckRunning() error {
	if st.mood < SupervisorRunning {
		return ErrShutdownState
	}
	return nil
}

// Lookup resolves a name as the reference's _getGroupAndProcess does
// (RPC-NAME-001): p is nil for the group forms "g:*" and "g:".
func (st *State) Lookup(name string) (*Group, *Process, error) {
	groupName, procName, whole := splitNamespec(name)
	g := st.groups[groupName]
	if g == nil {
		return nil, nil, fault(ErrBadName, name)
	}
	if whole {
		return g, nil, nil
	}
	p := g.Process(procName)
	if p == nil {
		return nil, nil, fault(ErrBadName, name)
	}
	return g, p, nil
}

// splitNamespec is the reference's split_namespec.
func splitNamespec(ns string) (group, proc string, whole bool) {
	if g, p, ok := strings.Cut(ns, ":"); ok {
		return g, p, p == "" || p == "*"
	}
	return ns, ns, false
}

// ProcessInfo is the reference's process info struct (RPC-INFO-001), its
// members in the wire order.
type ProcessInfo struct {
	Name          string
	Group         string
	Start         int64
	Stop          int64
	Now           int64
	State         ProcessState
	SpawnErr      string
	ExitStatus    int
	StdoutLogfile string
	StderrLogfile string
	PID           int
	Description   string
}

// epoch is the reference's capped_int of a time.time() value.
func epoch(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	v := t.Unix()
	if v > math.MaxInt32 {
		return math.MaxInt32
	}
	if v < math.MinInt32 {
		return math.MinInt32
	}
	return v
}

// Info returns p's info struct as getProcessInfo does.
func (st *State) Info(p *Process) ProcessInfo {
	info := ProcessInfo{
		Name: p.Name(), Group: p.Group.Config.Name,
		Start: epoch(p.laststart), Stop: epoch(p.laststop), Now: epoch(st.now),
		State: p.state, SpawnErr: p.spawnerr, PID: p.pid,
	}
	if p.exitstatus != nil {
		info.ExitStatus = *p.exitstatus
	}
	if p.stdout != nil {
		info.StdoutLogfile = p.stdout.Path()
	}
	if p.stderr != nil {
		info.StderrLogfile = p.stderr.Path()
	}
	info.Description = describe(info)
	return info
}

// describe is the reference's _interpretProcessInfo (RPC-INFO-002).
func describe(info ProcessInfo) string {
	switch info.State {
	case ProcessRunning:
		up := info.Now - info.Start
		if up < 0 {
			up = 0
		}
		return "pid " + strconv.Itoa(info.PID) + ", uptime " + timedelta(up)
	case ProcessFatal, ProcessBackoff:
		if info.SpawnErr != "" {
			return info.SpawnErr
		}
		return fmt.Sprintf("unknown error (try \"tail %s\")", info.Name)
	case ProcessStopped, ProcessExited:
		if info.Start != 0 {
			return time.Unix(info.Stop, 0).Format("Jan 02 03:04 PM")
		}
		return "Not started"
	}
	return ""
}

// timedelta formats whole seconds as Python's str(timedelta) does.
func timedelta(secs int64) string {
	days, rest := secs/86400, secs%86400
	b := make([]byte, 0, 32)
	switch days {
	case 0:
	case 1:
		b = append(b, "1 day, "...)
	default:
		b = strconv.AppendInt(b, days, 10)
		b = append(b, " days, "...)
	}
	two := func(v int64) {
		if v < 10 {
			b = append(b, '0')
		}
		b = strconv.AppendInt(b, v, 10)
	}
	b = strconv.AppendInt(b, rest/3600, 10)
	b = append(b, ':')
	two(rest % 3600 / 60)
	b = append(b, ':')
	two(rest % 60)
	return string(b)
}

// AllInfo returns every process's info sorted by group name then process
// name (RPC-SUP-024).
func (st *State) AllInfo() []ProcessInfo {
	procs := st.lexical()
	out := make([]ProcessInfo, 0, len(procs))
	for _, gp := range procs {
		out = append(out, st.Info(gp.p))
	}
	return out
}

type groupProc struct {
	g *Group
	p *Process
}

// lexical lists every process by group name, then process name.
func (st *State) lexical() []groupProc {
	names := make([]string, 0, len(st.groups))
	for n := range st.groups {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []groupProc
	for _, n := range names {
		g := st.groups[n]
		procs := append([]*Process(nil), g.Processes...)
		sort.Slice(procs, func(i, j int) bool { return procs[i].Name() < procs[j].Name() })
		for _, p := range procs {
			out = append(out, groupProc{g, p})
		}
	}
	return out
}

// byPriority lists every process by group priority, then process priority
// (the reference's _getAllProcesses: PROC-ORDER-005).
func (st *State) byPriority() []groupProc {
	var out []groupProc
	for _, g := range st.sortedGroups() {
		for _, p := range g.sortedByPriority() {
			out = append(out, groupProc{g, p})
		}
	}
	return out
}

func (g *Group) sortedByPriority() []*Process {
	procs := append([]*Process(nil), g.Processes...)
	sort.SliceStable(procs, func(i, j int) bool { return procs[i].Config.Priority < procs[j].Config.Priority })
	return procs
}

// Outcome is the final answer of a request that had to wait.
type Outcome struct {
	Value any
	Err   error
}

// Pending delivers one Outcome when a waiting request completes; nil when
// the answer was immediate.
type Pending <-chan Outcome

// deferred is one waiting step: it returns done=false until it can answer.
type deferred func(st *State) (value any, err error, done bool)

// await turns a deferred step into a Pending checked after every pass.
func (st *State) await(d deferred) Pending {
	ch := make(chan Outcome, 1)
	st.Watch(func(st *State) bool {
		v, err, done := d(st)
		if done {
			ch <- Outcome{Value: v, Err: err}
		}
		return done
	})
	return ch
}

// StartProcess is the reference's startProcess (RPC-SUP-013): a group form
// starts the group. With wait, the answer comes through the Pending.
func (st *State) StartProcess(name string, wait bool) (any, Pending, error) {
	g, p, err := st.Lookup(name)
	if err != nil {
		return nil, nil, err
	}
	if p == nil {
		return st.StartGroup(g.Config.Name, wait)
	}
	d, err := st.startOne(name, p, wait)
	if err != nil || d == nil {
		return true, nil, err
	}
	return nil, st.await(d), nil
}

// startOne starts p; a nil deferred with a nil error means it is done.
func (st *State) startOne(name string, p *Process, wait bool) (deferred, error) {
	if c, ok := st.sup.spawner.(CommandChecker); ok {
		if err, notFound := c.CheckCommand(SpawnRequest{Process: p.Config, Group: p.Group.Config.Name}); err != nil {
			if notFound {
				return nil, fault(ErrNoFile, err.Error())
			}
			return nil, fault(ErrNotExecutable, err.Error())
		}
	}
	if p.state.Running() {
		return nil, fault(ErrAlreadyStarted, name)
	}
	if p.state == ProcessUnknown {
		return nil, fault(ErrFailed, name+" is in an unknown process state")
	}
	sock, err := st.acquireSocket(p)
	if err != nil {
		// The reference's exception ends the request: HTTP 500, nothing
		// spawned (FCGI-SOCK-006). A plain error is answered that way.
		return nil, fmt.Errorf("cannot start %s: %w", name, err)
	}
	st.spawnWith(p, sock)
	// The reference reaps here (supervisord.reap()), but its fork returns
	// before the child has even exec'd, so that reap never finds the new
	// child dead and an instant exit is reported by the wait below (or not
	// at all with wait=false). Our spawn returns after the exec, when a fast
	// child may already be gone: reaping here would turn those into an
	// immediate SPAWN_ERROR the reference does not give. The loop reaps it
	// on SIGCHLD instead.
	if p.spawnerr != "" {
		return nil, fault(ErrSpawnError, name)
	}
	st.transition(p)
	if !wait || p.state == ProcessRunning {
		return nil, nil
	}
	return func(st *State) (any, error, bool) {
		if p.spawnerr != "" {
			return nil, fault(ErrSpawnError, name), true
		}
		switch p.state {
		case ProcessRunning:
			return true, nil, true
		case ProcessStarting:
			return nil, nil, false
		}
		return nil, fault(ErrAbnormalTermination, name), true
	}, nil
}

// StopProcess is the reference's stopProcess (RPC-SUP-016).
func (st *State) StopProcess(name string, wait bool) (any, Pending, error) {
	g, p, err := st.Lookup(name)
	if err != nil {
		return nil, nil, err
	}
	if p == nil {
		return st.StopGroup(g.Config.Name, wait)
	}
	d, err := st.stopOne(name, p, wait)
	if err != nil || d == nil {
		return true, nil, err
	}
	return nil, st.await(d), nil
}

func (st *State) stopOne(name string, p *Process, wait bool) (deferred, error) {
	if !p.state.Running() {
		return nil, fault(ErrNotRunning, name)
	}
	if msg := st.stop(p); msg != "" {
		return nil, fault(ErrFailed, msg)
	}
	st.reap()
	if !wait || p.state.Stopped() {
		return nil, nil
	}
	return func(st *State) (any, error, bool) {
		st.stopReport(p)
		if !p.state.Stopped() {
			return nil, nil, false
		}
		return true, nil, true
	}, nil
}

// stopReport is the reference's stop_report (PROC-STOP-006).
func (st *State) stopReport(p *Process) {
	if p.state == ProcessStopping && st.now.After(p.lastStopRpt.Add(2*time.Second)) {
		st.log(datatypes.LevelInfo, fmt.Sprintf("waiting for %s to stop", p.Name()))
		p.lastStopRpt = st.now
	}
}

// Result is one entry of a result array (RPC-SUP-014): status 80 and
// description "OK" on success, else the fault's code and text.
type Result struct {
	Name, Group string
	Err         error // nil: SUCCESS
}

// allFunc is the reference's make_allfunc: act on every process that
// matches, collect immediate failures and successes first, then the
// deferred ones as they complete.
func (st *State) allFunc(procs []groupProc, match func(*Process) bool, act func(name string, p *Process) (deferred, error)) Pending {
	type waiting struct {
		gp groupProc
		d  deferred
	}
	var results []Result
	var callbacks []waiting
	for _, gp := range procs {
		if !match(gp.p) {
			continue
		}
		d, err := act(namespec(gp.g.Config.Name, gp.p.Name()), gp.p)
		switch {
		case err != nil:
			results = append(results, Result{Name: gp.p.Name(), Group: gp.g.Config.Name, Err: err})
		case d == nil:
			results = append(results, Result{Name: gp.p.Name(), Group: gp.g.Config.Name})
		default:
			callbacks = append(callbacks, waiting{gp, d})
		}
	}
	return st.await(func(st *State) (any, error, bool) {
		kept := callbacks[:0]
		for _, w := range callbacks {
			_, err, done := w.d(st)
			if !done {
				kept = append(kept, w)
				continue
			}
			results = append(results, Result{Name: w.gp.p.Name(), Group: w.gp.g.Config.Name, Err: err})
		}
		callbacks = kept
		if len(callbacks) > 0 {
			return nil, nil, false
		}
		return results, nil, true
	})
}

// namespec is the reference's make_namespec.
func namespec(group, proc string) string {
	if group == proc {
		return proc
	}
	return group + ":" + proc
}

func (st *State) groupProcs(name string) ([]groupProc, error) {
	g := st.groups[name]
	if g == nil {
		return nil, fault(ErrBadName, name)
	}
	var out []groupProc
	for _, p := range g.sortedByPriority() {
		out = append(out, groupProc{g, p})
	}
	return out, nil
}

func notRunning(p *Process) bool { return !p.state.Running() }
func running(p *Process) bool    { return p.state.Running() }

// StartGroup is startProcessGroup (RPC-SUP-014): the result array arrives
// through the Pending.
func (st *State) StartGroup(name string, wait bool) (any, Pending, error) {
	procs, err := st.groupProcs(name)
	if err != nil {
		return nil, nil, err
	}
	return nil, st.allFunc(procs, notRunning, func(n string, p *Process) (deferred, error) { return st.startOne(n, p, wait) }), nil
}

// StartAll is startAllProcesses (RPC-SUP-015).
func (st *State) StartAll(wait bool) Pending {
	return st.allFunc(st.byPriority(), notRunning, func(n string, p *Process) (deferred, error) { return st.startOne(n, p, wait) })
}

// StopGroup is stopProcessGroup (RPC-SUP-017).
func (st *State) StopGroup(name string, wait bool) (any, Pending, error) {
	procs, err := st.groupProcs(name)
	if err != nil {
		return nil, nil, err
	}
	return nil, st.allFunc(procs, running, func(n string, p *Process) (deferred, error) { return st.stopOne(n, p, wait) }), nil
}

// StopAll is stopAllProcesses (RPC-SUP-018).
func (st *State) StopAll(wait bool) Pending {
	return st.allFunc(st.byPriority(), running, func(n string, p *Process) (deferred, error) { return st.stopOne(n, p, wait) })
}
