package events_test

import (
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/core/events"
)

func TestTimeslice(t *testing.T) {
	// python3 -c 'from supervisor.supervisord import timeslice; print(timeslice(60, 1795640012.7))'
	now := time.Unix(1795640012, 700_000_000)
	for _, tt := range []struct{ period, want int64 }{{5, 1795640010}, {60, 1795639980}, {3600, 1795636800}} {
		if got := events.Timeslice(tt.period, now); got != tt.want {
			t.Errorf("Timeslice(%d) = %d, want %d", tt.period, got, tt.want)
		}
	}
}

// TestTicks pins EVT-EMIT-004: the first pass only records; then one event
// per period whose slice changed, in the order 5, 60, 3600.
func TestTicks(t *testing.T) {
	var tk events.Ticks
	start := time.Unix(3599, 0)
	if got := tk.Due(start); len(got) != 0 {
		t.Fatalf("first pass emitted %v", got)
	}
	if got := tk.Due(start.Add(500 * time.Millisecond)); len(got) != 0 {
		t.Fatalf("same slice emitted %v", got)
	}
	got := tk.Due(time.Unix(3600, 100))
	want := []string{"TICK_5 when:3600", "TICK_60 when:3600", "TICK_3600 when:3600"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i, e := range got {
		if s := e.Type.String() + " " + e.Payload; s != want[i] {
			t.Errorf("#%d: %s, want %s", i, s, want[i])
		}
	}
	if got := tk.Due(time.Unix(3620, 0)); len(got) != 1 || got[0].Payload != "when:3620" {
		t.Errorf("missed slices: got %v, want one TICK_5 (no replay)", got)
	}
	if _, err := events.Tick(7, 0); err == nil {
		t.Error("Tick accepted period 7")
	}
}
