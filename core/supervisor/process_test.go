package supervisor

import (
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/core/config"
)

// A program that stays up past startsecs becomes RUNNING (PROC-TRANS-001/003,
// PROC-MLOG-001/003); exactly at startsecs it is still STARTING (strictly greater).
func TestAutostartThenRunning(t *testing.T) {
	h := start(t, program("web", nil))
	h.wantState("web", ProcessStarting)
	h.wantLog("INFO spawned: 'web' with pid 1001")
	h.advance(time.Second)
	h.wantState("web", ProcessStarting)
	h.advance(time.Millisecond)
	h.wantState("web", ProcessRunning)
	h.wantLog("INFO success: web entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)")
}

// A program that always exits too quickly is tried 1+startretries times with
// a backoff growing by a second, then gives up (PROC-START-003/004/006, PROC-MLOG-005).
func TestBackoffThenFatal(t *testing.T) {
	h := start(t, program("flappy", func(p *config.Process) { p.StartRetries = 2 }))
	for try := 1; try <= 2; try++ {
		h.wantState("flappy", ProcessStarting)
		h.advance(100 * time.Millisecond)
		h.exit(h.pid("flappy"), 1)
		h.wantState("flappy", ProcessBackoff)
		h.wantLog("WARN exited: flappy (exit status 1; not expected)")
		// Not before the backoff delay of `try` seconds has passed.
		h.advance(time.Duration(try) * time.Second)
		h.wantState("flappy", ProcessBackoff)
		h.advance(time.Millisecond)
	}
	// The third failure exceeds startretries. The reference gives up on its
	// next one-second tick (PROC-START-008); we give up on the next pass,
	// which runs at once: a deliberate difference in timing only.
	h.wantState("flappy", ProcessStarting)
	h.advance(100 * time.Millisecond)
	h.exit(h.pid("flappy"), 1)
	h.wantState("flappy", ProcessFatal)
	h.wantLog("WARN exited: flappy (exit status 1; not expected)",
		"INFO gave up: flappy entered FATAL state, too many start retries too quickly")
	var info ProcessInfo
	h.do(func(st *State) { _, p, _ := st.Lookup("flappy"); info = st.Info(p) })
	if info.Description != "Exited too quickly (process log may have details)" {
		t.Errorf("description = %q", info.Description)
	}
	if n := len(h.spawn.spawned); n != 3 {
		t.Errorf("spawned %d times, want 3: %v", n, h.spawn.spawned)
	}
}

// autorestart=unexpected restarts after an unexpected exit only (PROC-EXIT-003/004).
func TestAutorestartUnexpected(t *testing.T) {
	h := start(t, program("w", nil))
	h.advance(1100 * time.Millisecond)
	h.wantState("w", ProcessRunning)
	h.exit(h.pid("w"), 0)
	h.wantState("w", ProcessExited)
	h.wantLog("INFO exited: w (exit status 0; expected)")
	h.advance(time.Hour)
	h.wantState("w", ProcessExited)

	h.do(func(st *State) { _, _, err := st.StartProcess("w", false); _ = err })
	h.advance(1100 * time.Millisecond)
	h.exit(h.pid("w"), 3)
	h.wantState("w", ProcessStarting)
	h.wantLog("WARN exited: w (exit status 3; not expected)", "INFO spawned: 'w' with pid 1003")
}

// A stop sends stopsignal, then SIGKILL after stopwaitsecs (PROC-STOP-001/002,
// PROC-MLOG-006/007); a process killed by its stop signal logs at WARN.
func TestStopEscalatesToKill(t *testing.T) {
	h := start(t, program("slow", func(p *config.Process) { p.StopWaitSecs = 5 }))
	h.advance(1100 * time.Millisecond)
	pid := h.pid("slow")
	var pending Pending
	var err error
	h.do(func(st *State) { _, pending, err = st.StopProcess("slow", true) })
	if err != nil || pending == nil {
		t.Fatalf("stopProcess(slow, wait) = %v, %v; want a pending answer", pending, err)
	}
	h.wantState("slow", ProcessStopping)
	h.advance(5 * time.Second)
	h.wantLog("WARN killing 'slow' (1001) with SIGKILL")
	h.exit(pid, -int(syscall.SIGKILL))
	select {
	case o := <-pending:
		if o.Err != nil || o.Value != true {
			t.Errorf("stopProcess(wait) = %v, %v; want true", o.Value, o.Err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("stopProcess(wait) did not answer within 5s of the exit")
	}
	h.wantState("slow", ProcessStopped)
	h.wantLog("WARN stopped: slow (terminated by SIGKILL)")
	want := []string{"1001:SIGTERM", "1001:SIGKILL"}
	if got := h.kills(); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("signals sent = %v, want %v", got, want)
	}
}

// Spawn errors go straight to BACKOFF with the spawnerr logged (PROC-START-007).
func TestSpawnErrorBackoff(t *testing.T) {
	h := start(t, program("ghost", func(p *config.Process) { p.StartRetries = 0 }))
	h.spawn.mu.Lock()
	h.spawn.fail["ghost"] = "can't find command '/bin/ghost'"
	h.spawn.mu.Unlock()
	h.wantState("ghost", ProcessStarting) // the first spawn happened before fail was set
	h.advance(100 * time.Millisecond)
	h.exit(h.pid("ghost"), 1)
	h.wantState("ghost", ProcessFatal)
	h.do(func(st *State) {
		_, _, err := st.StartProcess("ghost", false)
		if err == nil || err.Error() != "SPAWN_ERROR: ghost" {
			t.Errorf("startProcess error = %v, want SPAWN_ERROR: ghost", err)
		}
	})
	h.wantLog("INFO spawnerr: can't find command '/bin/ghost'")
}

// Shutdown stops groups one at a time from the highest priority (PROC-ORDER-004).
func TestShutdownOrder(t *testing.T) {
	a := program("a", nil)
	a.Priority = 1
	b := program("b", nil)
	b.Priority = 2
	h := start(t, a, b)
	h.advance(1100 * time.Millisecond)
	pa, pb := h.pid("a"), h.pid("b")
	h.do(func(st *State) { st.Shutdown() })
	h.advance(0)
	if got := h.kills(); len(got) != 1 || got[0] != "1002:SIGTERM" {
		t.Fatalf("after shutdown began, signals = %v; want b (pid %d) first only", got, pb)
	}
	h.exit(pb, -int(syscall.SIGTERM))
	h.advance(0)
	if got := h.kills(); len(got) != 2 || got[1] != "1001:SIGTERM" {
		t.Fatalf("after b stopped, signals = %v; want a (pid %d) next", got, pa)
	}
	h.exit(pa, -int(syscall.SIGTERM))
	select {
	case mood := <-h.done:
		if mood != SupervisorShutdown {
			t.Errorf("Run returned %s, want SHUTDOWN", mood)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("loop did not end within 5s after every process stopped")
	}
}

func TestDescribe(t *testing.T) {
	// RPC-INFO-002; the timedelta texts are Python's str(timedelta(seconds=n)).
	tests := []struct {
		info ProcessInfo
		want string
	}{
		{ProcessInfo{State: ProcessRunning, PID: 7, Start: 100, Now: 106}, "pid 7, uptime 0:00:06"},
		{ProcessInfo{State: ProcessRunning, PID: 7, Start: 0, Now: 93784}, "pid 7, uptime 1 day, 2:03:04"},
		{ProcessInfo{State: ProcessRunning, PID: 7, Start: 0, Now: 259201}, "pid 7, uptime 3 days, 0:00:01"},
		{ProcessInfo{State: ProcessRunning, PID: 7, Start: 10, Now: 5}, "pid 7, uptime 0:00:00"},
		{ProcessInfo{State: ProcessFatal, Name: "x"}, `unknown error (try "tail x")`},
		{ProcessInfo{State: ProcessBackoff, SpawnErr: "boom"}, "boom"},
		{ProcessInfo{State: ProcessStopped}, "Not started"},
		{ProcessInfo{State: ProcessStarting}, ""},
	}
	for _, tt := range tests {
		if got := describe(tt.info); got != tt.want {
			t.Errorf("describe(%+v) = %q, want %q", tt.info, got, tt.want)
		}
	}
	_ = datatypes.LevelInfo
}
