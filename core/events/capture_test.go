package events_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/core/events"
)

// captureLines renders Capture outputs as testdata/dispatchers_ref.py records
// the reference's POutputDispatcher: captured segments, the DEBG echo of every
// segment, the comm event and its DEBG line (PROC-CAP-002/004/005).
func captureLines(outs []events.CaptureOutput) []string {
	var got []string
	for _, o := range outs {
		switch o.Kind {
		case events.CaptureLog:
			if o.Captured {
				got = append(got, "segment | "+string(o.Data))
			}
			got = append(got, "log | DEBG | 'cap' stdout output:\n"+events.DecodeOutput(o.Data))
		case events.CaptureEnd:
			got = append(got, "comm | "+string(o.Data), "log | DEBG | 'cap' stdout emitted a comm event")
		}
	}
	return got
}

func TestCaptureMatchesReference(t *testing.T) {
	for _, c := range loadGolden(t).Capture {
		t.Run(c.Name, func(t *testing.T) {
			cp := events.NewCapture(c.MaxBytes, nil)
			var got []string
			for _, ch := range c.Chunks {
				got = append(got, captureLines(cp.Feed(latin1(ch)))...)
			}
			got = append(got, "pending | "+string(cp.Pending()))
			if want := record(c.Want); !reflect.DeepEqual(got, want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
		})
	}
}

// TestCaptureManyBlocks: one read with thousands of blocks. The reference
// recurses per token and fails near 1000; we scan iteratively (PROC-CAP-002).
func TestCaptureManyBlocks(t *testing.T) {
	const n = 5000
	in := strings.Repeat(events.BeginToken+"x"+events.EndToken+"y", n) + strings.Repeat("z", 30)
	cp := events.NewCapture(100, nil)
	comms := 0
	for _, o := range cp.Feed([]byte(in)) {
		if o.Kind == events.CaptureEnd {
			comms++
			if string(o.Data) != "x" {
				t.Fatalf("comm data %q", o.Data)
			}
		}
	}
	if comms != n {
		t.Errorf("%d comm events, want %d", comms, n)
	}
}

// TestCaptureStrip: strip_ansi applies to each logged segment after token
// scanning; a segment stripped to nothing is still logged (echo and event).
func TestCaptureStrip(t *testing.T) {
	strip := func(p []byte) []byte { return bytes.ReplaceAll(p, []byte("\x1b[1m"), nil) }
	cp := events.NewCapture(100, strip)
	outs := cp.Feed([]byte(events.BeginToken + "\x1b[1m" + events.EndToken + strings.Repeat("-", 30)))
	var kinds []events.CaptureKind
	for _, o := range outs {
		kinds = append(kinds, o.Kind)
	}
	want := []events.CaptureKind{events.CaptureBegin, events.CaptureLog, events.CaptureEnd, events.CaptureLog}
	if !reflect.DeepEqual(kinds, want) || len(outs[1].Data) != 0 || len(outs[2].Data) != 0 {
		t.Errorf("outputs %+v", outs)
	}
}

func TestCaptureClearBuffer(t *testing.T) {
	cp := events.NewCapture(100, nil)
	cp.Feed([]byte(events.BeginToken + "abc" + strings.Repeat("-", 30)))
	if !cp.Capturing() || string(cp.Captured()) != "abc"+strings.Repeat("-", 30) {
		t.Fatalf("capturing %v, buffer %q", cp.Capturing(), cp.Captured())
	}
	cp.ClearBuffer()
	outs := cp.Feed([]byte(events.EndToken + strings.Repeat("+", 30)))
	for _, o := range outs {
		if o.Kind == events.CaptureEnd && len(o.Data) != 0 {
			t.Errorf("comm data %q after ClearBuffer", o.Data)
		}
	}
}
