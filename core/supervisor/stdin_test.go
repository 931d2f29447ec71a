package supervisor

import (
	"bytes"
	"io"
	"os"
	"testing"
	"time"
)

// TestStdinWriterOrder: send never blocks, whether the pipe takes the data at
// once (the direct write) or not (the rest is queued for the writer
// goroutine); the child reads every byte in order, then EOF after close.
func TestStdinWriterOrder(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s := &Supervisor{}
	sw := s.newStdinWriter(w)
	var want bytes.Buffer
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for i := 0; i < 64; i++ {
			// 64 × 8 KiB: far more than a pipe holds with nobody reading.
			p := bytes.Repeat([]byte{byte('a' + i%26)}, 8<<10)
			want.Write(p)
			if err := sw.send(p); err != nil {
				t.Errorf("send %d: %v", i, err)
				return
			}
		}
		sw.close()
	}()
	select {
	case <-sent:
	case <-time.After(10 * time.Second):
		t.Fatal("send blocked on a pipe nobody reads")
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("read %d bytes, want %d in order", len(got), want.Len())
	}
	s.pumps.Wait()
	if err := sw.send([]byte("late")); err != ErrStdinClosed {
		t.Errorf("send after close = %v, want ErrStdinClosed", err)
	}
}

// TestStdinWriterBroken: once the child has closed its end, a send's write
// fails (EPIPE) and later sends report ErrStdinClosed.
func TestStdinWriterBroken(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	s := &Supervisor{}
	sw := s.newStdinWriter(w)
	if err := sw.send([]byte("x")); err != nil {
		t.Fatalf("first send = %v, want nil (the failure is found on writing)", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for sw.send([]byte("y")) != ErrStdinClosed {
		if time.Now().After(deadline) {
			t.Fatal("send kept succeeding on a pipe whose reader is gone")
		}
		time.Sleep(time.Millisecond)
	}
	sw.close()
	s.pumps.Wait()
}
