package events_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/gosupervisord/gosupervisord/core/events"
)

// chunks splits data at the positions cuts picks (one byte per cut).
func chunks(data, cuts []byte) [][]byte {
	var out [][]byte
	for _, c := range cuts {
		if len(data) == 0 {
			break
		}
		n := int(c)%len(data) + 1
		out = append(out, data[:n])
		data = data[n:]
	}
	if len(data) > 0 {
		out = append(out, data)
	}
	return out
}

// FuzzProtocol: no panic; state changes chain; an event is finished only when
// leaving BUSY; without dispatches the outcome is the same however the input
// is split.
func FuzzProtocol(f *testing.F) {
	f.Add([]byte("READY\nRESULT 2\nOKREADY\n"), []byte{3, 9}, []byte{1})
	f.Add([]byte("READY\nRESULT 4\nFAILREADY\nRESULT 0\n\n"), []byte{6, 1, 1, 40}, []byte{0, 1, 1})
	f.Add([]byte("garbage"), []byte{}, []byte{})
	f.Add([]byte("READY\nRESULT -2\nxyz"), []byte{6}, []byte{1})
	f.Fuzz(func(t *testing.T, data, cuts, dispatch []byte) {
		run := func(parts [][]byte, dispatch []byte) []string {
			p := events.NewProtocol("l", nil)
			var got []string
			state := events.ListenerAcknowledged
			for i, part := range parts {
				if i < len(dispatch) && dispatch[i]&1 == 1 && p.Dispatch() {
					state = events.ListenerBusy
				}
				for _, o := range p.Feed(part) {
					got = append(got, o.String())
					switch o.Kind {
					case events.OutcomeState:
						if o.From != state {
							t.Fatalf("transition from %s while in %s", o.From, state)
						}
						state = o.To
					case events.OutcomeFinished:
						if state == events.ListenerBusy {
							t.Fatalf("event finished while still BUSY")
						}
					}
				}
				if p.State() != state {
					t.Fatalf("State() = %s, outcomes say %s", p.State(), state)
				}
			}
			return got
		}
		run(chunks(data, cuts), dispatch)
		whole := run([][]byte{data}, nil)
		split := run(chunks(data, cuts), nil)
		if !reflect.DeepEqual(whole, split) {
			t.Fatalf("split input changed the outcome:\nwhole %q\nsplit %q", whole, split)
		}
	})
}

// FuzzCapture: no panic, and no byte lost: the logged segments, with the
// tokens put back where they were consumed, followed by Pending, are the
// input. With a bound larger than the input, each comm event is exactly the
// captured segments since the begin token.
func FuzzCapture(f *testing.F) {
	b, e := events.BeginToken, events.EndToken
	f.Add([]byte("a"+b+"bc"+e+"d"+b+"e"), []byte{5, 30, 2}, uint16(1000))
	f.Add([]byte(b+e+b+e+"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), []byte{23, 1}, uint16(3))
	f.Add([]byte("<!--XSUPERVISOR:BEGIN<!--XSUPERVISOR:BEGIN-->"), []byte{}, uint16(0))
	f.Fuzz(func(t *testing.T, data, cuts []byte, maxBytes uint16) {
		c := events.NewCapture(int(maxBytes), nil)
		var rebuilt, captured []byte
		for _, part := range chunks(data, cuts) {
			for _, o := range c.Feed(part) {
				switch o.Kind {
				case events.CaptureLog:
					rebuilt = append(rebuilt, o.Data...)
					if o.Captured {
						captured = append(captured, o.Data...)
					}
				case events.CaptureBegin:
					rebuilt = append(rebuilt, b...)
					captured = captured[:0]
				case events.CaptureEnd:
					rebuilt = append(rebuilt, e...)
					if int(maxBytes) >= len(data) && !bytes.Equal(o.Data, captured) {
						t.Fatalf("comm data %q, captured %q", o.Data, captured)
					}
				}
			}
		}
		rebuilt = append(rebuilt, c.Pending()...)
		if !bytes.Equal(rebuilt, data) {
			t.Fatalf("lost bytes:\n got %q\nwant %q", rebuilt, data)
		}
	})
}
