package events

import (
	"strconv"
	"time"
)

// TickPeriods are the TICK_* periods in seconds, in the order the reference
// evaluates them each loop pass (EVT-EMIT-004).
var TickPeriods = [3]int64{5, 60, 3600}

var tickTypes = [3]Type{TypeTick5, TypeTick60, TypeTick3600}

// Timeslice is the start of the period-second slice holding now, in Unix
// seconds: a multiple of period, never after now (the reference's timeslice,
// int(when - when % period), which floors). It is a TICK event's when value
// (EVT-PAY-011). period must be positive.
func Timeslice(period int64, now time.Time) int64 {
	s := now.Unix() // floor, also before 1970
	r := s % period
	if r < 0 {
		r += period
	}
	return s - r
}

// Tick is the TICK_<period> event for the slice starting at when
// (EVT-PAY-011: "when:<epoch>"). period must be one of [TickPeriods]; any
// other is an error.
func Tick(period, when int64) (Event, error) {
	for i, p := range TickPeriods {
		if p == period {
			return Event{Type: tickTypes[i], Payload: "when:" + strconv.FormatInt(when, 10)}, nil
		}
	}
	return Event{}, &tickPeriodError{period}
}

type tickPeriodError struct{ period int64 }

func (e *tickPeriodError) Error() string {
	return "no TICK event for period " + strconv.FormatInt(e.period, 10)
}

// Ticks is the TICK bookkeeping of one supervisord run (EVT-EMIT-004). It is a
// plain value owned by the loop; the zero value is a fresh start, and the
// loop resets it to the zero value on restart.
type Ticks struct {
	started bool
	last    [3]int64
}

// Due is called once per loop pass. The first call only records the current
// slices. Later calls return, in the order 5, 60, 3600, one event per period
// whose slice differs from the recorded one (at most one each; missed slices
// are not replayed), and record the new slices.
//
// Reference: supervisor/supervisord.py, Supervisor.tick.
func (t *Ticks) Due(now time.Time) []Event {
	var out []Event
	for i, p := range TickPeriods {
		this := Timeslice(p, now)
		if !t.started {
			t.last[i] = this
			continue
		}
		if this != t.last[i] {
			t.last[i] = this
			out = append(out, Event{Type: tickTypes[i], Payload: "when:" + strconv.FormatInt(this, 10)})
		}
	}
	t.started = true
	return out
}
