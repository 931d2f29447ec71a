package logs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// within fails t unless done is closed within a generous bound.
func within(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out after 10s waiting for %s", what)
	}
}

func result(t *testing.T, ch <-chan error, what string) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out after 10s waiting for %s", what)
		return nil
	}
}

// TestChildLogRotation replays rotCases through a ChildLog: queued chunks
// land as records with the reference's rotation boundaries, and Reopen and
// Clear happen in order with them (PROC-CLOG-005, PROC-CLOG-012).
func TestChildLogRotation(t *testing.T) {
	for _, c := range rotCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range c.pre {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var errs []error
			var mu sync.Mutex
			l, err := openNow(ChildLogConfig{Path: filepath.Join(dir, "x.log"), MaxBytes: c.maxBytes, Backups: c.backups,
				OnError: func(err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() }})
			if err != nil {
				t.Fatal(err)
			}
			for _, op := range c.ops {
				switch {
				case op.Reopen:
					err = result(t, l.Reopen(), "Reopen")
				case op.Remove:
					err = result(t, l.Clear(), "Clear")
				case op.Put != "":
					if err = result(t, l.Flush(), "Flush"); err == nil {
						err = os.WriteFile(filepath.Join(dir, op.Put), []byte(op.Data), 0o644)
					}
				default:
					l.Write([]byte(op.Write))
				}
				if err != nil {
					t.Fatalf("%+v: %v", op, err)
				}
			}
			if err := l.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
			if len(errs) > 0 {
				t.Errorf("OnError got %v", errs)
			}
			if got := listFiles(t, dir); !reflect.DeepEqual(got, c.want) {
				t.Errorf("files = %q\nwant    %q", got, c.want)
			}
		})
	}
}

// childSyslogChunks and wantChildSyslog pin what the reference sends to
// syslog for a program named "prog" with stdout_syslog=true (PROC-CLOG-008),
// captured with testdata/reference.py (kind "childsyslog").
var childSyslogChunks = []string{"a\nb\n", "partial", "\n", "x\n\n\ny", "\n\n", "tab\tend \r\n", "caf\u00e9\n"}

var wantChildSyslog = []string{
	"prog a", "prog b", "prog partial", "prog ", "prog x", "prog ", "prog ", "prog y", "prog ",
	"prog tab\tend \r", "prog caf\u00e9",
}

// TestChildLogSyslog: each line of each chunk goes to syslog as
// "<name> <line>", after the file (PROC-CLOG-008).
func TestChildLogSyslog(t *testing.T) {
	rec := &syslogRecorder{}
	path := filepath.Join(t.TempDir(), "x.log")
	l, err := openNow(ChildLogConfig{Path: path, Syslog: rec, Name: "prog"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range childSyslogChunks {
		l.Write([]byte(c))
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if got := rec.sent(); !reflect.DeepEqual(got, wantChildSyslog) {
		t.Errorf("syslog got %q\nwant %q", got, wantChildSyslog)
	}
	if data, _ := os.ReadFile(path); string(data) != strings.Join(childSyslogChunks, "") {
		t.Errorf("file = %q", data)
	}
}

// TestChildLogSyslogMatchesReference re-captures wantChildSyslog.
func TestChildLogSyslogMatchesReference(t *testing.T) {
	var chunks []string
	for _, c := range childSyslogChunks {
		chunks = append(chunks, latin1([]byte(c)))
	}
	var got []string
	askReference(t, map[string]any{"kind": "childsyslog", "name": "prog", "chunks": chunks}, &got)
	if !reflect.DeepEqual(got, wantChildSyslog) {
		t.Errorf("reference sent %q\npinned %q", got, wantChildSyslog)
	}
}

// TestChildLogSyslogOnlyAndUndecodable: with no file, syslog alone works; a
// chunk that is not UTF-8 is reported and not sent, as the reference's
// decode fails; the ANSI option strips before both destinations.
func TestChildLogSyslogOnlyAndUndecodable(t *testing.T) {
	rec := &syslogRecorder{}
	var mu sync.Mutex
	var errs []error
	l, err := openNow(ChildLogConfig{Syslog: rec, Name: "p", StripANSI: true,
		OnError: func(err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("\x1b[31mred\x1b[0m\n"))
	l.Write([]byte("bad \xff\n"))
	l.Write([]byte("\x1b[m"))
	if err := l.Close(); !errors.Is(err, errUndecodable) {
		t.Errorf("Close = %v, want the undecodable error", err)
	}
	if got := rec.sent(); !reflect.DeepEqual(got, []string{"p red", "p "}) {
		t.Errorf("syslog got %q", got)
	}
	if len(errs) != 1 {
		t.Errorf("OnError got %v, want one error", errs)
	}
}

// TestChildLogStripANSI: strip_ansi=true on the file (PROC-CLOG-009), per
// chunk: a sequence split across chunks survives.
func TestChildLogStripANSI(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	l, err := openNow(ChildLogConfig{Path: path, StripANSI: true})
	if err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("\x1b[1mbold\x1b[0m "))
	l.Write([]byte("split \x1b"))
	l.Write([]byte("[31mtail"))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	const want = "bold split \x1b[31mtail"
	if got, _ := os.ReadFile(path); string(got) != want {
		t.Errorf("file = %q, want %q", got, want)
	}
}

// gatedFile is an injected slow disk: every Write waits until release is
// closed. It records what was written.
type gatedFile struct {
	entered chan struct{} // closed on the first Write
	release chan struct{}
	once    sync.Once
	mu      sync.Mutex
	buf     bytes.Buffer
}

func newGatedFile() *gatedFile {
	return &gatedFile{entered: make(chan struct{}), release: make(chan struct{})}
}

func (g *gatedFile) Write(p []byte) (int, error) {
	g.once.Do(func() { close(g.entered) })
	<-g.release
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.buf.Write(p)
}

func (g *gatedFile) Seek(int64, int) (int64, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return int64(g.buf.Len()), nil
}

func (g *gatedFile) Close() error { return nil }

func (g *gatedFile) contents() []byte {
	g.mu.Lock()
	defer g.mu.Unlock()
	return bytes.Clone(g.buf.Bytes())
}

// TestChildLogSlowDiskDoesNotBlock: while the disk is stuck, Write still
// returns at once and Wait holds back the pipe reader; once the disk moves,
// every byte lands in order.
func TestChildLogSlowDiskDoesNotBlock(t *testing.T) {
	disk := newGatedFile()
	open := func(string, int, os.FileMode) (handle, error) { return disk, nil }
	l, err := openNowWith(ChildLogConfig{Path: "slow.log", Buffer: 4096}, open)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	chunk := func(i int) []byte {
		p := []byte(fmt.Sprintf("chunk %04d %s\n", i, strings.Repeat("x", 500)))
		want.Write(p)
		return p
	}
	l.Write(chunk(0))
	within(t, disk.entered, "the writer goroutine to reach the disk")

	// The loop's side: many Writes while the disk is stuck must not block.
	chunks := make([][]byte, 200)
	for i := range chunks {
		chunks[i] = chunk(i + 1)
	}
	wrote := make(chan struct{})
	go func() {
		defer close(wrote)
		for _, p := range chunks {
			l.Write(p)
		}
	}()
	within(t, wrote, "Write calls to return while the disk is stuck")

	// The pipe reader's side: Wait blocks while the queue is over the bound.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := l.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait with the disk stuck = %v, want DeadlineExceeded", err)
	}

	close(disk.release)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	if err := l.Wait(ctx2); err != nil {
		t.Fatalf("Wait once the disk moves = %v", err)
	}
	if err := l.Close(); err != nil {
		t.Fatalf("Close = %v", err)
	}
	if got := disk.contents(); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("disk got %d bytes, want %d in order", len(got), want.Len())
	}
}

// TestChildLogBackpressureThroughPipe: the documented wiring. A reader
// goroutine drains a child's pipe, calling Wait before each read, and hands
// chunks to a loop that calls Write. With the disk stuck the loop stays
// responsive, the reader stops reading and the child's writes block; once
// the disk moves, everything the child wrote lands.
func TestChildLogBackpressureThroughPipe(t *testing.T) {
	disk := newGatedFile()
	open := func(string, int, os.FileMode) (handle, error) { return disk, nil }
	l, err := openNowWith(ChildLogConfig{Path: "child.log", Buffer: 64 << 10}, open)
	if err != nil {
		t.Fatal(err)
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	output := make(chan []byte, 1) // reader → loop
	readerDone := make(chan struct{})
	go func() { // the child's pipe reader
		defer close(readerDone)
		defer close(output)
		for {
			if err := l.Wait(context.Background()); err != nil {
				return
			}
			buf := make([]byte, 128<<10)
			n, err := pr.Read(buf)
			if n > 0 {
				output <- buf[:n]
			}
			if err != nil {
				return
			}
		}
	}()
	ping := make(chan chan struct{})
	loopDone := make(chan struct{})
	go func() { // the supervisor loop
		defer close(loopDone)
		out := output
		for {
			select {
			case p, ok := <-out:
				if !ok {
					return
				}
				l.Write(p)
			case reply := <-ping:
				close(reply)
			}
		}
	}()

	// The child writes 4 MiB; with the disk stuck it must block before the
	// end (64 KiB queue + a chunk in flight + the pipe's capacity).
	total := 4 << 20
	payload := bytes.Repeat([]byte("0123456789abcdef"), total/16)
	childDone := make(chan struct{})
	go func() {
		defer close(childDone)
		pw.Write(payload)
		pw.Close()
	}()
	within(t, disk.entered, "the first chunk to reach the disk")
	for range 3 {
		reply := make(chan struct{})
		ping <- reply
		within(t, reply, "the loop to answer while the disk is stuck")
	}
	select {
	case <-childDone:
		t.Fatal("the child wrote 4 MiB with the disk stuck: nothing held it back")
	default:
	}

	close(disk.release)
	within(t, childDone, "the child's writes to finish once the disk moves")
	within(t, readerDone, "the pipe reader to see EOF")
	within(t, loopDone, "the loop to drain the reader's chunks")
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	pr.Close()
	if got := disk.contents(); !bytes.Equal(got, payload) {
		t.Errorf("disk got %d bytes, want all %d in order", len(got), len(payload))
	}
}

// TestChildLogClose: Close twice is fine; Write, Reopen and Wait afterwards
// neither block nor panic.
func TestChildLogClose(t *testing.T) {
	var mu sync.Mutex
	var errs []error
	l, err := openNow(ChildLogConfig{Path: filepath.Join(t.TempDir(), "x.log"),
		OnError: func(err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("x"))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("late"))
	if err := result(t, l.Reopen(), "Reopen after Close"); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Reopen after Close = %v, want ErrClosed", err)
	}
	if err := l.Wait(context.Background()); err != nil {
		t.Errorf("Wait after Close = %v", err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], os.ErrClosed) {
		t.Errorf("OnError got %v, want one ErrClosed for the late Write", errs)
	}
	if _, err := openNow(ChildLogConfig{Path: filepath.Join(t.TempDir(), "no", "such", "dir.log")}); err == nil {
		t.Error("Open in a missing directory should fail at once")
	}
}

// BenchmarkChildLogWrite: throughput of 128 KiB chunks (the reference's read
// size, PROC-CLOG-006) from Write to a file, paced by Wait as the pipe
// reader would be.
func BenchmarkChildLogWrite(b *testing.B) {
	for _, size := range []int{128 << 10, 1 << 20} {
		b.Run(fmt.Sprintf("chunk=%dKiB", size>>10), func(b *testing.B) {
			dir := os.Getenv("CHILDLOG_BENCH_DIR") // e.g. /dev/shm for tmpfs
			if dir == "" {
				dir = b.TempDir()
			} else {
				var err error
				if dir, err = os.MkdirTemp(dir, "bench"); err != nil {
					b.Fatal(err)
				}
				defer os.RemoveAll(dir)
			}
			l, err := openNow(ChildLogConfig{Path: filepath.Join(dir, "x.log"), MaxBytes: 1 << 30, Backups: 1})
			if err != nil {
				b.Fatal(err)
			}
			chunk := bytes.Repeat([]byte("log line of child output\n"), size/25+1)[:size]
			ctx := context.Background()
			b.SetBytes(int64(size))
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				if err := l.Wait(ctx); err != nil {
					b.Fatal(err)
				}
				l.Write(chunk)
			}
			if err := l.Close(); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			b.ReportMetric(float64(size)*float64(b.N)/1e6/time.Since(start).Seconds(), "MB/s-on-disk")
		})
	}
}

// TestChildLogWriteNow: WriteNow writes in the caller while nothing is
// queued; what the loop queues meanwhile (a Write, a Flush) waits for it and
// lands after it, in order; a WriteChunkNow behind queued work is queued too.
func TestChildLogWriteNow(t *testing.T) {
	disk := newGatedFile()
	open := func(string, int, os.FileMode) (handle, error) { return disk, nil }
	l, err := openNowWith(ChildLogConfig{Path: "now.log"}, open)
	if err != nil {
		t.Fatal(err)
	}
	direct := make(chan struct{})
	go func() {
		defer close(direct)
		l.WriteNow([]byte("first\n"))
	}()
	within(t, disk.entered, "WriteNow to reach the disk in the caller")
	l.Write([]byte("second\n")) // queued: the caller's write is in progress
	flushed := l.Flush()
	ch := GetChunk()
	n := copy(ch[:], "third\n")
	chunkDone := make(chan struct{})
	go func() {
		defer close(chunkDone)
		l.WriteChunkNow(ch, n) // queued behind second and the flush
	}()
	within(t, chunkDone, "WriteChunkNow behind queued work to return without writing")
	select {
	case <-flushed:
		t.Fatal("Flush answered while the direct write was still on the disk")
	case <-time.After(20 * time.Millisecond):
	}
	close(disk.release)
	within(t, direct, "WriteNow to return once the disk moves")
	if err := result(t, flushed, "Flush"); err != nil {
		t.Fatalf("Flush = %v", err)
	}
	if err := l.Close(); err != nil {
		t.Fatalf("Close = %v", err)
	}
	if got, want := string(disk.contents()), "first\nsecond\nthird\n"; got != want {
		t.Errorf("disk got %q, want %q", got, want)
	}
}
