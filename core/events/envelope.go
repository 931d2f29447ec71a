package events

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// InitialSerial is the value of a fresh serial counter: the global one at
// supervisord start-up (never reset by restarts) and a pool's one when the pool
// is created (EVT-SER-001/002). The first serial handed out is therefore 0.
const InitialSerial int64 = -1

// NextSerial is the serial after last: last+1, wrapping from the platform's
// maximum int (sys.maxsize, math.MaxInt64 here) to 0, as the reference's
// new_serial does (EVT-SER-001).
//
// The loop keeps two kinds of counters and applies them like this:
//   - global: when an event is accepted by a pool and has no serial yet, it
//     gets NextSerial(global). Events nobody subscribes to take none.
//   - per pool: when a pool accepts an event it has never accepted before, the
//     event gets NextSerial(pool) for that pool. Re-acceptances (EVT-TYPE-002
//     duplicates, re-buffering after a failed dispatch or a rejection) keep
//     the serials the event already has. EVT-REJ-002 can make a pool that was
//     never subscribed accept an event: it takes a fresh poolserial then.
//
// Reference: supervisor/process.py (new_serial, GlobalSerial,
// EventListenerPool._acceptEvent).
func NextSerial(last int64) int64 {
	if last == math.MaxInt64 {
		return 0
	}
	return last + 1
}

// PayloadLen is the len header value of a payload: its length in code points,
// not bytes (EVT-ENV-002 QUIRK: the reference measures the decoded text and
// writes its UTF-8 encoding). Bytes that are not valid UTF-8 count one each.
func PayloadLen(payload string) int { return utf8.RuneCountInString(payload) }

// AppendEnvelope appends the bytes the loop writes to a listener's stdin for
// event e (EVT-ENV-001):
//
//	ver:3.0 server:<server> serial:<serial> pool:<pool> poolserial:<poolSerial> eventname:<NAME> len:<len>\n<payload>
//
// server is the [supervisord] identifier, serial and poolSerial the event's
// serials (see NextSerial), len is [PayloadLen]. The whole envelope goes to the
// listener in one write (EVT-ENV-003).
//
// Reference: supervisor/process.py, EventListenerPool._eventEnvelope.
func AppendEnvelope(dst []byte, server string, serial int64, pool string, poolSerial int64, e Event) []byte {
	dst = append(dst, "ver:3.0 server:"...)
	dst = append(dst, server...)
	dst = append(dst, " serial:"...)
	dst = strconv.AppendInt(dst, serial, 10)
	dst = append(dst, " pool:"...)
	dst = append(dst, pool...)
	dst = append(dst, " poolserial:"...)
	dst = strconv.AppendInt(dst, poolSerial, 10)
	dst = append(dst, " eventname:"...)
	dst = append(dst, e.Type.String()...)
	dst = append(dst, " len:"...)
	dst = strconv.AppendInt(dst, int64(PayloadLen(e.Payload)), 10)
	dst = append(dst, '\n')
	return append(dst, e.Payload...)
}

// Envelope is AppendEnvelope into a new slice.
func Envelope(server string, serial int64, pool string, poolSerial int64, e Event) []byte {
	n := 96 + len(server) + len(pool) + len(e.Payload)
	return AppendEnvelope(make([]byte, 0, n), server, serial, pool, poolSerial, e)
}
