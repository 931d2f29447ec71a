package supervisor

import (
	"fmt"
	"strconv"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
)

// SignalProcess is the reference's signalProcess (RPC-SUP-019): a group form
// signals the group. sig is the wire value: a name or number, as a string or
// an int.
func (st *State) SignalProcess(name string, sig any) (any, Pending, error) {
	g, p, err := st.Lookup(name)
	if err != nil {
		return nil, nil, err
	}
	if p == nil {
		v, err := st.SignalGroup(g.Config.Name, sig)
		return v, nil, err
	}
	if err := st.signalOne(name, p, sig); err != nil {
		return nil, nil, err
	}
	return true, nil, nil
}

func (st *State) signalOne(name string, p *Process, sig any) error {
	n, ok := parseSignal(sig)
	if !ok {
		return fault(ErrBadSignal, fmt.Sprint(sig))
	}
	if !p.state.Signallable() {
		return fault(ErrNotRunning, name)
	}
	if msg := st.signal(p, n); msg != "" {
		return fault(ErrFailed, msg)
	}
	return nil
}

// parseSignal is the reference's signal_number applied to a wire value.
func parseSignal(v any) (int, bool) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case int:
		s = strconv.Itoa(x)
	case int64:
		s = strconv.FormatInt(x, 10)
	default:
		return 0, false
	}
	n, err := datatypes.SignalNumber(s)
	return n, err == nil
}

// signalAll runs signalOne over procs that are signallable, as the
// reference's make_allfunc does for signals: never deferred.
func (st *State) signalAll(procs []groupProc, sig any) []Result {
	var out []Result
	for _, gp := range procs {
		if !gp.p.state.Signallable() {
			continue
		}
		err := st.signalOne(namespec(gp.g.Config.Name, gp.p.Name()), gp.p, sig)
		out = append(out, Result{Name: gp.p.Name(), Group: gp.g.Config.Name, Err: err})
	}
	return out
}

// SignalGroup is signalProcessGroup (RPC-SUP-020).
func (st *State) SignalGroup(name string, sig any) ([]Result, error) {
	procs, err := st.groupProcs(name)
	if err != nil {
		return nil, err
	}
	return st.signalAll(procs, sig), nil
}

// SignalAll is signalAllProcesses (RPC-SUP-021).
func (st *State) SignalAll(sig any) []Result {
	return st.signalAll(st.byPriority(), sig)
}

// ClearLogs empties p's stdout and stderr logs (clearProcessLogs,
// RPC-SUP-027); the answers arrive on the returned channels once the log
// writers have done it, so the caller waits outside the loop. As in the
// reference, which clears through the running process's output
// dispatchers, a process that is not running has nothing cleared (QUIRK).
func (st *State) ClearLogs(p *Process) []<-chan error {
	var out []<-chan error
	if p.pid == 0 {
		return nil
	}
	for _, l := range []ChildLog{p.stdout, p.stderr} {
		if l != nil {
			out = append(out, l.Clear())
		}
	}
	return out
}

// AllProcesses lists every process in priority order, with its namespec.
func (st *State) AllProcesses() []*Process {
	var out []*Process
	for _, gp := range st.byPriority() {
		out = append(out, gp.p)
	}
	return out
}
