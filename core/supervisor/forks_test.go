package supervisor

import (
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/core/config"
)

// The autostart pass forks its children side by side on SpawnWorkers
// goroutines, with Widen around the batch, and applies the results in the
// order of the spawns: the main log reads as if they had forked one by one,
// a spawn error included (PROC-SPAWN-005, PROC-MLOG-001).
func TestPassForksTogether(t *testing.T) {
	var widened, restored atomic.Int32
	both := make(chan struct{})
	var arrived sync.WaitGroup
	arrived.Add(2)
	go func() { arrived.Wait(); close(both) }()
	var overlapped atomic.Bool
	h := startWith(t, func(h *harness, o *Options) {
		o.SpawnWorkers = 2
		o.Widen = func() func() {
			widened.Add(1)
			return func() { restored.Add(1) }
		}
		h.spawn.fail["c"] = "spawnerr for c"
		h.spawn.entered = func(req SpawnRequest) {
			// a and b meet here: each waits for the other, which only
			// works if they are forked at the same time.
			if n := req.Process.Name; n == "a" || n == "b" {
				arrived.Done()
				select {
				case <-both:
					overlapped.Store(true)
				case <-time.After(5 * time.Second):
				}
			}
		}
	}, program("a", nil), program("b", nil), program("c", nil), program("d", nil))
	if !overlapped.Load() {
		t.Error("the forks of a and b did not run at the same time (waited 5s)")
	}
	if w, r := widened.Load(), restored.Load(); w != 1 || r != 1 {
		t.Errorf("Widen called %d times, restored %d times; want 1 and 1", w, r)
	}
	got := h.log.take()
	want := []string{
		spawnedLine("a", h.pid("a")),
		spawnedLine("b", h.pid("b")),
		"INFO spawnerr: spawnerr for c",
		spawnedLine("d", h.pid("d")),
	}
	if !slices.Equal(got, want) {
		t.Errorf("log:\n%q\nwant\n%q", got, want)
	}
	h.wantState("c", ProcessBackoff)
	for _, name := range []string{"a", "b", "d"} {
		h.wantState(name, ProcessStarting)
	}
}

// A spawn's fork comes before anything the loop logs after the spawn: the
// log is the barrier that makes a pending fork happen.
func TestForkBeforeLaterLines(t *testing.T) {
	off := func(p *config.Process) { p.AutoStart = false }
	h := start(t, program("a", off), program("b", off))
	h.do(func(st *State) {
		_, a, _ := st.Lookup("a")
		_, b, _ := st.Lookup("b")
		st.batching = true
		st.spawn(a)
		if a.pid != 0 {
			t.Error("a forked at once; want its fork pending")
		}
		st.log(datatypes.LevelInfo, "between")
		if a.pid == 0 {
			t.Error("a's fork still pending after a log line")
		}
		st.spawn(b)
		st.batching = false
		st.flushForks()
	})
	h.wantLog("INFO spawned: 'a' with pid 1001", "INFO between", "INFO spawned: 'b' with pid 1002")
	if got := h.log.take(); len(got) != 0 {
		t.Errorf("more lines: %q", got)
	}
}

func spawnedLine(name string, pid int) string {
	return "INFO spawned: '" + name + "' with pid " + strconv.Itoa(pid)
}

// startsecs counts from each process's own fork, not from the start of the
// pass that spawned it (PROC-TRANS-003): when forking the first program takes
// 600 ms, the second has been up 600 ms less when the first becomes RUNNING.
func TestStartsecsFromOwnFork(t *testing.T) {
	h := startWith(t, func(h *harness, o *Options) {
		h.spawn.entered = func(SpawnRequest) { h.clock.Advance(600 * time.Millisecond) }
	}, program("a", nil), program("b", nil))
	h.spawn.entered = nil
	// Now 1.2 s after the pass began: a forked at 0, b at 0.6 s.
	h.advance(time.Millisecond)
	h.wantState("a", ProcessRunning)
	h.wantState("b", ProcessStarting)
	h.advance(500 * time.Millisecond)
	h.wantState("b", ProcessRunning)
}

// A spawn asks for its output pipes off the runtime's poller when only the
// log reads them (their pumps wait in the idle set), and on it when the
// loop reads them too (events, capture mode).
func TestSpawnAsksUnpolled(t *testing.T) {
	var mu sync.Mutex
	got := map[string][2]bool{}
	startWith(t, func(h *harness, o *Options) {
		h.spawn.entered = func(req SpawnRequest) {
			mu.Lock()
			defer mu.Unlock()
			got[req.Process.Name] = [2]bool{req.UnpolledStdout, req.UnpolledStderr}
		}
	},
		program("plain", nil),
		program("events", func(p *config.Process) { p.Stdout.EventsEnabled = true }),
		program("capture", func(p *config.Process) { p.Stderr.CaptureMaxBytes = 100 }),
	)
	mu.Lock()
	defer mu.Unlock()
	want := map[string][2]bool{
		"plain":   {true, true},
		"events":  {false, true},
		"capture": {true, false},
	}
	for name, w := range want {
		if g, ok := got[name]; !ok || g != w {
			t.Errorf("%s: unpolled stdout, stderr = %v (spawned: %v), want %v", name, g, ok, w)
		}
	}
}
