package events

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
)

// Event is one event as the pools see it: its type and its payload text,
// rendered when the event is created (EVT-PAY-006: values are those of that
// moment). Build events with the constructors below; they take plain values so
// that this package needs nothing from the supervisor loop.
//
// Payload is text: [AppendEnvelope] counts its length in code points and
// writes its UTF-8 bytes (EVT-ENV-002).
type Event struct {
	Type    Type
	Payload string
}

// Channel names as they appear in PROCESS_LOG payloads.
const (
	ChannelStdout = "stdout"
	ChannelStderr = "stderr"
)

// ProcessStateFields are the values a PROCESS_STATE_* payload may carry.
// Which ones are written depends on the new state (EVT-PAY-002..005).
type ProcessStateFields struct {
	Process string // the process name
	Group   string // its group's name (EVT-PAY-013)
	From    string // the previous state's name, e.g. "STARTING"

	Tries    int  // STARTING, BACKOFF: the backoff counter (EVT-PAY-002)
	Expected bool // EXITED: whether the exit code was expected (EVT-PAY-004)
	PID      int  // RUNNING, STOPPING, STOPPED, EXITED: the pid (0 if none)
}

// processStateTypes maps a process state name (supervisor/states.py) to its
// PROCESS_STATE_* type.
var processStateTypes = map[string]Type{
	"STOPPED":  TypeProcessStateStopped,
	"STARTING": TypeProcessStateStarting,
	"RUNNING":  TypeProcessStateRunning,
	"BACKOFF":  TypeProcessStateBackoff,
	"STOPPING": TypeProcessStateStopping,
	"EXITED":   TypeProcessStateExited,
	"FATAL":    TypeProcessStateFatal,
	"UNKNOWN":  TypeProcessStateUnknown,
}

// ProcessState is the PROCESS_STATE_<to> event for a process entering state
// to (a state name such as "RUNNING"; EVT-EMIT-001). The payload is
// processname, groupname and from_state (EVT-PAY-001), then tries for
// STARTING/BACKOFF, expected and pid for EXITED, pid for RUNNING, STOPPING and
// STOPPED, nothing for FATAL and UNKNOWN. An unknown state name is an error.
func ProcessState(to string, f ProcessStateFields) (Event, error) {
	t, ok := processStateTypes[to]
	if !ok {
		return Event{}, fmt.Errorf("no PROCESS_STATE event for state %q", to)
	}
	b := make([]byte, 0, 64+len(f.Process)+len(f.Group))
	b = append(b, "processname:"...)
	b = append(b, f.Process...)
	b = append(b, " groupname:"...)
	b = append(b, f.Group...)
	b = append(b, " from_state:"...)
	b = append(b, f.From...)
	switch t {
	case TypeProcessStateStarting, TypeProcessStateBackoff:
		b = append(b, " tries:"...)
		b = strconv.AppendInt(b, int64(f.Tries), 10)
	case TypeProcessStateExited:
		b = append(b, " expected:"...)
		if f.Expected {
			b = append(b, '1')
		} else {
			b = append(b, '0')
		}
		b = append(b, " pid:"...)
		b = strconv.AppendInt(b, int64(f.PID), 10)
	case TypeProcessStateRunning, TypeProcessStateStopping, TypeProcessStateStopped:
		b = append(b, " pid:"...)
		b = strconv.AppendInt(b, int64(f.PID), 10)
	}
	return Event{Type: t, Payload: string(b)}, nil
}

// DecodeOutput renders child output as the reference puts it in event
// payloads: the bytes as UTF-8 text when they are valid UTF-8, else
// "Undecodable: " and the Python bytes repr (EVT-PAY-007). Python's strict
// UTF-8 decoder and utf8.Valid reject the same inputs (surrogates, overlong
// forms, values above U+10FFFF).
func DecodeOutput(data []byte) string {
	if utf8.Valid(data) {
		return string(data)
	}
	return "Undecodable: " + pyfmt.ReprBytes(data)
}

// ProcessLog is the PROCESS_LOG_STDOUT or _STDERR event for one chunk of
// output that the loop logged (EVT-PAY-007, EVT-EMIT-005): channel is
// [ChannelStdout] or [ChannelStderr], data the chunk after strip_ansi, pid the
// process's pid when the chunk was read. Any other channel is an error.
func ProcessLog(channel, process, group string, pid int, data []byte) (Event, error) {
	var t Type
	switch channel {
	case ChannelStdout:
		t = TypeProcessLogStdout
	case ChannelStderr:
		t = TypeProcessLogStderr
	default:
		return Event{}, fmt.Errorf("no PROCESS_LOG event for channel %q", channel)
	}
	return Event{Type: t, Payload: outputPayload(process, group, pid, channel, data)}, nil
}

// outputPayload is the payload of the output events: the process's tokens,
// a channel token when channel is not empty, then the data as text.
func outputPayload(process, group string, pid int, channel string, data []byte) string {
	text := DecodeOutput(data)
	var b strings.Builder
	b.Grow(48 + len(process) + len(group) + len(text))
	b.WriteString("processname:")
	b.WriteString(process)
	b.WriteString(" groupname:")
	b.WriteString(group)
	b.WriteString(" pid:")
	b.WriteString(strconv.Itoa(pid))
	if channel != "" {
		b.WriteString(" channel:")
		b.WriteString(channel)
	}
	b.WriteByte('\n')
	b.WriteString(text)
	return b.String()
}

// ProcessCommunication is the PROCESS_COMMUNICATION_STDOUT or _STDERR event
// for a completed capture block (EVT-PAY-008, EVT-EMIT-006): data is the
// capture buffer's content, pid the process's pid when the end token was
// read. Unlike PROCESS_LOG there is no channel token. Any other channel is an
// error.
func ProcessCommunication(channel, process, group string, pid int, data []byte) (Event, error) {
	var t Type
	switch channel {
	case ChannelStdout:
		t = TypeProcessCommunicationStdout
	case ChannelStderr:
		t = TypeProcessCommunicationStderr
	default:
		return Event{}, fmt.Errorf("no PROCESS_COMMUNICATION event for channel %q", channel)
	}
	return Event{Type: t, Payload: outputPayload(process, group, pid, "", data)}, nil
}

// RemoteCommunication is the event supervisor.sendRemoteCommEvent(type, data)
// sends (EVT-PAY-009, EVT-EMIT-007): both strings exactly as received.
func RemoteCommunication(typ, data string) Event {
	return Event{Type: TypeRemoteCommunication, Payload: "type:" + typ + "\n" + data}
}

// SupervisorRunning is SUPERVISOR_STATE_CHANGE_RUNNING, empty payload
// (EVT-PAY-010, EVT-EMIT-003).
func SupervisorRunning() Event { return Event{Type: TypeSupervisorStateChangeRunning} }

// SupervisorStopping is SUPERVISOR_STATE_CHANGE_STOPPING, empty payload
// (EVT-PAY-010, EVT-EMIT-003).
func SupervisorStopping() Event { return Event{Type: TypeSupervisorStateChangeStopping} }

// ProcessGroupAdded is PROCESS_GROUP_ADDED: "groupname:<group>\n", with the
// trailing newline (EVT-PAY-012).
func ProcessGroupAdded(group string) Event {
	return Event{Type: TypeProcessGroupAdded, Payload: "groupname:" + group + "\n"}
}

// ProcessGroupRemoved is PROCESS_GROUP_REMOVED, payload as ProcessGroupAdded.
func ProcessGroupRemoved(group string) Event {
	return Event{Type: TypeProcessGroupRemoved, Payload: "groupname:" + group + "\n"}
}
