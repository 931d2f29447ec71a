// Package events is the event system's pure part: the event types and the
// subscription hierarchy ([Type], EVT-TYPE), the payloads ([ProcessState],
// [ProcessLog], [RemoteCommunication], ..., EVT-PAY), the byte-exact envelope
// ([AppendEnvelope], EVT-ENV), the serial rules ([NextSerial], EVT-SER), the
// listener protocol parser ([Protocol], EVT-PROTO/EVT-LST) and the capture-mode
// token scanner ([Capture], PROC-CAP). Existing Python listeners
// (supervisor.childutils, superlance) read our envelopes, so every byte is the
// reference's.
//
// The package has no state of its own. [Protocol], [Capture] and [Ticks] are
// plain values the supervisor loop owns, one per listener spawn, output
// channel and run respectively; pools, their buffers and the serial counters
// are the loop's too. What the loop must do with them:
//
//   - Delivery. For each event, walk the pools in subscription (creation)
//     order; a pool accepts the event [Matches] times (EVT-TYPE-002 QUIRK).
//     Nobody subscribed: nothing happens, no serial is used (EVT-TYPE-003).
//   - Serials. Start counters at [InitialSerial]. On the first acceptance by
//     any pool the event takes NextSerial(global); on its first acceptance by
//     a given pool, NextSerial(that pool's counter). Later acceptances keep
//     both and log DEBG "rebuffering event <serial> for pool <pool> (buf
//     size=<len>, max=<buffer_size>)" (EVT-SER-001/002, EVT-BUF-004). The
//     global counter survives restarts; a pool's is new with the pool.
//   - Buffering. Acceptance appends to the pool's FIFO; re-buffering after a
//     failed dispatch or a rejection inserts at the head. In both cases, if
//     the buffer already holds buffer_size events, first drop the oldest and
//     log ERRO "pool <pool> event buffer overflowed, discarding event
//     <serial>" (EVT-BUF-001/004).
//   - Dispatch (EVT-BUF-002). After the pool's processes transition, if one
//     is RUNNING with [Protocol.State] READY: pop the oldest event, write
//     [AppendEnvelope] to the first such process (creation order), call
//     [Protocol.Dispatch], log DEBG "event <serial> sent to listener <name>";
//     repeat. When no listener takes it, re-buffer it at the head and stop.
//     EPIPE: DEBG "epipe occurred while sending event <serial> to listener
//     <name>, listener state unchanged" and try the next process (EVT-BUF-003).
//   - Rejection (EVT-REJ). On [OutcomeFinished] with Rejected, or when a
//     process with an event in flight is reaped, every pool containing a
//     process of the same priority as the listener re-buffers the event at
//     the head (EVT-REJ-002 QUIRK: the reference compares processes by
//     priority), taking a poolserial if that pool never had the event.
//
// Callers: core/supervisor only. Imports: compat/ and the standard library
// (STYLE.md §1); nothing from core/supervisor, so constructors take names,
// state names, pids and bytes.
//
// testdata/capture_envelopes.py runs the reference with testdata/recorder.py
// (a listener that stores raw stdin bytes) and pins the envelopes in
// testdata/reference_envelopes.json; testdata/dispatchers_ref.py drives the
// reference's PEventListenerDispatcher and POutputDispatcher and pins them in
// testdata/dispatchers_golden.json. The tests replay both.
//
// Reference: supervisor/events.py, supervisor/process.py (EventListenerPool),
// supervisor/dispatchers.py (PEventListenerDispatcher, POutputDispatcher,
// default_handler), supervisor/supervisord.py (tick, timeslice).
package events
