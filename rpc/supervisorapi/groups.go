package supervisorapi

import (
	"context"
	"fmt"

	"github.com/gosupervisord/gosupervisord/core/supervisor"
)

// reloadConfig re-reads the configuration file (outside the loop) and
// answers [[added, changed, removed]] group names without applying them
// (RPC-SUP-010); a bad file is CANT_REREAD with the config error's text.
func (a *API) reloadConfig(ctx context.Context, _ []any) (any, error) {
	if _, err := a.call(ctx, func(*supervisor.State) (any, supervisor.Pending, error) { return nil, nil, nil }); err != nil {
		return nil, err
	}
	cfg, err := a.reload()
	if err != nil {
		return nil, fmt.Errorf("%w: %s", supervisor.ErrCantReread, err)
	}
	return a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) {
		added, changed, removed := st.Diff(cfg)
		return []any{[]any{names(added), names(changed), names(removed)}}, nil, nil
	})
}

func names(ns []string) []any {
	out := []any{}
	for _, n := range ns {
		out = append(out, n)
	}
	return out
}

// addProcessGroup is addProcessGroup (RPC-SUP-011).
func (a *API) addProcessGroup(ctx context.Context, args []any) (any, error) {
	n, err := name(args, 0)
	if err != nil {
		return nil, err
	}
	return a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) {
		return true, nil, st.AddGroup(n)
	})
}

// removeProcessGroup is removeProcessGroup (RPC-SUP-012).
func (a *API) removeProcessGroup(ctx context.Context, args []any) (any, error) {
	n, err := name(args, 0)
	if err != nil {
		return nil, err
	}
	return a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) {
		return true, nil, st.RemoveGroup(n)
	})
}
