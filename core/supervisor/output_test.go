package supervisor

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/core/logs"
)

// recChildLog records what a pump writes, one record per call.
type recChildLog struct {
	mu      sync.Mutex
	records [][]byte
}

func (l *recChildLog) add(p []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = append(l.records, bytes.Clone(p))
}
func (l *recChildLog) Open() error       { return nil }
func (l *recChildLog) Write(p []byte)    { l.add(p) }
func (l *recChildLog) WriteNow(p []byte) { l.add(p) }
func (l *recChildLog) WriteChunkNow(ch *logs.Chunk, n int) {
	l.add(ch[:n])
	logs.PutChunk(ch)
}
func (l *recChildLog) Wait(context.Context) error { return nil }
func (l *recChildLog) Path() string               { return "" }
func (l *recChildLog) Reopen() <-chan error       { return nil }
func (l *recChildLog) Clear() <-chan error        { return nil }
func (l *recChildLog) Close() error               { return nil }

func (l *recChildLog) all() (joined []byte, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Join(l.records, nil), len(l.records)
}

// TestPumpLingersForChattyChild: a child printing a line every 2 ms gets its
// lines logged in batches, not one write per line; once the child is gone
// (drained) the rest is read at once; every byte lands, in order.
func TestPumpLingersForChattyChild(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &Supervisor{cfg: &config.Config{}, exited: make(chan struct{}), output: make(chan output)}
	st := &State{sup: s}
	p := &Process{Config: &config.Process{Name: "chatty"}, Group: &Group{Config: &config.Group{Kind: config.GroupProgram}}, drain: make(chan struct{})}
	log := &recChildLog{}
	st.pump(p, r, log, "stdout", false)

	var want bytes.Buffer
	const lines = 40
	for i := 0; i < lines; i++ {
		line := fmt.Sprintf("line %02d\n", i)
		want.WriteString(line)
		if _, err := w.WriteString(line); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond) // the child's pace, not synchronisation
	}
	p.drained()
	tail := "last words, no newline"
	want.WriteString(tail)
	w.WriteString(tail)
	w.Close()
	waitPumps(t, s, lingerFor/2, fmt.Sprintf("pump still reading %v after the child was gone and its pipe closed", lingerFor/2))
	got, writes := log.all()
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("log got %q, want %q", got, want.Bytes())
	}
	if writes > lines/4 {
		t.Errorf("%d lines logged in %d writes: a chatty pipe should be read in batches", lines, writes)
	}
}

// TestBatchLog: a listener's protocol output is logged in order, in records
// of at most batchMax bytes (plus the last piece added), by the tick timer
// when the pipe goes quiet and at close; nothing after close.
func TestBatchLog(t *testing.T) {
	log := &recChildLog{}
	b := &batchLog{log: log}
	var want bytes.Buffer
	for i := 0; i < 1000; i++ {
		p := []byte(fmt.Sprintf("RESULT 2\nOK%04dREADY\n", i))
		want.Write(p)
		b.add(p)
	}
	if got, n := log.all(); n == 0 || n > want.Len()/batchMax+1 || !bytes.HasPrefix(want.Bytes(), got) {
		t.Errorf("%d of %d bytes in %d records before any tick, want full %d-byte batches in order", len(got), want.Len(), n, batchMax)
	}
	// The rest goes out on the next tick, without close.
	deadline := time.Now().Add(10 * lingerFor)
	for got, _ := log.all(); len(got) < want.Len(); got, _ = log.all() {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d bytes logged %v after the last add", len(got), want.Len(), 10*lingerFor)
		}
		time.Sleep(time.Millisecond)
	}
	b.add([]byte("READY\n"))
	want.WriteString("READY\n")
	b.close()
	b.add([]byte("late"))
	b.flush()
	if got, _ := log.all(); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("log holds %d bytes, want %d in order", len(got), want.Len())
	}
}

// waitFor polls cond every millisecond until it holds, failing after d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, d)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestIdlePumpParks: a log pump whose pipe is empty leaves it to the idle
// set (no goroutine of its own) and runs again when output comes; every
// byte lands in order; at the end of the stream the pipe is dropped from the
// set; at the loop's end a parked pump ends once its pipe is closed.
func TestIdlePumpParks(t *testing.T) {
	s := &Supervisor{cfg: &config.Config{}, exited: make(chan struct{}), output: make(chan output)}
	st := &State{sup: s}
	newPipe := func(name string) (*os.File, *os.File, int32, *recChildLog) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		p := &Process{Config: &config.Process{Name: name}, Group: &Group{Config: &config.Group{Kind: config.GroupProgram}}, drain: make(chan struct{})}
		log := &recChildLog{}
		var fd int32
		raw, _ := r.SyscallConn()
		raw.Control(func(f uintptr) { fd = int32(f) })
		st.pump(p, r, log, "stdout", false)
		return r, w, fd, log
	}
	parked := func(fd int32) func() bool {
		return func() bool {
			s.idle.mu.Lock()
			defer s.idle.mu.Unlock()
			return s.idle.parked[fd] != nil
		}
	}
	_, w, fd, log := newPipe("quiet")
	waitFor(t, 5*time.Second, "the empty pipe parked", parked(fd))
	var want bytes.Buffer
	for i := range 5 {
		line := fmt.Sprintf("line %d\n", i)
		want.WriteString(line)
		if _, err := w.WriteString(line); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 5*time.Second, "the line logged", func() bool {
			got, _ := log.all()
			return bytes.Equal(got, want.Bytes())
		})
		waitFor(t, 5*time.Second, "the pipe parked again", parked(fd))
	}
	w.WriteString("no newline")
	want.WriteString("no newline")
	w.Close()
	waitFor(t, 5*time.Second, "the pump ended at EOF", func() bool {
		s.idle.mu.Lock()
		defer s.idle.mu.Unlock()
		return !s.idle.added[fd]
	})
	if got, _ := log.all(); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("log got %q, want %q", got, want.Bytes())
	}

	// The loop's end: the read end is closed under a parked pump.
	_, w2, fd2, _ := newPipe("stuck")
	defer w2.Close()
	waitFor(t, 5*time.Second, "the second pipe parked", parked(fd2))
	s.pipes.closeAll()
	s.idle.wakeAll()
	waitPumps(t, s, 5*time.Second, "a parked pump did not end within 5s of its pipe being closed")
	s.idle.close()
}

// waitPumps waits up to d for every pump of s to end, and fails with msg
// if they do not.
func waitPumps(t *testing.T, s *Supervisor, d time.Duration, msg string) {
	t.Helper()
	done := make(chan struct{})
	go func() { s.pumps.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatal(msg)
	}
}

// unpolledPipe is a pipe whose read end is non-blocking but off the
// runtime's poller, as spawn makes a log pump's pipe.
func unpolledPipe(t *testing.T) (r, w *os.File) {
	t.Helper()
	var fds [2]int
	if err := syscall.Pipe2(fds[:], syscall.O_CLOEXEC); err != nil {
		t.Fatal(err)
	}
	r = os.NewFile(uintptr(fds[0]), "unpolled") // blocking: not on the poller
	if err := syscall.SetNonblock(fds[0], true); err != nil {
		t.Fatal(err)
	}
	if r.SetReadDeadline(time.Time{}) == nil {
		t.Fatal("the read end is on the poller")
	}
	return r, os.NewFile(uintptr(fds[1]), "unpolled w")
}

// TestUnpolledPumpRepolls: a log pump whose pipe is off the runtime's poller
// and cannot wait in the idle set puts the pipe on the poller (a duplicate,
// in the pipe set in its place) and reads on: no byte is lost; and once the
// loop has closed every pipe, it ends instead.
func TestUnpolledPumpRepolls(t *testing.T) {
	s := &Supervisor{cfg: &config.Config{}, exited: make(chan struct{}), output: make(chan output)}
	st := &State{sup: s}
	if !s.idle.start() {
		t.Skip("no epoll set")
	}
	s.idle.mu.Lock()
	s.idle.closed = true // parking fails from now on
	s.idle.mu.Unlock()
	p := &Process{Config: &config.Process{Name: "foo"}, Group: &Group{Config: &config.Group{Kind: config.GroupProgram}}, drain: make(chan struct{})}
	r, w := unpolledPipe(t)
	log := &recChildLog{}
	st.pump(p, r, log, "stdout", false)
	inSet := func(c io.Closer) bool {
		s.pipes.mu.Lock()
		defer s.pipes.mu.Unlock()
		return s.pipes.open[c]
	}
	waitFor(t, 5*time.Second, "the unpolled pipe replaced in the pipe set", func() bool { return !inSet(r) })
	if raw, err := r.SyscallConn(); err == nil && raw.Control(func(uintptr) {}) == nil {
		t.Error("the unpolled file is still open")
	}
	var want bytes.Buffer
	for i := range 3 {
		line := fmt.Sprintf("line %d\n", i)
		want.WriteString(line)
		w.WriteString(line)
		waitFor(t, 5*time.Second, "the line logged", func() bool {
			got, _ := log.all()
			return bytes.Equal(got, want.Bytes())
		})
	}
	w.Close()
	waitPumps(t, s, 5*time.Second, "the pump did not end within 5s of EOF")

	// Once the loop has closed every pipe, a pump that cannot park ends.
	r2, w2 := unpolledPipe(t)
	defer w2.Close()
	s.pipes.closeAll()
	st.pump(p, r2, &recChildLog{}, "stdout", false)
	waitPumps(t, s, 5*time.Second, "a pump that could neither park nor be put on the poller did not end within 5s")
	s.idle.close()
}

// TestEndPumpsTakesLateOutput: output for the loop that a pump reads once
// the loop has stopped (a listener's last answer) is still handled at the
// loop's end, and the pump ends, so the loop's end does not wait forever.
func TestEndPumpsTakesLateOutput(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &Supervisor{cfg: &config.Config{}, exited: make(chan struct{}), output: make(chan output), clock: RealClock{}}
	st := &State{sup: s}
	log := &recChildLog{}
	p := &Process{Config: &config.Process{Name: "late"}, Group: &Group{Config: &config.Group{Kind: config.GroupProgram}}, drain: make(chan struct{}), stdout: log}
	st.pump(p, r, log, "stdout", true) // routed through the loop
	w.WriteString("last words\n")
	w.Close()
	done := make(chan struct{})
	go func() { s.endPumps(st); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the loop's end still waiting for a pump 5s on")
	}
	if got, _ := log.all(); string(got) != "last words\n" {
		t.Errorf("log got %q, want the late output", got)
	}
}
