package supervisorapi

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
	"github.com/gosupervisord/gosupervisord/core/logs"
	"github.com/gosupervisord/gosupervisord/core/supervisor"
	"github.com/gosupervisord/gosupervisord/rpc"
)

// pyInt is Python's int() of a wire value, as the reference applies it to
// offsets and lengths.
func pyInt(v any) (int64, error) {
	switch x := v.(type) {
	case int:
		return int64(x), nil
	case int64:
		return x, nil
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case float64:
		return int64(x), nil
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			return 0, &rpc.PyError{Class: "ValueError", Message: "invalid literal for int() with base 10: " + pyfmt.Repr(x)}
		}
		return n, nil
	}
	return 0, &rpc.PyError{Class: "TypeError", Message: fmt.Sprintf("int() argument must be a string, a bytes-like object or a real number, not '%s'", pyType(v))}
}

// logError maps core/logs read errors to the loop's fault sentinels.
func logError(err error, path string) error {
	switch {
	case errors.Is(err, logs.ErrNoFile):
		return fmt.Errorf("%w: %s", supervisor.ErrNoFile, path)
	case errors.Is(err, logs.ErrBadArguments):
		return supervisor.ErrBadArguments
	case err != nil:
		return supervisor.ErrFailed
	}
	return nil
}

// processLog resolves the log file of one process channel on the loop; ""
// when the channel has none.
func (a *API) processLog(ctx context.Context, name, channel string) (string, error) {
	var path string
	_, err := a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) {
		_, p, err := st.Lookup(name)
		if err != nil {
			return nil, nil, err
		}
		if p == nil {
			return nil, nil, fmt.Errorf("%w: %s", supervisor.ErrBadName, name)
		}
		info := st.Info(p)
		path = info.StdoutLogfile
		if channel == "stderr" {
			path = info.StderrLogfile
		}
		return nil, nil, nil
	})
	return path, err
}

// logInts converts the offset and length arguments at args[i:] as the
// reference does (int() of each), after it has looked the log up.
func logInts(args []any, i int) (offset, length int64, err error) {
	if offset, err = pyInt(args[i]); err != nil {
		return
	}
	length, err = pyInt(args[i+1])
	return
}

// readProcessLog is _readProcessLog (RPC-SUP-025); the file is read in the
// handler's goroutine, never on the loop.
func (a *API) readProcessLog(channel string) rpc.Func {
	return func(ctx context.Context, args []any) (any, error) {
		n, err := name(args, 0)
		if err != nil {
			return nil, err
		}
		path, err := a.processLog(ctx, n, channel)
		if err != nil {
			return nil, err
		}
		if path == "" {
			return nil, supervisor.ErrNoFile
		}
		return readFile(path, args, 1)
	}
}

// readFile is the shared tail of readLog and _readProcessLog: NO_FILE when
// nothing is at path, then the offset and length at args[i:], then the read
// (RPC-SUP-006 semantics).
func readFile(path string, args []any, i int) (any, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%w: %s", supervisor.ErrNoFile, path)
	}
	offset, length, err := logInts(args, i)
	if err != nil {
		return nil, err
	}
	data, err := logs.ReadLog(path, offset, length)
	if err != nil {
		return nil, logError(err, path)
	}
	return string(data), nil
}

// tailProcessLog is _tailProcessLog (RPC-SUP-026).
func (a *API) tailProcessLog(channel string) rpc.Func {
	return func(ctx context.Context, args []any) (any, error) {
		n, err := name(args, 0)
		if err != nil {
			return nil, err
		}
		path, err := a.processLog(ctx, n, channel)
		if err != nil {
			return nil, err
		}
		offset, length, err := logInts(args, 1)
		if err != nil {
			return nil, err
		}
		if path == "" {
			return []any{"", 0, false}, nil
		}
		t := logs.TailLog(path, offset, length)
		return []any{string(t.Data), t.Offset, t.Overflow}, nil
	}
}

// readLog is readLog/readMainLog (RPC-SUP-006).
func (a *API) readLog(ctx context.Context, args []any) (any, error) {
	if _, err := a.call(ctx, func(*supervisor.State) (any, supervisor.Pending, error) { return nil, nil, nil }); err != nil {
		return nil, err
	}
	return readFile(a.cfg.Supervisord.Logfile, args, 0)
}

// clearProcessLogs is clearProcessLogs/clearProcessLog (RPC-SUP-027).
func (a *API) clearProcessLogs(ctx context.Context, args []any) (any, error) {
	n, err := name(args, 0)
	if err != nil {
		return nil, err
	}
	var done []<-chan error
	if _, err := a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) {
		_, p, err := st.Lookup(n)
		if err != nil {
			return nil, nil, err
		}
		if p == nil {
			return nil, nil, fmt.Errorf("%w: %s", supervisor.ErrBadName, n)
		}
		done = st.ClearLogs(p)
		return nil, nil, nil
	}); err != nil {
		return nil, err
	}
	for _, c := range done {
		if err := <-c; err != nil {
			return nil, fmt.Errorf("%w: %s", supervisor.ErrFailed, n)
		}
	}
	return true, nil
}

// clearAllProcessLogs is clearAllProcessLogs (RPC-SUP-028): a result array
// over every process in priority order.
func (a *API) clearAllProcessLogs(ctx context.Context, _ []any) (any, error) {
	type pending struct {
		name, group string
		done        []<-chan error
	}
	var all []pending
	if _, err := a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) {
		for _, p := range st.AllProcesses() {
			all = append(all, pending{p.Name(), p.Group.Config.Name, st.ClearLogs(p)})
		}
		return nil, nil, nil
	}); err != nil {
		return nil, err
	}
	var results []supervisor.Result
	for _, p := range all {
		r := supervisor.Result{Name: p.name, Group: p.group}
		for _, c := range p.done {
			if err := <-c; err != nil && r.Err == nil {
				r.Err = fmt.Errorf("%w: %s", supervisor.ErrFailed, p.name)
			}
		}
		results = append(results, r)
	}
	return encodeValue(results), nil
}

func (a *API) signalProcess(ctx context.Context, args []any) (any, error) {
	n, err := name(args, 0)
	if err != nil {
		return nil, err
	}
	v, err := a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) { return st.SignalProcess(n, args[1]) })
	return encodeValue(v), err
}

func (a *API) signalProcessGroup(ctx context.Context, args []any) (any, error) {
	n, err := name(args, 0)
	if err != nil {
		return nil, err
	}
	v, err := a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) {
		r, err := st.SignalGroup(n, args[1])
		return r, nil, err
	})
	return encodeValue(v), err
}

func (a *API) signalAllProcesses(ctx context.Context, args []any) (any, error) {
	v, err := a.call(ctx, func(st *supervisor.State) (any, supervisor.Pending, error) { return st.SignalAll(args[0]), nil, nil })
	return encodeValue(v), err
}
