package events

import (
	"bytes"
	"strconv"

	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
)

// ListenerState is an event listener process's protocol state. Codes and
// names are the reference's (supervisor/states.py, EventListenerStates); the
// names appear in log lines (EVT-LST-001).
type ListenerState int

// Listener states. A listener starts each spawn in ListenerAcknowledged.
const (
	ListenerReady        ListenerState = 10
	ListenerBusy         ListenerState = 20
	ListenerAcknowledged ListenerState = 30
	ListenerUnknown      ListenerState = 40
)

func (s ListenerState) String() string {
	switch s {
	case ListenerReady:
		return "READY"
	case ListenerBusy:
		return "BUSY"
	case ListenerAcknowledged:
		return "ACKNOWLEDGED"
	case ListenerUnknown:
		return "UNKNOWN"
	}
	// The reference's lookup yields None for an unknown code.
	return "None"
}

// Verdict is what a result handler decides about a listener's result body.
type Verdict int

// Verdicts, named after the reference's three outcomes of calling the
// pool's result_handler: it returns (processed), raises RejectEvent
// (rejected), or raises anything else (error).
const (
	VerdictProcessed Verdict = iota
	VerdictRejected
	VerdictError
)

func (v Verdict) String() string {
	switch v {
	case VerdictProcessed:
		return "processed"
	case VerdictRejected:
		return "rejected"
	}
	return "error"
}

// ResultHandler judges a result body. It must not block: it runs inside
// [Protocol.Feed], on the loop.
type ResultHandler func(body []byte) Verdict

// DefaultHandler is supervisor.dispatchers:default_handler: a body of exactly
// "OK" is processed, anything else (FAIL, HELLO, an empty body) is rejected
// (EVT-PROTO-004).
func DefaultHandler(body []byte) Verdict {
	if string(body) == "OK" {
		return VerdictProcessed
	}
	return VerdictRejected
}

// Level is the main-log level of a line the protocol asks the loop to write.
type Level int

// Levels used by the protocol's log lines (the reference's DEBG and WARN).
const (
	LevelDebug Level = 10
	LevelWarn  Level = 30
)

func (l Level) String() string {
	if l == LevelWarn {
		return "WARN"
	}
	return "DEBG"
}

// OutcomeKind says what an [Outcome] asks of the loop.
type OutcomeKind int

// Outcome kinds, in the order the loop must act on them (Feed returns them in
// the reference's order).
const (
	// OutcomeLog: write Text at Level to the main log.
	OutcomeLog OutcomeKind = iota + 1
	// OutcomeState: the listener state changed From -> To. State() already
	// reports To; the DEBG line for it comes as an OutcomeLog just before,
	// and entering UNKNOWN is followed by the WARN line (EVT-PROTO-006).
	OutcomeState
	// OutcomeResult: a complete result Body was read and the handler said
	// Verdict. Informational; the lines and the state change follow.
	OutcomeResult
	// OutcomeFinished: the event in flight (the one handed over with
	// Dispatch) is done. If Rejected, the loop now rejects it (EVT-REJ-001:
	// every pool's handle_rejected, in pool subscription order, re-buffers it
	// at the head; EVT-REJ-002 QUIRK: a pool counts the rejecting process as
	// its own when any of its processes has the same priority). Either way
	// the loop then forgets the event in flight.
	OutcomeFinished
	// OutcomeStalled: a negative result length was followed by data. The
	// reference recurses without end here, hits Python's recursion limit,
	// logs CRIT "uncaptured python exception, closing channel ..." and closes
	// the listener's stdout. The loop logs CRIT and stops reading that
	// stdout; the listener stays BUSY with its event in flight (redelivered
	// when it exits, EVT-REJ-001). Feed ignores all later input.
	// Differs from the reference: the CRIT text carries no Python traceback
	// (EVT-PROTO-003).
	OutcomeStalled
)

// Outcome is one thing the loop must do after feeding listener output. Only
// the fields named by Kind are set.
type Outcome struct {
	Kind     OutcomeKind
	Level    Level         // OutcomeLog
	Text     string        // OutcomeLog
	From, To ListenerState // OutcomeState
	Body     []byte        // OutcomeResult
	Verdict  Verdict       // OutcomeResult
	Rejected bool          // OutcomeFinished
}

// Protocol parses one listener process's stdout as the reference's
// PEventListenerDispatcher does (EVT-PROTO). It is a plain value owned by the
// loop, one per spawn (a respawn starts over in ACKNOWLEDGED, EVT-PROTO-007);
// it does no I/O and keeps no event: the event in flight is the loop's.
//
// The loop's duties around it:
//   - feed every chunk read from the listener's stdout, split anywhere, and act
//     on the outcomes in order; before feeding, it logs [ListenerEcho] at DEBG
//     and writes the raw chunk to the listener's stdout log (EVT-PROTO-008);
//   - dispatch only to a process that is RUNNING and whose State() is READY:
//     write the envelope, then call Dispatch, then log DEBG
//     "event <serial> sent to listener <name>" (EVT-BUF-002). On EPIPE it
//     calls nothing and tries the next listener (EVT-BUF-003);
//   - when the process is reaped while an event is in flight, reject that
//     event as for OutcomeFinished with Rejected (EVT-REJ-001) and forget it;
//     nothing is redelivered for a listener that exits in another state
//     (EVT-REJ-003).
//
// Reference: supervisor/dispatchers.py (PEventListenerDispatcher,
// default_handler).
type Protocol struct {
	name    string
	handler ResultHandler
	state   ListenerState
	buf     []byte // state_buffer: bytes not yet consumed
	haveLen bool   // a RESULT line was read; body pending
	bodyLen int64
	body    []byte
	stalled bool
	out     []Outcome
}

// NewProtocol returns the parser for a fresh spawn of the listener process
// name, in ACKNOWLEDGED (EVT-LST-001). handler judges result bodies; nil means
// [DefaultHandler].
func NewProtocol(name string, handler ResultHandler) *Protocol {
	if handler == nil {
		handler = DefaultHandler
	}
	return &Protocol{name: name, handler: handler, state: ListenerAcknowledged}
}

// State is the current listener state.
func (p *Protocol) State() ListenerState { return p.state }

// Buffered is how many bytes are held waiting for more input.
func (p *Protocol) Buffered() int { return len(p.buf) + len(p.body) }

// Dispatch records that an envelope was written to the listener: READY ->
// BUSY, which the reference does without the state-change log line. It
// returns false, changing nothing, unless the state is READY.
func (p *Protocol) Dispatch() bool {
	if p.state != ListenerReady {
		return false
	}
	p.state = ListenerBusy
	return true
}

// readyToken is what a listener writes when it wants an event.
const readyToken = "READY\n"

// resultPrefixLen is how many bytes of a result line the reference skips
// before the length, without looking at them (they should be "RESULT ").
const resultPrefixLen = len("RESULT ")

// Feed processes a chunk of the listener's stdout and returns what the loop
// must do, in order. An empty chunk (EOF) only re-examines held bytes, which
// never yields anything new. The returned slice is valid until the next call.
func (p *Protocol) Feed(data []byte) []Outcome {
	p.out = p.out[:0]
	if p.stalled {
		return nil
	}
	p.buf = append(p.buf, data...)
	for len(p.buf) > 0 && p.step() {
	}
	if len(p.buf) == 0 {
		p.buf = p.buf[:0:0] // drop a large backing array
	}
	return p.out
}

// step handles what is buffered in the current state and reports whether to
// go on (the reference recurses while bytes remain).
func (p *Protocol) step() bool {
	switch p.state {
	case ListenerUnknown: // terminal: input discarded (EVT-PROTO-007)
		p.buf = nil
		return false
	case ListenerAcknowledged: // EVT-PROTO-001
		if len(p.buf) < len(readyToken) {
			return false
		}
		if string(p.buf[:len(readyToken)]) == readyToken {
			p.transition(ListenerReady)
			p.buf = p.buf[len(readyToken):]
		} else {
			p.transition(ListenerUnknown)
			p.buf = nil
		}
		return true
	case ListenerReady: // spurious data (EVT-PROTO-002)
		p.transition(ListenerUnknown)
		p.buf = nil
		return false
	case ListenerBusy:
		if !p.haveLen {
			return p.resultLine()
		}
		return p.resultBody()
	}
	p.buf = nil
	return false
}

// resultLine reads "RESULT <len>\n" (EVT-PROTO-003).
func (p *Protocol) resultLine() bool {
	i := bytes.IndexByte(p.buf, '\n')
	if i < 0 {
		return false
	}
	line := p.buf[:i]
	n, ok := parseResultLen(line[min(resultPrefixLen, len(line)):])
	if !ok {
		p.log(LevelWarn, p.name+": bad result line: '"+DecodeOutput(line)+"'")
		p.transition(ListenerUnknown)
		p.buf = nil
		p.finish(true)
		return false
	}
	p.buf = p.buf[i+1:]
	p.haveLen, p.bodyLen = true, n
	return true
}

// resultBody collects the body and runs the handler (EVT-PROTO-004). A zero
// length completes only when more bytes arrive, as in the reference, which
// looks at the body only while bytes are buffered.
func (p *Protocol) resultBody() bool {
	if p.bodyLen < 0 {
		p.stalled = true
		p.buf = nil
		p.out = append(p.out, Outcome{Kind: OutcomeStalled})
		return false
	}
	if need := p.bodyLen - int64(len(p.body)); need > 0 {
		take := int(min(need, int64(len(p.buf))))
		p.body = append(p.body, p.buf[:take]...)
		p.buf = p.buf[take:]
	}
	if int64(len(p.body)) < p.bodyLen {
		return true // len(p.buf) is 0: wait for more
	}
	body := p.body
	p.body, p.haveLen, p.bodyLen = nil, false, 0
	v := p.handler(body)
	p.out = append(p.out, Outcome{Kind: OutcomeResult, Body: body, Verdict: v})
	switch v {
	case VerdictProcessed:
		p.log(LevelDebug, p.name+": event was processed")
		p.transition(ListenerAcknowledged)
		p.finish(false)
	case VerdictRejected:
		p.log(LevelWarn, p.name+": event was rejected")
		p.transition(ListenerAcknowledged)
		p.finish(true)
	default:
		p.log(LevelWarn, p.name+": event caused an error")
		p.transition(ListenerUnknown)
		p.finish(true)
	}
	return true
}

func (p *Protocol) log(l Level, text string) {
	p.out = append(p.out, Outcome{Kind: OutcomeLog, Level: l, Text: text})
}

func (p *Protocol) finish(rejected bool) {
	p.out = append(p.out, Outcome{Kind: OutcomeFinished, Rejected: rejected})
}

// transition is the reference's _change_listener_state (EVT-PROTO-006).
func (p *Protocol) transition(to ListenerState) {
	from := p.state
	p.log(LevelDebug, p.name+": "+from.String()+" -> "+to.String())
	p.state = to
	p.out = append(p.out, Outcome{Kind: OutcomeState, From: from, To: to})
	if to == ListenerUnknown {
		p.log(LevelWarn, p.name+": has entered the UNKNOWN state and will no longer receive events, "+
			"this usually indicates the process violated the eventlistener protocol")
	}
}

// ListenerEcho is the DEBG main-log line for a chunk read from a listener's
// stdout: the name's Python repr, then the chunk as a Python bytes repr
// (PROC-MLOG-014 QUIRK: "'listen' stdout output:\nb'READY\\n'"). The loop
// logs it for every non-empty chunk, before feeding it (EVT-PROTO-008).
func ListenerEcho(name string, data []byte) string {
	return pyfmt.Repr(name) + " stdout output:\n" + pyfmt.ReprBytes(data)
}

// String renders an outcome for tests and debugging.
func (o Outcome) String() string {
	switch o.Kind {
	case OutcomeLog:
		return o.Level.String() + " " + o.Text
	case OutcomeState:
		return "state " + o.From.String() + " -> " + o.To.String()
	case OutcomeResult:
		return "result " + strconv.Quote(string(o.Body)) + " " + o.Verdict.String()
	case OutcomeFinished:
		if o.Rejected {
			return "finished rejected"
		}
		return "finished"
	case OutcomeStalled:
		return "stalled"
	}
	return "Outcome(" + strconv.Itoa(int(o.Kind)) + ")"
}
