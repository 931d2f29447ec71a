package supervisor

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"sync"
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
	done := make(chan struct{})
	go func() { s.pumps.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(lingerFor / 2):
		t.Fatalf("pump still reading %v after the child was gone and its pipe closed", lingerFor/2)
	}
	got, writes := log.all()
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("log got %q, want %q", got, want.Bytes())
	}
	if writes > lines/4 {
		t.Errorf("%d lines logged in %d writes: a chatty pipe should be read in batches", lines, writes)
	}
}
