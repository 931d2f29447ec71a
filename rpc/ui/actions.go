package ui

import (
	"context"
	"errors"
	"fmt"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

// errBadAction is an action the reference's make_callback raises ValueError
// for: an unknown one, or a process action without processname. It is
// answered with 500 (RPC-UI-003).
var errBadAction = errors.New("ui: bad action")

// act runs one action of the status page and returns the message the
// redirect carries (RPC-UI-003; reference: StatusView.make_callback). A
// fault becomes part of the message; any other error is returned.
func (h *handler) act(ctx context.Context, namespec, action string) (string, error) {
	switch action {
	case "refresh":
		return "Page refreshed at " + ctime(h.now()), nil
	case "stopall":
		if _, err := h.call(ctx, "stopAllProcesses"); err != nil {
			return "", err // SHUTDOWN_STATE raises in the reference's make_callback: 500
		}
		return "All stopped at " + ctime(h.now()), nil
	case "restartall":
		if _, err := h.multicall(ctx, call{method: h.ns + ".stopAllProcesses"}, call{method: h.ns + ".startAllProcesses"}); err != nil {
			return "", err
		}
		return "All restarted at " + ctime(h.now()), nil
	}
	if namespec == "" {
		return "", fmt.Errorf("%w %q without processname", errBadAction, action)
	}
	if exists, err := h.exists(ctx, namespec); err != nil {
		return "", err
	} else if !exists {
		return "No such process named " + namespec, nil
	}
	switch action {
	case "start":
		_, err := h.call(ctx, "startProcess", namespec)
		if f, ok := fault(err); ok {
			return fmt.Sprintf("ERROR: Process %s: %s", namespec, startError(f)), nil
		} else if err != nil {
			return "", err
		}
		return fmt.Sprintf("Process %s started", namespec), nil
	case "stop":
		_, err := h.call(ctx, "stopProcess", namespec)
		if f, ok := fault(err); ok {
			return unexpected(f), nil
		} else if err != nil {
			return "", err
		}
		return fmt.Sprintf("Process %s stopped", namespec), nil
	case "restart":
		// Errors are ignored, as the reference's multicall result is.
		if _, err := h.multicall(ctx, call{h.ns + ".stopProcess", namespec}, call{h.ns + ".startProcess", namespec}); err != nil {
			return "", err
		}
		return fmt.Sprintf("Process %s restarted", namespec), nil
	case "clearlog":
		_, err := h.call(ctx, "clearProcessLogs", namespec)
		if f, ok := fault(err); ok {
			return unexpected(f), nil
		} else if err != nil {
			return "", err
		}
		return fmt.Sprintf("Log for %s cleared", namespec), nil
	}
	return "", fmt.Errorf("%w %q", errBadAction, action)
}

// exists reports whether namespec names one process. The reference looks in
// its process table; through the interface that is getProcessInfo, which
// answers BAD_NAME exactly when that lookup fails ("grp:*" included). Other
// faults (SHUTDOWN_STATE) let the action run and report its own fault
// (RPC-UI-010).
func (h *handler) exists(ctx context.Context, namespec string) (bool, error) {
	_, err := h.call(ctx, "getProcessInfo", namespec)
	if f, ok := fault(err); ok {
		return f.Code != rpc.FaultBadName, nil
	}
	return true, err
}

// call is one entry of a system.multicall.
type call struct {
	method string
	arg    any // nil: no parameters
}

// multicall runs calls through system.multicall, as the reference's restart
// actions do; per-call faults are part of the result, not errors.
func (h *handler) multicall(ctx context.Context, calls ...call) (any, error) {
	list := make([]any, 0, len(calls))
	for _, c := range calls {
		s := xmlrpc.Struct{{Name: "methodName", Value: c.method}}
		if c.arg != nil {
			s = append(s, xmlrpc.Member{Name: "params", Value: []any{c.arg}})
		}
		list = append(list, s)
	}
	return h.d.Call(ctx, "system.multicall", []any{list})
}

func fault(err error) (*rpc.Fault, bool) {
	var f *rpc.Fault
	if errors.As(err, &f) {
		return f, true
	}
	return nil, false
}

func unexpected(f *rpc.Fault) string {
	return fmt.Sprintf("unexpected rpc fault [%d] %s", f.Code, f.String)
}

// startError is the reference's wording for a failed start.
func startError(f *rpc.Fault) string {
	switch f.Code {
	case rpc.FaultNoFile:
		return "no such file"
	case rpc.FaultNotExecutable:
		return "file not executable"
	case rpc.FaultAlreadyStarted:
		return "already started"
	case rpc.FaultSpawnError:
		return "spawn error"
	case rpc.FaultAbnormalTermination:
		return "abnormal termination"
	}
	return unexpected(f)
}
