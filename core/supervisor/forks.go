package supervisor

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Forks in a batch. A pass that starts many processes (start-up, a group
// that comes back) would fork them one after another, each fork waiting for
// its child's exec. Instead, while the groups transition, a spawn does
// everything the reference does before its fork (the process enters
// STARTING) and leaves the fork pending; the pending forks run together, on
// up to Options.SpawnWorkers goroutines, and their results are applied in
// the order the spawns were made: the "spawned" lines, pids, spawn errors.
//
// Nothing anyone can observe happens between a spawn and its fork: the
// forks run before the main log gets its next line (log flushes them), before
// an event goes to a listener, before a signal is sent, and at the end of the
// groups' transitions, before the pass reaps. Only the pids may come out of
// order: two forks running at once take theirs in whichever order the kernel
// serves them.
//
// Spawns made by requests (startProcess and friends) fork at once, since the
// answer depends on the result.

// pendingFork is one spawn of a pass waiting for its fork.
type pendingFork struct {
	p     *Process
	req   SpawnRequest
	at    time.Time // when its fork began: the process's laststart
	child *Child
	err   error
}

// flushForks runs the pending forks and applies their results, in order.
func (st *State) flushForks() {
	if len(st.forks) == 0 {
		return
	}
	batch := st.forks
	st.forks = nil
	st.sup.runForks(batch)
	for i := range batch {
		f := &batch[i]
		st.spawned(f.p, f.at, f.child, f.err)
	}
}

// runForks forks every child of batch, on up to spawnWorkers goroutines (the
// loop's own among them).
func (s *Supervisor) runForks(batch []pendingFork) {
	fork := func(f *pendingFork) {
		f.at = s.clock.Now()
		f.child, f.err = s.spawner.Spawn(f.req)
	}
	if len(batch) > 1 && s.widen != nil {
		defer s.widen()()
	}
	workers := min(s.spawnWorkers, len(batch))
	if workers <= 1 {
		for i := range batch {
			fork(&batch[i])
		}
		return
	}
	var next atomic.Int64
	work := func() {
		for {
			i := int(next.Add(1)) - 1
			if i >= len(batch) {
				return
			}
			fork(&batch[i])
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(func() {
			// Left locked, the thread ends with the goroutine: the daemon
			// does not keep a thread per worker of its largest batch.
			runtime.LockOSThread()
			work()
		})
	}
	work()
	wg.Wait()
}
