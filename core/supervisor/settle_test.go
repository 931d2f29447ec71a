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
