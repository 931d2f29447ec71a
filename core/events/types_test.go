package events_test

import (
	"testing"

	"github.com/gosupervisord/gosupervisord/core/events"
)

// TestHierarchy pins EVT-TYPE-001's table: name, parent, abstract.
func TestHierarchy(t *testing.T) {
	tests := []struct {
		name, parent string
		abstract     bool
	}{
		{"EVENT", "", true},
		{"PROCESS_STATE", "EVENT", true},
		{"PROCESS_STATE_STOPPED", "PROCESS_STATE", false},
		{"PROCESS_STATE_EXITED", "PROCESS_STATE", false},
		{"PROCESS_STATE_STARTING", "PROCESS_STATE", false},
		{"PROCESS_STATE_STOPPING", "PROCESS_STATE", false},
		{"PROCESS_STATE_BACKOFF", "PROCESS_STATE", false},
		{"PROCESS_STATE_FATAL", "PROCESS_STATE", false},
		{"PROCESS_STATE_RUNNING", "PROCESS_STATE", false},
		{"PROCESS_STATE_UNKNOWN", "PROCESS_STATE", false},
		{"PROCESS_COMMUNICATION", "EVENT", true},
		{"PROCESS_COMMUNICATION_STDOUT", "PROCESS_COMMUNICATION", false},
		{"PROCESS_COMMUNICATION_STDERR", "PROCESS_COMMUNICATION", false},
		{"PROCESS_LOG", "EVENT", true},
		{"PROCESS_LOG_STDOUT", "PROCESS_LOG", false},
		{"PROCESS_LOG_STDERR", "PROCESS_LOG", false},
		{"REMOTE_COMMUNICATION", "EVENT", false},
		{"SUPERVISOR_STATE_CHANGE", "EVENT", true},
		{"SUPERVISOR_STATE_CHANGE_RUNNING", "SUPERVISOR_STATE_CHANGE", false},
		{"SUPERVISOR_STATE_CHANGE_STOPPING", "SUPERVISOR_STATE_CHANGE", false},
		{"TICK", "EVENT", true},
		{"TICK_5", "TICK", false},
		{"TICK_60", "TICK", false},
		{"TICK_3600", "TICK", false},
		{"PROCESS_GROUP", "EVENT", true},
		{"PROCESS_GROUP_ADDED", "PROCESS_GROUP", false},
		{"PROCESS_GROUP_REMOVED", "PROCESS_GROUP", false},
	}
	all := events.Types()
	if len(all) != len(tests) {
		t.Fatalf("%d types, want %d", len(all), len(tests))
	}
	for i, tt := range tests {
		typ := all[i]
		parent := ""
		if p := typ.Parent(); p != 0 {
			parent = p.String()
		}
		if typ.String() != tt.name || parent != tt.parent || typ.Abstract() != tt.abstract {
			t.Errorf("type %d = %s (parent %q, abstract %v); want %s (%q, %v)",
				i, typ, parent, typ.Abstract(), tt.name, tt.parent, tt.abstract)
		}
		if got, ok := events.ParseType(lower(tt.name)); !ok || got != typ {
			t.Errorf("ParseType(%q) = %v, %v", lower(tt.name), got, ok)
		}
		if !typ.Is(events.TypeEvent) || !typ.Is(typ) {
			t.Errorf("%s is not an EVENT or not itself", typ)
		}
	}
	if _, ok := events.ParseType("PROCESS"); ok {
		t.Error("ParseType accepted PROCESS")
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// TestMatches pins EVT-TYPE-002, including the duplicate-delivery QUIRK.
func TestMatches(t *testing.T) {
	tests := []struct {
		subs []events.Type
		typ  events.Type
		want int
	}{
		{[]events.Type{events.TypeEvent}, events.TypeTick5, 1},
		{[]events.Type{events.TypeProcessState}, events.TypeProcessStateRunning, 1},
		{[]events.Type{events.TypeProcessState}, events.TypeProcessLogStdout, 0},
		{[]events.Type{events.TypeRemoteCommunication, events.TypeEvent}, events.TypeRemoteCommunication, 2},
		{[]events.Type{events.TypeTick, events.TypeTick60, events.TypeEvent}, events.TypeTick60, 3},
		{[]events.Type{events.TypeTick60}, events.TypeTick, 0},
		{[]events.Type{events.TypeProcessCommunication}, events.TypeProcessCommunicationStderr, 1},
	}
	for _, tt := range tests {
		if got := events.Matches(tt.subs, tt.typ); got != tt.want {
			t.Errorf("Matches(%v, %s) = %d, want %d", tt.subs, tt.typ, got, tt.want)
		}
	}
}
