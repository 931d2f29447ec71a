package spawn

import (
	"strings"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
)

// Environ builds a child's environment block as the reference's
// _spawn_as_child does with os.environ.copy() and dict updates (PROC-ENV):
// base is supervisord's environment (os.Environ() at spawn time, PROC-ENV-001);
// then SUPERVISOR_ENABLED=1, SUPERVISOR_SERVER_URL (only when serverURL is not
// empty), SUPERVISOR_PROCESS_NAME and SUPERVISOR_GROUP_NAME (only when group is
// not empty) are set (PROC-ENV-002); then env, the program's environment=
// already merged with [supervisord] environment=, overrides anything, the
// SUPERVISOR_* variables included (PROC-ENV-003).
//
// Like a Python dict, a replaced key keeps its position and a new key goes to
// the end (PROC-ENV-004). Base entries without "=" are dropped and the first of
// duplicate keys wins, as CPython builds os.environ.
func Environ(base []string, name, group, serverURL string, env []datatypes.KV) []string {
	out := make([]string, 0, len(base)+4+len(env))
	index := make(map[string]int, len(base)+4+len(env))
	set := func(k, v string) {
		if i, ok := index[k]; ok {
			out[i] = k + "=" + v
			return
		}
		index[k] = len(out)
		out = append(out, k+"="+v)
	}
	for _, kv := range base {
		k, _, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if _, dup := index[k]; dup {
			continue
		}
		index[k] = len(out)
		out = append(out, kv)
	}
	set("SUPERVISOR_ENABLED", "1")
	if serverURL != "" {
		set("SUPERVISOR_SERVER_URL", serverURL)
	}
	set("SUPERVISOR_PROCESS_NAME", name)
	if group != "" {
		set("SUPERVISOR_GROUP_NAME", group)
	}
	for _, kv := range env {
		set(kv.Key, kv.Value)
	}
	return out
}
