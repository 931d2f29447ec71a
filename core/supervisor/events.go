package supervisor

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/core/events"
	"github.com/gosupervisord/gosupervisord/core/logs"
)

// pool is an event listener pool: the reference's EventListenerPool. It is
// loop-owned, created with its group and subscribed from then on.
type pool struct {
	group   *Group
	subs    []events.Type
	buffer  []*queued
	serial  int64 // last pool serial handed out
	handler events.ResultHandler
	// stalled is set when a dispatch found READY listeners but could write
	// to none (EPIPE); the pool then retries after a second, not at once.
	stalled bool
}

// queued is one event on its way to listeners, with the serials the
// reference attaches on first acceptance (EVT-SER).
type queued struct {
	ev          events.Event
	serial      int64
	hasSerial   bool
	poolSerials []poolSerial // per pool that accepted it; a few at most
}

type poolSerial struct {
	pool   string
	serial int64
}

// poolSerial is the event's serial in the pool called name.
func (q *queued) poolSerial(name string) (int64, bool) {
	for _, ps := range q.poolSerials {
		if ps.pool == name {
			return ps.serial, true
		}
	}
	return 0, false
}

// newPool subscribes a listener group's pool (EventListenerPool.__init__).
func (st *State) newPool(g *Group) {
	pl := &pool{group: g, serial: events.InitialSerial, handler: st.resultHandler(g.Config.ResultHandler)}
	for _, name := range g.Config.Events {
		if t, ok := events.ParseType(name); ok {
			pl.subs = append(pl.subs, t)
		}
	}
	st.pools = append(st.pools, pl)
}

// dropPool unsubscribes g's pool (before_remove).
func (st *State) dropPool(g *Group) {
	for i, pl := range st.pools {
		if pl.group == g {
			st.pools = append(st.pools[:i], st.pools[i+1:]...)
			return
		}
	}
}

// resultHandler returns the handler named by result_handler (CFG-EVL-005).
func (st *State) resultHandler(spec string) events.ResultHandler {
	if spec == "supervisor_stdout:event_handler" {
		return stdoutHandler(st.sup.stdout)
	}
	return events.DefaultHandler
}

// stdoutHandler is supervisor_stdout's event_handler, provided natively:
// the listener answers each event with its PROCESS_LOG payload, and every
// line of the data is printed on supervisord's stdout as
// "<processname> <channel> | <line>".
func stdoutHandler(w io.Writer) events.ResultHandler {
	return func(body []byte) events.Verdict {
		head, data, ok := bytes.Cut(body, []byte("\n"))
		if !ok {
			return events.VerdictError
		}
		headers := map[string]string{}
		for _, tok := range strings.Fields(string(head)) {
			if k, v, ok := strings.Cut(tok, ":"); ok {
				headers[k] = v
			}
		}
		if w == nil {
			return events.VerdictProcessed
		}
		prefix := headers["processname"] + " " + headers["channel"] + " | "
		var out strings.Builder
		for i, line := range strings.Split(string(data), "\n") {
			if i > 0 {
				out.WriteByte('\n')
			}
			out.WriteString(prefix + line)
		}
		out.WriteByte('\n')
		io.WriteString(w, out.String())
		return events.VerdictProcessed
	}
}

// notify is the reference's events.notify: every subscription of every
// pool, in subscription order, accepts the event (EVT-TYPE-002: overlapping
// subscriptions accept it more than once).
func (st *State) notify(ev events.Event) {
	if len(st.pools) == 0 {
		return
	}
	q := &queued{ev: ev}
	for _, pl := range st.pools { // accept never adds or drops a pool
		for n := events.Matches(pl.subs, ev.Type); n > 0; n-- {
			st.accept(pl, q, false)
		}
	}
}

func (st *State) notifyErr(ev events.Event, err error) {
	if err != nil {
		st.log(datatypes.LevelCritical, "cannot build event: "+err.Error())
		return
	}
	st.notify(ev)
}

// accept is the reference's _acceptEvent (EVT-SER, EVT-BUF).
func (st *State) accept(pl *pool, q *queued, head bool) {
	name := pl.group.Config.Name
	if !q.hasSerial {
		st.evSerial = events.NextSerial(st.evSerial)
		q.serial, q.hasSerial = st.evSerial, true
	}
	if _, ok := q.poolSerial(name); !ok {
		pl.serial = events.NextSerial(pl.serial)
		q.poolSerials = append(q.poolSerials, poolSerial{name, pl.serial})
	} else {
		st.logf(datatypes.LevelDebug, "rebuffering event %d for pool %s (buf size=%d, max=%d)", q.serial, name, len(pl.buffer), pl.group.Config.BufferSize)
	}
	if len(pl.buffer) >= pl.group.Config.BufferSize && len(pl.buffer) > 0 {
		dropped := pl.buffer[0]
		pl.buffer = pl.buffer[1:]
		st.log(datatypes.LevelError, fmt.Sprintf("pool %s event buffer overflowed, discarding event %d", name, dropped.serial))
	}
	if head {
		pl.buffer = append([]*queued{q}, pl.buffer...)
	} else {
		pl.buffer = append(pl.buffer, q)
	}
}

// rejected is the reference's EventRejectedEvent handling: every pool
// holding a process of the same priority as the listener puts the event
// back at its head (EVT-REJ-002: Subprocess equality compares priorities).
func (st *State) rejected(listener *Process, q *queued) {
	for _, pl := range append([]*pool(nil), st.pools...) {
		for _, p := range pl.group.Processes {
			if p.Config.Priority == listener.Config.Priority {
				st.accept(pl, q, true)
				break
			}
		}
	}
}

// capable reports whether one of the pool's listeners could take an event
// now: RUNNING and READY.
func (pl *pool) capable() bool {
	for _, p := range pl.group.Processes {
		if p.state == ProcessRunning && p.proto != nil && p.proto.State() == events.ListenerReady {
			return true
		}
	}
	return false
}

// dispatchDue reports whether some pool holds events a listener could take
// now; the loop then runs another pass at once instead of waiting for a
// tick (events buffered by a reap come after that pass's dispatch).
func (st *State) dispatchDue() bool {
	for _, pl := range st.pools {
		if len(pl.buffer) > 0 && pl.capable() && !pl.stalled {
			return true
		}
	}
	return false
}

// dispatchRetry is when a stalled pool tries again (zero: none is stalled).
func (st *State) dispatchRetry() time.Time {
	for _, pl := range st.pools {
		if pl.stalled && len(pl.buffer) > 0 {
			return st.now.Add(time.Second)
		}
	}
	return time.Time{}
}

// dispatch is the pool's transition after its processes': when a listener
// is READY, send buffered events until none can be placed.
func (st *State) dispatch(pl *pool) {
	if !pl.capable() {
		return
	}
	pl.stalled = false
	for len(pl.buffer) > 0 {
		q := pl.buffer[0]
		pl.buffer = pl.buffer[1:]
		if !st.dispatchOne(pl, q) {
			st.accept(pl, q, true)
			pl.stalled = pl.capable() // READY listeners, but none took it
			return
		}
	}
}

// dispatchOne is _dispatchEvent: the first RUNNING, READY listener gets it.
func (st *State) dispatchOne(pl *pool, q *queued) bool {
	name := pl.group.Config.Name
	for _, p := range pl.group.Processes {
		if p.state != ProcessRunning || p.proto == nil || p.proto.State() != events.ListenerReady {
			continue
		}
		ps, _ := q.poolSerial(name)
		env := events.Envelope(st.identifier, q.serial, name, ps, q.ev)
		st.flushForks() // a listener hears of a spawn after its fork
		if p.stdin == nil || p.stdin.send(env) != nil {
			st.logf(datatypes.LevelDebug, "epipe occurred while sending event %d to listener %s, listener state unchanged", q.serial, p.Name())
			continue
		}
		p.proto.Dispatch()
		p.inflight = q
		st.logf(datatypes.LevelDebug, "event %d sent to listener %s", q.serial, p.Name())
		return true
	}
	return false
}

// listenerOutput handles a chunk of a listener's stdout: the protocol
// channel (EVT-PROTO-008).
func (st *State) listenerOutput(p *Process, data []byte) {
	if st.logging(datatypes.LevelDebug) {
		st.log(datatypes.LevelDebug, events.ListenerEcho(p.Name(), data))
	}
	// The pump has logged data already (output.go).
	if p.proto == nil {
		return
	}
	for _, o := range p.proto.Feed(data) {
		switch o.Kind {
		case events.OutcomeLog:
			st.log(int(o.Level), o.Text)
		case events.OutcomeFinished:
			if o.Rejected && p.inflight != nil {
				st.rejected(p, p.inflight)
			}
			p.inflight = nil
		case events.OutcomeStalled:
			st.log(datatypes.LevelCritical, fmt.Sprintf("event listener %s sent a result length it cannot have; no longer reading its results", p.Name()))
		}
	}
}

// processOutput handles a chunk of a process channel that needs the loop:
// capture mode or *_events_enabled (PROC-CAP, EVT-EMIT-005/006).
func (st *State) processOutput(p *Process, channel string, data []byte) {
	lc, log := p.Config.Stdout, p.stdout
	idx := 0
	if channel == events.ChannelStderr {
		lc, log, idx = p.Config.Stderr, p.stderr, 1
	}
	outs := []events.CaptureOutput{{Kind: events.CaptureLog, Data: data}}
	if c := p.capture[idx]; c != nil {
		outs = c.Feed(data)
	}
	group := p.Group.Config.Name
	for _, o := range outs {
		switch o.Kind {
		case events.CaptureLog:
			if !o.Captured && log != nil {
				log.Write(append([]byte(nil), o.Data...))
			}
			if lc.EventsEnabled {
				text := o.Data
				if st.sup.cfg.Supervisord.StripANSI {
					text = logs.StripANSI(text)
				}
				ev, err := events.ProcessLog(channel, p.Name(), group, p.pid, text)
				st.notifyErr(ev, err)
			}
		case events.CaptureEnd:
			ev, err := events.ProcessCommunication(channel, p.Name(), group, p.pid, o.Data)
			st.notifyErr(ev, err)
			st.logf(datatypes.LevelDebug, "'%s' %s emitted a comm event", p.Name(), channel)
		}
	}
}

// routed reports whether a channel's output must pass through the loop.
func routed(kind config.GroupKind, channel string, lc config.LogConfig) bool {
	if kind == config.GroupEventListener && channel == events.ChannelStdout {
		return true
	}
	return lc.EventsEnabled || lc.CaptureMaxBytes > 0
}

// tick emits the TICK events that fell due (EVT-EMIT-004).
func (st *State) tick() {
	if !st.wantsTicks() {
		return
	}
	for _, ev := range st.ticks.Due(st.now) {
		st.notify(ev)
	}
}

func (st *State) wantsTicks() bool {
	for _, pl := range st.pools {
		for _, t := range pl.subs {
			for _, tick := range []events.Type{events.TypeTick5, events.TypeTick60, events.TypeTick3600} {
				if events.Matches([]events.Type{t}, tick) > 0 {
					return true
				}
			}
		}
	}
	return false
}

// nextTick is when the next TICK_5 slice begins, if any pool wants ticks.
func (st *State) nextTick() time.Time {
	if !st.wantsTicks() {
		return time.Time{}
	}
	return time.Unix(events.Timeslice(5, st.now)+5, 0)
}

// stateEvent emits PROCESS_STATE_<to> for p (EVT-EMIT-001).
func (st *State) stateEvent(p *Process, from, to ProcessState, expected bool) {
	if len(st.pools) == 0 {
		return
	}
	ev, err := events.ProcessState(to.String(), events.ProcessStateFields{
		Process: p.Name(), Group: p.Group.Config.Name, From: from.String(),
		Tries: p.backoff, Expected: expected, PID: p.pid,
	})
	st.notifyErr(ev, err)
}

// SendRemoteCommEvent is sendRemoteCommEvent (RPC-SUP-030, EVT-EMIT-007).
func (st *State) SendRemoteCommEvent(typ, data string) {
	st.notify(events.RemoteCommunication(typ, data))
}
