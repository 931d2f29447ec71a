package supervisor

import (
	"context"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/core/config"
)

// TestSettleAfterActivity: Settle runs once, SettleAfter after activity,
// and not again until there is new activity: an idle loop stays asleep.
func TestSettleAfterActivity(t *testing.T) {
	clock := newFakeClock()
	settled := make(chan time.Time, 4)
	sup, err := New(Options{Config: &config.Config{}, Clock: clock, Settle: func() { settled <- clock.Now() }})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan SupervisorState, 1)
	go func() { done <- sup.Run(context.Background()) }()
	t.Cleanup(func() {
		sup.Do(context.Background(), func(st *State) error { st.Shutdown(); return nil })
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("loop did not end within 5s of shutdown")
		}
	})
	quiet := func(what string) {
		t.Helper()
		select {
		case at := <-settled:
			t.Fatalf("Settle ran at %v, %s", at, what)
		case <-time.After(50 * time.Millisecond):
		}
	}
	t0 := clock.Now()
	if err := sup.Do(context.Background(), func(*State) error { return nil }); err != nil {
		t.Fatal(err)
	}
	clock.Advance(SettleAfter - time.Millisecond)
	quiet("before SettleAfter had passed")
	clock.Advance(time.Millisecond)
	select {
	case at := <-settled:
		if want := t0.Add(SettleAfter); !at.Equal(want) {
			t.Errorf("Settle ran at %v, want %v", at, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Settle did not run SettleAfter after a request")
	}
	clock.Advance(10 * SettleAfter)
	quiet("again with no activity since")
}

// TestViewKeepsTimers: read-only requests run no pass, yet the transition
// that was due next still fires on time: STARTING -> RUNNING after
// startsecs with nothing but Views in between.
func TestViewKeepsTimers(t *testing.T) {
	h := start(t, program("web", nil))
	view := func() ProcessState {
		var s ProcessState
		if err := h.sup.View(context.Background(), func(st *State) error {
			_, p, err := st.Lookup("web")
			if err != nil {
				return err
			}
			s = p.state
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return s
	}
	for i := 0; i < 3; i++ {
		if s := view(); s != ProcessStarting {
			t.Fatalf("state %v, want STARTING", s)
		}
	}
	h.clock.Advance(time.Second + time.Millisecond) // no Do: only the loop's timer can act
	deadline := time.Now().Add(5 * time.Second)
	for view() != ProcessRunning {
		if time.Now().After(deadline) {
			t.Fatal("web still STARTING 5s after startsecs passed: the timer was not re-armed after Views")
		}
		time.Sleep(time.Millisecond)
	}
}
