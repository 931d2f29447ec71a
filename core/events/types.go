package events

import (
	"strconv"
	"strings"
)

// Type is an event type of the reference's hierarchy (EVT-TYPE-001). The zero
// value is not a type; use the constants. Names are wire-visible: they are the
// envelope's eventname and the words of an [eventlistener:x] events= line.
//
// Reference: supervisor/events.py (the Event classes and EventTypes).
type Type int

// The event types, parents before children. Abstract types (EVENT,
// PROCESS_STATE, PROCESS_COMMUNICATION, PROCESS_LOG, SUPERVISOR_STATE_CHANGE,
// TICK, PROCESS_GROUP) are never sent; subscribing to one subscribes to all of
// its descendants.
const (
	TypeEvent Type = iota + 1
	TypeProcessState
	TypeProcessStateStopped
	TypeProcessStateExited
	TypeProcessStateStarting
	TypeProcessStateStopping
	TypeProcessStateBackoff
	TypeProcessStateFatal
	TypeProcessStateRunning
	TypeProcessStateUnknown
	TypeProcessCommunication
	TypeProcessCommunicationStdout
	TypeProcessCommunicationStderr
	TypeProcessLog
	TypeProcessLogStdout
	TypeProcessLogStderr
	TypeRemoteCommunication
	TypeSupervisorStateChange
	TypeSupervisorStateChangeRunning
	TypeSupervisorStateChangeStopping
	TypeTick
	TypeTick5
	TypeTick60
	TypeTick3600
	TypeProcessGroup
	TypeProcessGroupAdded
	TypeProcessGroupRemoved
	typeEnd
)

type typeInfo struct {
	name     string
	parent   Type
	abstract bool
}

// hierarchy is EVT-TYPE-001's table. Index = Type.
var hierarchy = [typeEnd]typeInfo{
	TypeEvent:                         {"EVENT", 0, true},
	TypeProcessState:                  {"PROCESS_STATE", TypeEvent, true},
	TypeProcessStateStopped:           {"PROCESS_STATE_STOPPED", TypeProcessState, false},
	TypeProcessStateExited:            {"PROCESS_STATE_EXITED", TypeProcessState, false},
	TypeProcessStateStarting:          {"PROCESS_STATE_STARTING", TypeProcessState, false},
	TypeProcessStateStopping:          {"PROCESS_STATE_STOPPING", TypeProcessState, false},
	TypeProcessStateBackoff:           {"PROCESS_STATE_BACKOFF", TypeProcessState, false},
	TypeProcessStateFatal:             {"PROCESS_STATE_FATAL", TypeProcessState, false},
	TypeProcessStateRunning:           {"PROCESS_STATE_RUNNING", TypeProcessState, false},
	TypeProcessStateUnknown:           {"PROCESS_STATE_UNKNOWN", TypeProcessState, false},
	TypeProcessCommunication:          {"PROCESS_COMMUNICATION", TypeEvent, true},
	TypeProcessCommunicationStdout:    {"PROCESS_COMMUNICATION_STDOUT", TypeProcessCommunication, false},
	TypeProcessCommunicationStderr:    {"PROCESS_COMMUNICATION_STDERR", TypeProcessCommunication, false},
	TypeProcessLog:                    {"PROCESS_LOG", TypeEvent, true},
	TypeProcessLogStdout:              {"PROCESS_LOG_STDOUT", TypeProcessLog, false},
	TypeProcessLogStderr:              {"PROCESS_LOG_STDERR", TypeProcessLog, false},
	TypeRemoteCommunication:           {"REMOTE_COMMUNICATION", TypeEvent, false},
	TypeSupervisorStateChange:         {"SUPERVISOR_STATE_CHANGE", TypeEvent, true},
	TypeSupervisorStateChangeRunning:  {"SUPERVISOR_STATE_CHANGE_RUNNING", TypeSupervisorStateChange, false},
	TypeSupervisorStateChangeStopping: {"SUPERVISOR_STATE_CHANGE_STOPPING", TypeSupervisorStateChange, false},
	TypeTick:                          {"TICK", TypeEvent, true},
	TypeTick5:                         {"TICK_5", TypeTick, false},
	TypeTick60:                        {"TICK_60", TypeTick, false},
	TypeTick3600:                      {"TICK_3600", TypeTick, false},
	TypeProcessGroup:                  {"PROCESS_GROUP", TypeEvent, true},
	TypeProcessGroupAdded:             {"PROCESS_GROUP_ADDED", TypeProcessGroup, false},
	TypeProcessGroupRemoved:           {"PROCESS_GROUP_REMOVED", TypeProcessGroup, false},
}

// Types lists every type in the order of EVT-TYPE-001's table.
func Types() []Type {
	ts := make([]Type, 0, typeEnd-1)
	for t := TypeEvent; t < typeEnd; t++ {
		ts = append(ts, t)
	}
	return ts
}

// Valid reports whether t is one of the constants.
func (t Type) Valid() bool { return t >= TypeEvent && t < typeEnd }

// String is the canonical upper-case name (the envelope's eventname), or
// "Type(n)" for an invalid t.
func (t Type) String() string {
	if !t.Valid() {
		return "Type(" + strconv.Itoa(int(t)) + ")"
	}
	return hierarchy[t].name
}

// Parent is t's parent type, 0 for EVENT (and for invalid types).
func (t Type) Parent() Type {
	if !t.Valid() {
		return 0
	}
	return hierarchy[t].parent
}

// Abstract reports whether t is never sent itself (EVT-TYPE-001).
func (t Type) Abstract() bool { return t.Valid() && hierarchy[t].abstract }

// Is reports whether an event of type t is delivered to a subscription to sub:
// t equals sub or descends from it (the reference's isinstance test,
// EVT-TYPE-002). Every valid type is an EVENT.
func (t Type) Is(sub Type) bool {
	if !t.Valid() || !sub.Valid() {
		return false
	}
	for ; t != 0; t = hierarchy[t].parent {
		if t == sub {
			return true
		}
	}
	return false
}

// ParseType maps an events= word to its Type, case-insensitively as the
// reference's config reader does (it upper-cases, then looks the name up).
func ParseType(name string) (Type, bool) {
	up := strings.ToUpper(name)
	for t := TypeEvent; t < typeEnd; t++ {
		if hierarchy[t].name == up {
			return t, true
		}
	}
	return 0, false
}

// Matches counts how many of a pool's subscriptions an event of type t
// matches. The loop accepts the event into the pool that many times, in a row
// (EVT-TYPE-002 QUIRK): the reference subscribes a pool once per listed type,
// so with events=REMOTE_COMMUNICATION,EVENT one event is buffered twice. The
// first acceptance takes the serials; each further one is the EVT-BUF-004
// "rebuffering" path (appended at the tail, not the head) and the event is
// delivered once per acceptance with the same serial and poolserial.
//
// subs must hold each type at most once (the reference keeps the names in a
// set; core/config deduplicates them). Zero means the pool does not get t.
func Matches(subs []Type, t Type) int {
	n := 0
	for _, s := range subs {
		if t.Is(s) {
			n++
		}
	}
	return n
}
