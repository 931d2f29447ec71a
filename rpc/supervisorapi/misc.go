package supervisorapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/gosupervisord/gosupervisord/core/logs"
	"github.com/gosupervisord/gosupervisord/core/supervisor"
	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

// getAllConfigInfo is getAllConfigInfo (RPC-SUP-022): unset values are
// "none", unresolved AUTO logs "auto".
func (a *API) getAllConfigInfo(ctx context.Context, _ []any) (any, error) {
	return a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) {
		out := []any{}
		for _, ci := range st.AllConfigInfo() {
			p := ci.Process
			orNone := func(s *string) any {
				if s == nil {
					return "none"
				}
				return *s
			}
			var uid any = "none"
			if p.UID != nil {
				uid = *p.UID
			}
			exit := []any{}
			for _, c := range p.ExitCodes {
				exit = append(exit, c)
			}
			out = append(out, xmlrpc.Struct{
				{Name: "autostart", Value: p.AutoStart},
				{Name: "directory", Value: orNone(p.Directory)},
				{Name: "uid", Value: uid},
				{Name: "command", Value: p.Command},
				{Name: "exitcodes", Value: exit},
				{Name: "group", Value: ci.Group.Name},
				{Name: "group_prio", Value: ci.Group.Priority},
				{Name: "inuse", Value: ci.InUse},
				{Name: "killasgroup", Value: p.KillAsGroup},
				{Name: "name", Value: p.Name},
				{Name: "process_prio", Value: p.Priority},
				{Name: "redirect_stderr", Value: p.RedirectStderr},
				{Name: "startretries", Value: p.StartRetries},
				{Name: "startsecs", Value: p.StartSecs},
				{Name: "stdout_capture_maxbytes", Value: p.Stdout.CaptureMaxBytes},
				{Name: "stdout_events_enabled", Value: p.Stdout.EventsEnabled},
				{Name: "stdout_logfile", Value: ci.Stdout},
				{Name: "stdout_logfile_backups", Value: p.Stdout.Backups},
				{Name: "stdout_logfile_maxbytes", Value: p.Stdout.MaxBytes},
				{Name: "stdout_syslog", Value: p.Stdout.Syslog},
				{Name: "stopsignal", Value: p.StopSignal},
				{Name: "stopwaitsecs", Value: p.StopWaitSecs},
				{Name: "stderr_capture_maxbytes", Value: p.Stderr.CaptureMaxBytes},
				{Name: "stderr_events_enabled", Value: p.Stderr.EventsEnabled},
				{Name: "stderr_logfile", Value: ci.Stderr},
				{Name: "stderr_logfile_backups", Value: p.Stderr.Backups},
				{Name: "stderr_logfile_maxbytes", Value: p.Stderr.MaxBytes},
				{Name: "stderr_syslog", Value: p.Stderr.Syslog},
				{Name: "serverurl", Value: orNone(p.ServerURL)},
			})
		}
		return out, nil, nil
	})
}

// sendProcessStdin is sendProcessStdin (RPC-SUP-029): chars must be a
// string, sent UTF-8 encoded; the data is queued for the child and the
// call returns at once.
func (a *API) sendProcessStdin(ctx context.Context, args []any) (any, error) {
	n, err := name(args, 0)
	if err != nil {
		return nil, err
	}
	var data []byte
	switch c := args[1].(type) {
	case string:
		data = []byte(c)
	case []byte:
		data = c
	default:
		return nil, rpc.NewFault(rpc.FaultIncorrectParameters, fmt.Sprint(args[1]))
	}
	return a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) {
		return true, nil, st.SendStdin(n, data)
	})
}

// clearLog is clearLog (RPC-SUP-007): the main log is deleted and reopened.
func (a *API) clearLog(ctx context.Context, _ []any) (any, error) {
	if _, err := a.call(ctx, func(*supervisor.State) (any, supervisor.Pending, error) { return nil, nil, nil }); err != nil {
		return nil, err
	}
	if a.mainLog == nil {
		return nil, supervisor.ErrNoFile
	}
	switch err := a.mainLog.ClearLog(); {
	case errors.Is(err, logs.ErrNoFile):
		return nil, supervisor.ErrNoFile
	case errors.Is(err, logs.ErrFailed):
		return nil, supervisor.ErrFailed
	case err != nil:
		return nil, err
	}
	return true, nil
}

// sendRemoteCommEvent is sendRemoteCommEvent (RPC-SUP-030): it emits
// REMOTE_COMMUNICATION and, unlike every other method, works in any state.
func (a *API) sendRemoteCommEvent(ctx context.Context, args []any) (any, error) {
	typ, data := pyStr(args[0]), pyStr(args[1])
	err := a.sup.Do(ctx, func(st *supervisor.State) error {
		st.SendRemoteCommEvent(typ, data)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return true, nil
}

// pyStr is Python's str() of a wire value, for the payload formatting.
func pyStr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		if x {
			return "True"
		}
		return "False"
	case nil:
		return "None"
	}
	return fmt.Sprint(v)
}
