package supervisor

import (
	"reflect"

	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/core/events"
)

// Diff is the reference's diff_to_active between the active groups and
// cfg: added and changed in cfg's order, removed in creation order
// (RPC-SUP-010). It also makes cfg the last-read configuration that
// AddGroup draws from; it applies nothing else.
//
// The [supervisord] values of the new file take effect at once (CFG-ORD-003):
// the identifier of getIdentification, event envelopes and AUTO log names.
// The command line still wins: cfg was loaded with the same flags. Log files,
// servers and limits already in use are not rebuilt, as in the reference.
func (st *State) Diff(cfg *config.Config) (added, changed, removed []string) {
	st.lastRead = cfg
	st.identifier = cfg.Supervisord.Identifier
	cur := map[string]*config.Group{}
	for _, g := range st.groups {
		cur[g.Config.Name] = g.Config
	}
	next := map[string]bool{}
	for _, gc := range cfg.Groups {
		next[gc.Name] = true
		old, ok := cur[gc.Name]
		switch {
		case !ok:
			added = append(added, gc.Name)
		case !reflect.DeepEqual(old, gc):
			changed = append(changed, gc.Name)
		}
	}
	for _, g := range st.creationOrder() {
		if !next[g.Config.Name] {
			removed = append(removed, g.Config.Name)
		}
	}
	return added, changed, removed
}

// Identifier is the current [supervisord] identifier (CFG-SD-017).
func (st *State) Identifier() string { return st.identifier }

// creationOrder lists the active groups in the order they were added.
func (st *State) creationOrder() []*Group {
	gs := st.sortedGroups()
	sortBySerial(gs)
	return gs
}

// AddGroup is addProcessGroup (RPC-SUP-011): the group named in the
// last-read configuration becomes active; autostart happens on the next pass.
func (st *State) AddGroup(name string) error {
	cfg := st.lastRead
	if cfg == nil {
		cfg = st.sup.cfg
	}
	for _, gc := range cfg.Groups {
		if gc.Name != name {
			continue
		}
		ok, err := st.addGroup(gc)
		if err != nil {
			return err // not a fault: the reference answers HTTP 500 (FCGI-SOCK-001)
		}
		if !ok {
			return fault(ErrAlreadyAdded, name)
		}
		return nil
	}
	return fault(ErrBadName, name)
}

// RemoveGroup is removeProcessGroup (RPC-SUP-012).
func (st *State) RemoveGroup(name string) error {
	g := st.groups[name]
	if g == nil {
		return fault(ErrBadName, name)
	}
	if len(g.unstopped()) > 0 {
		return fault(ErrStillRunning, name)
	}
	g.closeLogs()
	st.dropPool(g)
	delete(st.groups, name)
	st.order = nil
	st.notify(events.ProcessGroupRemoved(name))
	return nil
}
