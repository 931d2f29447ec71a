// Package supervisorapi is the supervisor.* XML-RPC namespace: the
// reference's SupervisorNamespaceRPCInterface (supervisor/rpcinterface.py)
// on top of the supervisor loop. Each method runs its checks and actions on
// the loop through Supervisor.Do; a method that must wait (startProcess with
// wait, stopProcess ...) waits outside the loop for the answer the loop
// delivers when the state allows it.
//
// Callers: cmd/supervisord registers it on the rpc Dispatcher. It imports
// rpc and core/supervisor; nothing imports it but cmd.
package supervisorapi

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/core/logs"
	"github.com/gosupervisord/gosupervisord/core/supervisor"
	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

// APIVersion is the reference's API_VERSION (RPC-SUP-001).
const APIVersion = "3.0"

// faultCodes maps the loop's sentinels to the reference's fault codes
// (supervisor/xmlrpc.py Faults, RPC-FAULT-001).
var faultCodes = []struct {
	err  error
	code int
}{
	{supervisor.ErrBadArguments, 3},
	{supervisor.ErrShutdownState, 6},
	{supervisor.ErrBadName, 10},
	{supervisor.ErrBadSignal, 11},
	{supervisor.ErrNoFile, 20},
	{supervisor.ErrNotExecutable, 21},
	{supervisor.ErrFailed, 30},
	{supervisor.ErrAbnormalTermination, 40},
	{supervisor.ErrSpawnError, 50},
	{supervisor.ErrAlreadyStarted, 60},
	{supervisor.ErrNotRunning, 70},
	{supervisor.ErrAlreadyAdded, 90},
	{supervisor.ErrStillRunning, 91},
	{supervisor.ErrCantReread, 92},
}

// successCode is Faults.SUCCESS, the status of a result array entry that worked.
const successCode = 80

// API serves the supervisor namespace for one supervisor loop.
type API struct {
	sup     *supervisor.Supervisor
	cfg     *config.Config
	version string
	reload  func() (*config.Config, error)
	mainLog *logs.Logger
}

// Options is what the namespace needs from the daemon.
type Options struct {
	Namespace  string // the [rpcinterface:x] name, normally "supervisor"
	Supervisor *supervisor.Supervisor
	Config     *config.Config
	Version    string                         // getSupervisorVersion
	Reload     func() (*config.Config, error) // re-reads the configuration as at start
	MainLog    *logs.Logger                   // for clearLog
}

// Register adds the supervisor namespace to d and maps the loop's errors to
// their fault codes.
func Register(d *rpc.Dispatcher, o Options) error {
	for _, fc := range faultCodes {
		d.MapError(fc.err, fc.code)
	}
	a := &API{sup: o.Supervisor, cfg: o.Config, version: o.Version, reload: o.Reload, mainLog: o.MainLog}
	one, two := func(f rpc.Func) rpc.Method { return rpc.Method{Func: f, MinArgs: 1, MaxArgs: 1} },
		func(f rpc.Func) rpc.Method { return rpc.Method{Func: f, MinArgs: 1, MaxArgs: 2} }
	none := func(f rpc.Func) rpc.Method { return rpc.Method{Func: f} }
	three := func(f rpc.Func) rpc.Method { return rpc.Method{Func: f, MinArgs: 3, MaxArgs: 3} }
	return d.Register(o.Namespace, map[string]rpc.Method{
		"getAPIVersion":        none(a.getAPIVersion),
		"getVersion":           none(a.getAPIVersion),
		"getSupervisorVersion": none(a.getSupervisorVersion),
		"getIdentification":    none(a.getIdentification),
		"getState":             none(a.getState),
		"getPID":               none(a.getPID),
		"getProcessInfo":       one(a.getProcessInfo),
		"getAllProcessInfo":    none(a.getAllProcessInfo),
		"startProcess":         two(a.startProcess),
		"startProcessGroup":    two(a.startProcessGroup),
		"startAllProcesses":    {Func: a.startAllProcesses, MaxArgs: 1},
		"stopProcess":          two(a.stopProcess),
		"stopProcessGroup":     two(a.stopProcessGroup),
		"stopAllProcesses":     {Func: a.stopAllProcesses, MaxArgs: 1},
		"readLog":              {Func: a.readLog, MinArgs: 2, MaxArgs: 2},
		"readMainLog":          {Func: a.readLog, MinArgs: 2, MaxArgs: 2},
		"readProcessStdoutLog": three(a.readProcessLog("stdout")),
		"readProcessLog":       three(a.readProcessLog("stdout")),
		"readProcessStderrLog": three(a.readProcessLog("stderr")),
		"tailProcessStdoutLog": three(a.tailProcessLog("stdout")),
		"tailProcessLog":       three(a.tailProcessLog("stdout")),
		"tailProcessStderrLog": three(a.tailProcessLog("stderr")),
		"clearProcessLogs":     one(a.clearProcessLogs),
		"clearProcessLog":      one(a.clearProcessLogs),
		"clearAllProcessLogs":  none(a.clearAllProcessLogs),
		"signalProcess":        {Func: a.signalProcess, MinArgs: 2, MaxArgs: 2},
		"signalProcessGroup":   {Func: a.signalProcessGroup, MinArgs: 2, MaxArgs: 2},
		"signalAllProcesses":   one(a.signalAllProcesses),
		"reloadConfig":         none(a.reloadConfig),
		"addProcessGroup":      one(a.addProcessGroup),
		"removeProcessGroup":   one(a.removeProcessGroup),
		"getAllConfigInfo":     none(a.getAllConfigInfo),
		"sendProcessStdin":     {Func: a.sendProcessStdin, MinArgs: 2, MaxArgs: 2},
		"clearLog":             none(a.clearLog),
		"sendRemoteCommEvent":  {Func: a.sendRemoteCommEvent, MinArgs: 2, MaxArgs: 2},
		"shutdown":             none(a.shutdown),
		"restart":              none(a.restart),
	})
}

// call runs fn on the loop after the reference's _update check (every
// method faults SHUTDOWN_STATE unless supervisord is RUNNING, RPC-FAULT-002),
// then waits for a pending answer if fn left one.
func (a *API) call(ctx context.Context, fn func(st *supervisor.State) (any, supervisor.Pending, error)) (any, error) {
	var v any
	var pending supervisor.Pending
	err := a.sup.Do(ctx, func(st *supervisor.State) error {
		if err := st.CheckRunning(); err != nil {
			return err
		}
		var err error
		v, pending, err = fn(st)
		return err
	})
	if err != nil {
		return nil, err
	}
	if pending == nil {
		return v, nil
	}
	select {
	case o := <-pending:
		return encodeValue(o.Value), o.Err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// view is call for fn that only reads the State and never waits: the
// loop runs no pass after it (supervisor.View).
func (a *API) view(ctx context.Context, fn func(st *supervisor.State) (any, error)) (any, error) {
	var v any
	err := a.sup.View(ctx, func(st *supervisor.State) error {
		if err := st.CheckRunning(); err != nil {
			return err
		}
		var err error
		v, err = fn(st)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// wait reads the optional wait argument: any XML-RPC value, by its Python
// truth (RPC-SUP-013); true when absent.
func wait(args []any, i int) bool {
	if len(args) <= i {
		return true
	}
	return truthy(args[i])
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case int:
		return x != 0
	case int64:
		return x != 0
	case float64:
		return x != 0
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case xmlrpc.Struct:
		return len(x) > 0
	case []byte:
		return len(x) > 0
	}
	return true
}

// name reads a string argument; Python would fail on anything else further
// down, which the dispatcher reports as the reference does.
func name(args []any, i int) (string, error) {
	s, ok := args[i].(string)
	if !ok {
		return "", &rpc.PyError{Class: "AttributeError", Message: fmt.Sprintf("'%s' object has no attribute 'split'", pyType(args[i]))}
	}
	return s, nil
}

func pyType(v any) string {
	switch v.(type) {
	case bool:
		return "bool"
	case int, int64:
		return "int"
	case float64:
		return "float"
	case []any:
		return "list"
	case xmlrpc.Struct:
		return "dict"
	case nil:
		return "NoneType"
	}
	return "object"
}

func (a *API) getAPIVersion(ctx context.Context, _ []any) (any, error) {
	return a.view(ctx, func(*supervisor.State) (any, error) { return APIVersion, nil })
}

func (a *API) getSupervisorVersion(ctx context.Context, _ []any) (any, error) {
	return a.view(ctx, func(*supervisor.State) (any, error) { return a.version, nil })
}

func (a *API) getIdentification(ctx context.Context, _ []any) (any, error) {
	return a.view(ctx, func(st *supervisor.State) (any, error) {
		return st.Identifier(), nil
	})
}

func (a *API) getState(ctx context.Context, _ []any) (any, error) {
	return a.view(ctx, func(st *supervisor.State) (any, error) {
		m := st.Mood()
		return xmlrpc.Struct{{Name: "statecode", Value: int(m)}, {Name: "statename", Value: m.String()}}, nil
	})
}

func (a *API) getPID(ctx context.Context, _ []any) (any, error) {
	return a.view(ctx, func(*supervisor.State) (any, error) { return os.Getpid(), nil })
}

func (a *API) getProcessInfo(ctx context.Context, args []any) (any, error) {
	n, err := name(args, 0)
	if err != nil {
		return nil, err
	}
	return a.view(ctx, func(st *supervisor.State) (any, error) {
		_, p, err := st.Lookup(n)
		if err != nil {
			return nil, err
		}
		if p == nil {
			return nil, fmt.Errorf("%w: %s", supervisor.ErrBadName, n)
		}
		return infoValue(st.Info(p)), nil
	})
}

func (a *API) getAllProcessInfo(ctx context.Context, _ []any) (any, error) {
	return a.view(ctx, func(st *supervisor.State) (any, error) {
		return infoList(st.AllInfo()), nil
	})
}

// infoValue is one process info struct; it encodes itself as infoStruct's
// Struct would, without boxing each member (RPC-INFO-001).
type infoValue supervisor.ProcessInfo

func (i infoValue) AppendXMLRPC(dst []byte) ([]byte, error) {
	var err error
	str := func(name, v string) {
		if err == nil {
			dst, err = xmlrpc.AppendStringMember(dst, name, v)
		}
	}
	num := func(name string, v int64) {
		if err == nil {
			dst, err = xmlrpc.AppendIntMember(dst, name, v)
		}
	}
	dst = xmlrpc.AppendStructOpen(dst)
	str("name", i.Name)
	str("group", i.Group)
	num("start", i.Start)
	num("stop", i.Stop)
	num("now", i.Now)
	num("state", int64(i.State))
	str("statename", i.State.String())
	str("spawnerr", i.SpawnErr)
	num("exitstatus", int64(i.ExitStatus))
	str("logfile", i.StdoutLogfile)
	str("stdout_logfile", i.StdoutLogfile)
	str("stderr_logfile", i.StderrLogfile)
	num("pid", int64(i.PID))
	str("description", i.Description)
	if err != nil {
		return nil, err
	}
	return xmlrpc.AppendStructClose(dst), nil
}

// infoList is getAllProcessInfo's array of infoValue.
type infoList []supervisor.ProcessInfo

func (l infoList) AppendXMLRPC(dst []byte) ([]byte, error) {
	dst = xmlrpc.AppendArrayOpen(dst)
	var err error
	for _, i := range l {
		if dst, err = infoValue(i).AppendXMLRPC(dst); err != nil {
			return nil, err
		}
	}
	return xmlrpc.AppendArrayClose(dst), nil
}

// encodeValue turns the loop's result values into wire values.
func encodeValue(v any) any {
	results, ok := v.([]supervisor.Result)
	if !ok {
		return v
	}
	out := []any{}
	for _, r := range results {
		code, text := successCode, "OK"
		if r.Err != nil {
			code, text = faultCode(r.Err), r.Err.Error()
		}
		out = append(out, xmlrpc.Struct{
			{Name: "name", Value: r.Name},
			{Name: "group", Value: r.Group},
			{Name: "status", Value: code},
			{Name: "description", Value: text},
		})
	}
	return out
}

func faultCode(err error) int {
	for _, fc := range faultCodes {
		if errors.Is(err, fc.err) {
			return fc.code
		}
	}
	return 30 // FAILED
}

func (a *API) startProcess(ctx context.Context, args []any) (any, error) {
	n, err := name(args, 0)
	if err != nil {
		return nil, err
	}
	w := wait(args, 1)
	return a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) { return st.StartProcess(n, w) })
}

func (a *API) startProcessGroup(ctx context.Context, args []any) (any, error) {
	n, err := name(args, 0)
	if err != nil {
		return nil, err
	}
	w := wait(args, 1)
	return a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) { return st.StartGroup(n, w) })
}

func (a *API) startAllProcesses(ctx context.Context, args []any) (any, error) {
	w := wait(args, 0)
	return a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) { return nil, st.StartAll(w), nil })
}

func (a *API) stopProcess(ctx context.Context, args []any) (any, error) {
	n, err := name(args, 0)
	if err != nil {
		return nil, err
	}
	w := wait(args, 1)
	return a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) { return st.StopProcess(n, w) })
}

func (a *API) stopProcessGroup(ctx context.Context, args []any) (any, error) {
	n, err := name(args, 0)
	if err != nil {
		return nil, err
	}
	w := wait(args, 1)
	return a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) { return st.StopGroup(n, w) })
}

func (a *API) stopAllProcesses(ctx context.Context, args []any) (any, error) {
	w := wait(args, 0)
	return a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) { return nil, st.StopAll(w), nil })
}

// shutdown answers true, then the loop stops everything (RPC-SUP-008).
func (a *API) shutdown(ctx context.Context, _ []any) (any, error) {
	return a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) {
		st.Shutdown()
		return true, nil, nil
	})
}

// restart answers true, then the loop stops everything and supervisord
// restarts in place (RPC-SUP-009).
func (a *API) restart(ctx context.Context, _ []any) (any, error) {
	return a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) {
		st.Restart()
		return true, nil, nil
	})
}
