package rpc

import (
	"errors"
	"fmt"

	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

// Fault codes (supervisor/xmlrpc.py, class Faults; RPC-FAULT-001).
const (
	FaultUnknownMethod        = 1
	FaultIncorrectParameters  = 2
	FaultBadArguments         = 3
	FaultSignatureUnsupported = 4
	FaultShutdownState        = 6
	FaultBadName              = 10
	FaultBadSignal            = 11
	FaultNoFile               = 20
	FaultNotExecutable        = 21
	FaultFailed               = 30
	FaultAbnormalTermination  = 40
	FaultSpawnError           = 50
	FaultAlreadyStarted       = 60
	FaultNotRunning           = 70
	FaultSuccess              = 80
	FaultAlreadyAdded         = 90
	FaultStillRunning         = 91
	FaultCantReread           = 92
)

var faultNames = map[int]string{
	1: "UNKNOWN_METHOD", 2: "INCORRECT_PARAMETERS", 3: "BAD_ARGUMENTS", 4: "SIGNATURE_UNSUPPORTED",
	6: "SHUTDOWN_STATE", 10: "BAD_NAME", 11: "BAD_SIGNAL", 20: "NO_FILE", 21: "NOT_EXECUTABLE",
	30: "FAILED", 40: "ABNORMAL_TERMINATION", 50: "SPAWN_ERROR", 60: "ALREADY_STARTED",
	70: "NOT_RUNNING", 80: "SUCCESS", 90: "ALREADY_ADDED", 91: "STILL_RUNNING", 92: "CANT_REREAD",
}

// FaultName is the reference's getFaultDescription: the name of code, or "UNKNOWN".
func FaultName(code int) string {
	if n, ok := faultNames[code]; ok {
		return n
	}
	return "UNKNOWN"
}

// Fault is an XML-RPC fault; methods return it (or wrap it) as their error.
type Fault = xmlrpc.Fault

// NewFault builds the fault RPCError(code, extra) raises: the text is the
// fault name, followed by ": extra" when extra is given.
func NewFault(code int, extra ...any) *Fault {
	text := FaultName(code)
	if len(extra) > 0 {
		text += ": " + fmt.Sprint(extra...)
	}
	return &Fault{Code: code, String: text}
}

// PyError is an unexpected exception as Python names it; inside
// system.multicall it becomes "FAILED: <class 'Class'>:Message" (RPC-SYS-004).
// Outside it is an internal error like any other.
type PyError struct {
	Class   string // e.g. "AttributeError"
	Message string // e.g. "'int' object has no attribute 'split'"
}

func (e *PyError) Error() string { return fmt.Sprintf("<class '%s'>:%s", e.Class, e.Message) }

// InternalError is an error no fault code was found for: the reference's
// "unexpected exception", answered with HTTP 500 and logged at CRIT.
type InternalError struct{ Err error }

func (e *InternalError) Error() string { return e.Err.Error() }
func (e *InternalError) Unwrap() error { return e.Err }

type errCode struct {
	err  error
	code int
}

// toFault maps err to a fault, or reports that it is internal.
func (d *Dispatcher) toFault(err error) (*Fault, bool) {
	var f *Fault
	if errors.As(err, &f) {
		return f, true
	}
	for _, ec := range d.errCodes {
		if errors.Is(err, ec.err) {
			return &Fault{Code: ec.code, String: err.Error()}, true
		}
	}
	return nil, false
}
