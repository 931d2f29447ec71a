package supervisor

import "fmt"

// ProcessState codes and names are the reference's (supervisor/states.py);
// both are wire-visible (PROC-STATE-001).
type ProcessState int

const (
	ProcessStopped  ProcessState = 0
	ProcessStarting ProcessState = 10
	ProcessRunning  ProcessState = 20
	ProcessBackoff  ProcessState = 30
	ProcessStopping ProcessState = 40
	ProcessExited   ProcessState = 100
	ProcessFatal    ProcessState = 200
	ProcessUnknown  ProcessState = 1000
)

func (s ProcessState) String() string {
	switch s {
	case ProcessStopped:
		return "STOPPED"
	case ProcessStarting:
		return "STARTING"
	case ProcessRunning:
		return "RUNNING"
	case ProcessBackoff:
		return "BACKOFF"
	case ProcessStopping:
		return "STOPPING"
	case ProcessExited:
		return "EXITED"
	case ProcessFatal:
		return "FATAL"
	case ProcessUnknown:
		return "UNKNOWN"
	}
	return fmt.Sprintf("ProcessState(%d)", int(s))
}

// Stopped reports whether s is one of the reference's STOPPED_STATES (PROC-STATE-002).
func (s ProcessState) Stopped() bool {
	switch s {
	case ProcessStopped, ProcessExited, ProcessFatal, ProcessUnknown:
		return true
	}
	return false
}

// Running reports whether s is one of the reference's RUNNING_STATES.
func (s ProcessState) Running() bool {
	switch s {
	case ProcessRunning, ProcessBackoff, ProcessStarting:
		return true
	}
	return false
}

// Signallable reports whether s is one of the reference's SIGNALLABLE_STATES.
func (s ProcessState) Signallable() bool {
	switch s {
	case ProcessRunning, ProcessStarting, ProcessStopping:
		return true
	}
	return false
}

// legal is every move the reference makes (supervisor/process.py, PROC-TRANS);
// UNKNOWN is a dead end.
var legal = map[ProcessState][]ProcessState{
	ProcessStopped:  {ProcessStarting},
	ProcessStarting: {ProcessRunning, ProcessBackoff, ProcessStopping, ProcessUnknown},
	ProcessRunning:  {ProcessStopping, ProcessExited, ProcessUnknown},
	ProcessBackoff:  {ProcessStarting, ProcessFatal, ProcessStopped},
	ProcessStopping: {ProcessStopped, ProcessUnknown},
	ProcessExited:   {ProcessStarting},
	ProcessFatal:    {ProcessStarting},
}

func isLegal(from, to ProcessState) bool {
	for _, s := range legal[from] {
		if s == to {
			return true
		}
	}
	return false
}

// SupervisorState codes are the reference's SupervisorStates (PROC-SD-001).
type SupervisorState int

const (
	SupervisorFatal      SupervisorState = 2
	SupervisorRunning    SupervisorState = 1
	SupervisorRestarting SupervisorState = 0
	SupervisorShutdown   SupervisorState = -1
)

func (s SupervisorState) String() string {
	switch s {
	case SupervisorFatal:
		return "FATAL"
	case SupervisorRunning:
		return "RUNNING"
	case SupervisorRestarting:
		return "RESTARTING"
	case SupervisorShutdown:
		return "SHUTDOWN"
	}
	return fmt.Sprintf("SupervisorState(%d)", int(s))
}
