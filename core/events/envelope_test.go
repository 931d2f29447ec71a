package events_test

import (
	"encoding/json"
	"math"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/gosupervisord/gosupervisord/core/events"
)

// TestEnvelopesMatchReference rebuilds every envelope the reference sent to
// testdata/recorder.py (testdata/capture_envelopes.py) from plain values and
// compares bytes (EVT-ENV-001/002, EVT-PAY-001..013). Pids and TICK times vary
// between runs, so those are read back from the captured payload; serials are
// the captured ones (the loop's business, EVT-SER).
func TestEnvelopesMatchReference(t *testing.T) {
	raw, err := os.ReadFile("testdata/reference_envelopes.json")
	if err != nil {
		t.Fatal(err)
	}
	var captured []string
	if err := json.Unmarshal(raw, &captured); err != nil {
		t.Fatal(err)
	}
	ps := func(to, proc, from string, f events.ProcessStateFields) func(pid, when int64) events.Event {
		return func(pid, _ int64) events.Event {
			f.Process, f.Group, f.From, f.PID = proc, proc, from, int(pid)
			e, err := events.ProcessState(to, f)
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
	}
	plog := func(ch, data string) func(pid, when int64) events.Event {
		return func(pid, _ int64) events.Event {
			e, err := events.ProcessLog(ch, "chatty", "chatty", int(pid), []byte(data))
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
	}
	pcomm := func(ch, data string) func(pid, when int64) events.Event {
		return func(pid, _ int64) events.Event {
			e, err := events.ProcessCommunication(ch, "chatty", "chatty", int(pid), []byte(data))
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
	}
	fixed := func(e events.Event) func(pid, when int64) events.Event {
		return func(int64, int64) events.Event { return e }
	}
	tick := func(pid, when int64) events.Event {
		e, err := events.Tick(5, when)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	type F = events.ProcessStateFields
	chattyOut := "plain t\u00e9 \u20ac\nbefore"
	chattyCap := "captured d\u00e9\nline2"
	want := []func(pid, when int64) events.Event{
		fixed(events.ProcessGroupAdded("rec")),
		fixed(events.ProcessGroupAdded("chatty")),
		fixed(events.ProcessGroupAdded("fastfail")),
		fixed(events.ProcessGroupAdded("oneshot")),
		fixed(events.SupervisorRunning()),
		ps("STARTING", "rec", "STOPPED", F{}),
		ps("STARTING", "chatty", "STOPPED", F{}),
		ps("STARTING", "fastfail", "STOPPED", F{}),
		ps("STARTING", "oneshot", "STOPPED", F{}),
		ps("RUNNING", "chatty", "STARTING", F{}),
		ps("RUNNING", "oneshot", "STARTING", F{}),
		ps("BACKOFF", "fastfail", "STARTING", F{Tries: 1}),
		ps("EXITED", "oneshot", "RUNNING", F{Expected: false}),
		plog("stdout", chattyOut),
		plog("stdout", chattyCap),
		pcomm("stdout", chattyCap),
		plog("stderr", "bad \xff\xfe bytes\n"),
		plog("stderr", "\xff raw"),
		pcomm("stderr", "\xff raw"),
		ps("RUNNING", "rec", "STARTING", F{}),
		tick,
		ps("STARTING", "fastfail", "BACKOFF", F{Tries: 1}),
		ps("BACKOFF", "fastfail", "STARTING", F{Tries: 2}),
		ps("FATAL", "fastfail", "BACKOFF", F{}),
		fixed(events.RemoteCommunication("t\u00e9", "d\u00e9\u20ac")),
		fixed(events.RemoteCommunication("plain", "line1\nline2\n")),
		ps("STOPPING", "chatty", "RUNNING", F{}),
		ps("STOPPED", "chatty", "STOPPING", F{}),
		fixed(events.ProcessGroupRemoved("chatty")),
		fixed(events.ProcessGroupAdded("chatty")),
		ps("STARTING", "chatty", "STOPPED", F{}),
		ps("RUNNING", "chatty", "STARTING", F{}),
		plog("stdout", chattyOut),
		plog("stdout", chattyCap),
		pcomm("stdout", chattyCap),
		plog("stderr", "bad \xff\xfe bytes\n"),
		plog("stderr", "\xff raw"),
		pcomm("stderr", "\xff raw"),
		tick,
		fixed(events.SupervisorStopping()),
		ps("STOPPING", "chatty", "RUNNING", F{}),
	}
	if len(captured) != len(want) {
		t.Fatalf("%d captured envelopes, table has %d", len(captured), len(want))
	}
	header := regexp.MustCompile(`^ver:3\.0 server:(\S+) serial:(\d+) pool:(\S+) poolserial:(\d+) eventname:\S+ len:\d+\n`)
	pidRe := regexp.MustCompile(`pid:(\d+)`)
	whenRe := regexp.MustCompile(`when:(\d+)`)
	num := func(re *regexp.Regexp, s string) int64 {
		m := re.FindStringSubmatch(s)
		if m == nil {
			return 0
		}
		n, _ := strconv.ParseInt(m[1], 10, 64)
		return n
	}
	for i, c := range captured {
		h := header.FindStringSubmatch(c)
		if h == nil {
			t.Errorf("#%d: bad header in %q", i, c)
			continue
		}
		serial, _ := strconv.ParseInt(h[2], 10, 64)
		poolSerial, _ := strconv.ParseInt(h[4], 10, 64)
		body := c[len(h[0]):]
		e := want[i](num(pidRe, body), num(whenRe, body))
		got := string(events.Envelope(h[1], serial, h[3], poolSerial, e))
		if got != c {
			t.Errorf("#%d:\n got %q\nwant %q", i, got, c)
		}
	}
}

// TestEnvelopeLenCountsCodePoints pins EVT-ENV-002's observed example:
// "type:té\ndé€" is 15 bytes sent with len:11.
func TestEnvelopeLenCountsCodePoints(t *testing.T) {
	e := events.RemoteCommunication("t\u00e9", "d\u00e9\u20ac")
	got := string(events.Envelope("supervisor", 3, "listener", 1, e))
	want := "ver:3.0 server:supervisor serial:3 pool:listener poolserial:1 eventname:REMOTE_COMMUNICATION len:11\ntype:t\u00e9\nd\u00e9\u20ac"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if n := len(e.Payload); n != 15 {
		t.Errorf("payload is %d bytes, want 15", n)
	}
}

// TestPayloads pins the payloads the reference capture does not reach,
// following EVT-PAY-002..012.
func TestPayloads(t *testing.T) {
	ps := func(to string, f events.ProcessStateFields) string {
		e, err := events.ProcessState(to, f)
		if err != nil {
			t.Fatal(err)
		}
		return e.Payload
	}
	base := events.ProcessStateFields{Process: "p", Group: "g", From: "BACKOFF", Tries: 3, Expected: true, PID: 7}
	tests := []struct{ got, want string }{
		{ps("STOPPED", events.ProcessStateFields{Process: "p", Group: "g", From: "BACKOFF"}), "processname:p groupname:g from_state:BACKOFF pid:0"},
		{ps("EXITED", base), "processname:p groupname:g from_state:BACKOFF expected:1 pid:7"},
		{ps("UNKNOWN", base), "processname:p groupname:g from_state:BACKOFF"},
		{ps("FATAL", base), "processname:p groupname:g from_state:BACKOFF"},
		{ps("STARTING", base), "processname:p groupname:g from_state:BACKOFF tries:3"},
		{ps("STOPPING", base), "processname:p groupname:g from_state:BACKOFF pid:7"},
		{events.SupervisorRunning().Payload, ""},
		{events.ProcessGroupRemoved("web").Payload, "groupname:web\n"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("#%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
	if _, err := events.ProcessState("RUNNING_FAST", base); err == nil {
		t.Error("ProcessState accepted an unknown state name")
	}
	if _, err := events.ProcessLog("stdin", "p", "g", 1, nil); err == nil {
		t.Error("ProcessLog accepted channel stdin")
	}
}

func TestNextSerial(t *testing.T) {
	if got := events.NextSerial(events.InitialSerial); got != 0 {
		t.Errorf("first serial = %d, want 0", got)
	}
	if got := events.NextSerial(41); got != 42 {
		t.Errorf("NextSerial(41) = %d", got)
	}
	if got := events.NextSerial(math.MaxInt64); got != 0 {
		t.Errorf("NextSerial(MaxInt64) = %d, want 0 (EVT-SER-001)", got)
	}
}

func BenchmarkAppendEnvelope(b *testing.B) {
	e, err := events.ProcessState("RUNNING", events.ProcessStateFields{Process: "web", Group: "web", From: "STARTING", PID: 12345})
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		buf = events.AppendEnvelope(buf[:0], "supervisor", int64(i), "listener", int64(i), e)
	}
}
