package supervisor

import (
	"sort"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/core/events"
	"github.com/gosupervisord/gosupervisord/core/fcgi"
)

// Group is a process group: the reference's ProcessGroup (and, for now, the
// process side of listener pools and fcgi groups).
type Group struct {
	Config *config.Group
	// Processes in the reference's dict order: config order, a duplicate name
	// keeping the first position with the later process (CFG-GRP-004).
	Processes []*Process
	serial    int
	socket    *fcgi.Socket // fcgi groups: the shared socket (FCGI-SOCK)
}

// addGroup is the reference's add_process_group: false when the name exists.
func (st *State) addGroup(gc *config.Group) (bool, error) {
	if _, ok := st.groups[gc.Name]; ok {
		return false, nil
	}
	g := &Group{Config: gc, serial: st.serial}
	if gc.Kind == config.GroupFCGI {
		// The reference probes the socket when it builds the group (FCGI-SOCK-001).
		g.socket = fcgi.New(gc.Socket, func(msg string) { st.log(datatypes.LevelInfo, msg) })
		if err := g.socket.Check(); err != nil {
			return false, err
		}
	}
	st.serial++
	idx := map[string]int{}
	for _, pc := range gc.Processes {
		p := &Process{Config: pc, Group: g}
		if err := st.openLogs(p); err != nil {
			return false, err
		}
		if i, ok := idx[pc.Name]; ok {
			g.Processes[i].closeLogs()
			g.Processes[i] = p
			continue
		}
		idx[pc.Name] = len(g.Processes)
		g.Processes = append(g.Processes, p)
	}
	st.groups[gc.Name] = g
	st.order = nil
	if gc.Kind == config.GroupEventListener {
		st.newPool(g)
	}
	st.notify(events.ProcessGroupAdded(gc.Name))
	return true, nil
}

// Process returns the named process of g, or nil.
func (g *Group) Process(name string) *Process {
	for _, p := range g.Processes {
		if p.Name() == name {
			return p
		}
	}
	return nil
}

func (g *Group) transition(st *State) {
	for _, p := range g.Processes {
		st.transition(p)
	}
	if pl := st.poolOf(g); pl != nil {
		st.dispatch(pl)
	}
}

// poolOf returns g's listener pool, if g is one.
func (st *State) poolOf(g *Group) *pool {
	for _, pl := range st.pools {
		if pl.group == g {
			return pl
		}
	}
	return nil
}

// stopAll is the reference's stop_all: descending process priority (a
// stable sort, reversed); BACKOFF processes give up (PROC-ORDER-004).
func (g *Group) stopAll(st *State) {
	procs := append([]*Process(nil), g.Processes...)
	sort.SliceStable(procs, func(i, j int) bool { return procs[i].Config.Priority < procs[j].Config.Priority })
	for i := len(procs) - 1; i >= 0; i-- {
		p := procs[i]
		switch p.state {
		case ProcessRunning, ProcessStarting:
			st.stop(p)
		case ProcessBackoff:
			st.giveUp(p)
		}
	}
}

// unstopped lists the processes not in a stopped state.
func (g *Group) unstopped() []*Process {
	var out []*Process
	for _, p := range g.Processes {
		if !p.state.Stopped() {
			out = append(out, p)
		}
	}
	return out
}

func (g *Group) closeLogs() {
	for _, p := range g.Processes {
		p.closeLogs()
	}
	if g.socket != nil {
		g.socket.Close()
	}
}
