package events_test

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/core/events"
)

type golden struct {
	Protocol []struct {
		Name  string
		Steps []string
		Want  [][]any
	}
	Capture []struct {
		Name     string
		MaxBytes int
		Chunks   []string
		Want     [][]any
	}
}

// latin1 turns a JSON string written by dispatchers_ref.py back into bytes.
func latin1(s string) []byte {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		b = append(b, byte(r))
	}
	return b
}

func loadGolden(t *testing.T) golden {
	t.Helper()
	raw, err := os.ReadFile("testdata/dispatchers_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// record turns golden entries into comparable lines.
func record(want [][]any) []string {
	var out []string
	for _, w := range want {
		parts := make([]string, len(w))
		for i, x := range w {
			parts[i] = string(latin1(x.(string)))
		}
		out = append(out, strings.Join(parts, " | "))
	}
	return out
}

// TestProtocolMatchesReference replays the cases testdata/dispatchers_ref.py
// ran through the reference's PEventListenerDispatcher: log lines (with the
// echo of PROC-MLOG-014), rejections and the final state (EVT-PROTO-001..007).
// "dispatched" is the loop's READY -> BUSY, which logs nothing.
func TestProtocolMatchesReference(t *testing.T) {
	for _, c := range loadGolden(t).Protocol {
		t.Run(c.Name, func(t *testing.T) {
			p := events.NewProtocol("listener", nil)
			var got []string
			stalled := false
			for _, step := range c.Steps {
				if step == "dispatch" {
					if p.Dispatch() {
						got = append(got, "dispatched")
					}
					continue
				}
				data := latin1(step)
				got = append(got, "log | DEBG | "+events.ListenerEcho("listener", data))
				for _, o := range p.Feed(data) {
					switch o.Kind {
					case events.OutcomeLog:
						got = append(got, "log | "+o.Level.String()+" | "+o.Text)
					case events.OutcomeFinished:
						if o.Rejected {
							got = append(got, "reject")
						}
					case events.OutcomeStalled:
						got = append(got, "stalled")
						stalled = true
					}
				}
				if stalled {
					break
				}
			}
			got = append(got, "state | "+p.State().String())
			if want := record(c.Want); !reflect.DeepEqual(got, want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
		})
	}
}

// TestProtocolOutcomes pins the full outcome sequence, including the kinds
// the reference shows only through side effects.
func TestProtocolOutcomes(t *testing.T) {
	unknownWarn := "WARN l: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol"
	tests := []struct {
		name    string
		handler events.ResultHandler
		steps   []string
		want    []string
		state   events.ListenerState
	}{
		{
			name:  "ok",
			steps: []string{"READY\n", "!", "RESULT 2\nOKREADY\n"},
			want: []string{
				"DEBG l: ACKNOWLEDGED -> READY", "state ACKNOWLEDGED -> READY",
				`result "OK" processed`, "DEBG l: event was processed",
				"DEBG l: BUSY -> ACKNOWLEDGED", "state BUSY -> ACKNOWLEDGED", "finished",
				"DEBG l: ACKNOWLEDGED -> READY", "state ACKNOWLEDGED -> READY",
			},
			state: events.ListenerReady,
		},
		{
			name:  "fail",
			steps: []string{"READY\n", "!", "RESULT 4\nFAIL"},
			want: []string{
				"DEBG l: ACKNOWLEDGED -> READY", "state ACKNOWLEDGED -> READY",
				`result "FAIL" rejected`, "WARN l: event was rejected",
				"DEBG l: BUSY -> ACKNOWLEDGED", "state BUSY -> ACKNOWLEDGED", "finished rejected",
			},
			state: events.ListenerAcknowledged,
		},
		{
			name:    "handler error",
			handler: func([]byte) events.Verdict { return events.VerdictError },
			steps:   []string{"READY\n", "!", "RESULT 2\nOK"},
			want: []string{
				"DEBG l: ACKNOWLEDGED -> READY", "state ACKNOWLEDGED -> READY",
				`result "OK" error`, "WARN l: event caused an error",
				"DEBG l: BUSY -> UNKNOWN", "state BUSY -> UNKNOWN", unknownWarn, "finished rejected",
			},
			state: events.ListenerUnknown,
		},
		{
			name:  "bad line",
			steps: []string{"READY\n", "!", "RESULT x\n"},
			want: []string{
				"DEBG l: ACKNOWLEDGED -> READY", "state ACKNOWLEDGED -> READY",
				"WARN l: bad result line: 'RESULT x'",
				"DEBG l: BUSY -> UNKNOWN", "state BUSY -> UNKNOWN", unknownWarn, "finished rejected",
			},
			state: events.ListenerUnknown,
		},
		{
			name:  "empty body completes on next data",
			steps: []string{"READY\n", "!", "RESULT 0\n", "", "R"},
			want: []string{
				"DEBG l: ACKNOWLEDGED -> READY", "state ACKNOWLEDGED -> READY",
				`result "" rejected`, "WARN l: event was rejected",
				"DEBG l: BUSY -> ACKNOWLEDGED", "state BUSY -> ACKNOWLEDGED", "finished rejected",
			},
			state: events.ListenerAcknowledged,
		},
		{
			name:  "negative length",
			steps: []string{"READY\n", "!", "RESULT -1\n", "x", "READY\n"},
			want:  []string{"DEBG l: ACKNOWLEDGED -> READY", "state ACKNOWLEDGED -> READY", "stalled"},
			state: events.ListenerBusy,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := events.NewProtocol("l", tt.handler)
			var got []string
			for _, s := range tt.steps {
				if s == "!" {
					if !p.Dispatch() {
						t.Fatalf("Dispatch in state %s", p.State())
					}
					continue
				}
				for _, o := range p.Feed([]byte(s)) {
					got = append(got, o.String())
				}
			}
			if !reflect.DeepEqual(got, tt.want) || p.State() != tt.state {
				t.Errorf("got %s\n\t%s\nwant %s\n\t%s", p.State(), strings.Join(got, "\n\t"), tt.state, strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestDispatchOnlyWhenReady(t *testing.T) {
	p := events.NewProtocol("l", nil)
	if p.State() != events.ListenerAcknowledged {
		t.Fatalf("fresh protocol is %s, want ACKNOWLEDGED (EVT-LST-001)", p.State())
	}
	if p.Dispatch() {
		t.Error("Dispatch succeeded in ACKNOWLEDGED")
	}
	p.Feed([]byte("READY\n"))
	if !p.Dispatch() || p.State() != events.ListenerBusy {
		t.Errorf("Dispatch from READY: state %s", p.State())
	}
	if p.Dispatch() {
		t.Error("Dispatch succeeded in BUSY")
	}
}

func TestListenerEcho(t *testing.T) {
	// PROC-MLOG-014 QUIRK: the bytes repr, with a literal backslash-n.
	if got, want := events.ListenerEcho("listen", []byte("READY\n")), "'listen' stdout output:\nb'READY\\n'"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
