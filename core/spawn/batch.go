package spawn

import (
	"sync"
	"sync/atomic"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
)

// Batches. A pass of the loop that starts many processes at once (start-up,
// a group coming back) spawns them as one batch, between StartBatch and the
// function it returns. Within a batch, what each spawn would otherwise work
// out again from the same inputs is worked out once and kept until the batch
// ends:
//
//   - a command's resolution (ResolveCommand: the shlex split, the PATH
//     search and the checks), per command= and PATH; with a dozen PATH
//     entries that is a dozen stat calls per spawn;
//   - whether the signal dispositions allow the direct path (62 sigaction
//     calls per spawn).
//
// The reference works both out at every spawn. The answers can only differ
// within one batch (tens of milliseconds; under a second for a thousand
// programs) if a command's file appears, goes or changes mode meanwhile, and
// then the whole batch gets the answer its first spawn got.

// batch is the memo of the batch in progress.
type batch struct {
	mu       sync.Mutex
	resolved map[resolveKey]resolution
	dispOnce sync.Once
	dispOK   bool
}

type resolveKey struct {
	command string
	path    string // the program's PATH, or "\x00" when it sets none
}

type resolution struct {
	filename string
	argv     []string
	err      error
}

var currentBatch atomic.Pointer[batch]

// StartBatch starts a batch of spawns: n forkers (StartForkers) and the
// batch's memo. The function it returns ends both; call it once every spawn
// of the batch has returned.
func StartBatch(n int) (end func()) {
	b := &batch{resolved: map[resolveKey]resolution{}}
	currentBatch.Store(b)
	stop := StartForkers(n)
	return func() {
		stop()
		currentBatch.CompareAndSwap(b, nil)
	}
}

// resolve is ResolveCommand, once per command and PATH in a batch.
func resolve(command string, env []datatypes.KV) (string, []string, error) {
	b := currentBatch.Load()
	if b == nil {
		return ResolveCommand(command, env)
	}
	key := resolveKey{command: command, path: "\x00"}
	if path, found := programPATH(env); found {
		key.path = path
	}
	b.mu.Lock()
	r, ok := b.resolved[key]
	b.mu.Unlock()
	if !ok {
		r.filename, r.argv, r.err = ResolveCommand(command, env)
		b.mu.Lock()
		b.resolved[key] = r
		b.mu.Unlock()
	}
	return r.filename, r.argv, r.err
}

// batchDispositionsOK is dispositionsOK, once per batch.
func batchDispositionsOK() bool {
	b := currentBatch.Load()
	if b == nil {
		return dispositionsOK()
	}
	b.dispOnce.Do(func() { b.dispOK = dispositionsOK() })
	return b.dispOK
}
