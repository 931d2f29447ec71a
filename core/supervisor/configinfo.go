package supervisor

import (
	"sort"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/core/config"
)

// ConfigInfo is one process of getAllConfigInfo (RPC-SUP-022).
type ConfigInfo struct {
	Group    *config.Group
	Process  *config.Process
	InUse    bool
	Stdout   string // the log path, "auto" while unresolved, "none"
	Stderr   string
	Resolved bool // the group is active with this very configuration
}

// AllConfigInfo lists every process of the last-read configuration, sorted
// by process name. AUTO logs show their path only while the active group
// still runs this same configuration, as in the reference (where a reload
// replaces the config objects that were resolved).
func (st *State) AllConfigInfo() []ConfigInfo {
	cfg := st.lastRead
	if cfg == nil {
		cfg = st.sup.cfg
	}
	var out []ConfigInfo
	for _, gc := range cfg.Groups {
		g := st.groups[gc.Name]
		same := g != nil && g.Config == gc
		for _, pc := range gc.Processes {
			ci := ConfigInfo{Group: gc, Process: pc, InUse: g != nil, Resolved: same}
			ci.Stdout, ci.Stderr = logName(pc.Stdout.File), logName(pc.Stderr.File)
			if same {
				if p := g.Process(pc.Name); p != nil {
					if p.stdout != nil && pc.Stdout.File.Kind == datatypes.LogfileAuto {
						ci.Stdout = p.stdout.Path()
					}
					if p.stderr != nil && pc.Stderr.File.Kind == datatypes.LogfileAuto {
						ci.Stderr = p.stderr.Path()
					}
				}
			}
			out = append(out, ci)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Process.Name < out[j].Process.Name })
	return out
}

func logName(f datatypes.Logfile) string {
	switch f.Kind {
	case datatypes.LogfileAuto:
		return "auto"
	case datatypes.LogfilePath:
		return f.Path
	}
	return "none"
}
