package supervisor

import (
	"context"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
	"github.com/gosupervisord/gosupervisord/core/config"
)

// openLogs opens p's stdout and stderr logs (AUTO names are chosen here, as
// the reference does when it creates the group).
func (st *State) openLogs(p *Process) error {
	if st.sup.childLogs == nil {
		return nil
	}
	var err error
	if p.stdout, err = st.sup.childLogs.Open(p.Config, "stdout", st.identifier); err != nil {
		return err
	}
	if p.stderr, err = st.sup.childLogs.Open(p.Config, "stderr", st.identifier); err != nil {
		p.closeLogs()
		return err
	}
	return nil
}

func (p *Process) closeLogs() {
	for _, l := range []ChildLog{p.stdout, p.stderr} {
		if l != nil {
			l.Close()
		}
	}
}

func (p *Process) reopenLogs() {
	for _, l := range []ChildLog{p.stdout, p.stderr} {
		if l != nil {
			l.Reopen()
		}
	}
}

// pump copies one output pipe of a child into its log until EOF, in its
// own goroutine, so that neither a chatty child nor a slow disk holds up the
// loop. Every byte read is written: a child's output outlives the child
// (its grandchildren may hold the pipe), and the log takes it all.
// When loop is set, chunks go to the loop instead (events, capture mode,
// the listener protocol) and the loop logs them.
func (st *State) pump(p *Process, r io.ReadCloser, log ChildLog, channel string, loop bool) {
	if r == nil {
		return
	}
	s := st.sup
	echo := s.cfg.Supervisord.LogLevel <= datatypes.LevelDebug
	name := p.Name()
	s.pumps.Add(1)
	s.pipes.add(r)
	go func() {
		defer s.pumps.Done()
		defer s.pipes.remove(r)
		defer r.Close()
		for {
			if log != nil {
				log.Wait(context.Background()) // backpressure: the disk is behind
			}
			buf := make([]byte, 64<<10) // the log owns each chunk it is given
			n, err := r.Read(buf)
			if n > 0 {
				chunk := buf[:n]
				if loop {
					select {
					case s.output <- output{p: p, channel: channel, data: chunk}:
					case <-s.exited:
					}
					continue
				}
				if echo && s.logger != nil {
					s.logger.Log(datatypes.LevelDebug, fmt.Sprintf("%s %s output:\n%s", pyfmt.Repr(name), channel, decodeOutput(chunk)))
				}
				if log != nil {
					log.Write(chunk)
				}
			}
			if err != nil {
				return
			}
		}
	}()
}

// output is a chunk a pump hands to the loop.
type output struct {
	p       *Process
	channel string
	data    []byte
}

// onOutput handles a chunk on the loop.
func (st *State) onOutput(o output) {
	if o.p.Group.Config.Kind == config.GroupEventListener && o.channel == "stdout" {
		st.listenerOutput(o.p, o.data)
		return
	}
	if st.sup.cfg.Supervisord.LogLevel <= datatypes.LevelDebug {
		st.log(datatypes.LevelDebug, fmt.Sprintf("%s %s output:\n%s", pyfmt.Repr(o.p.Name()), o.channel, decodeOutput(o.data)))
	}
	st.processOutput(o.p, o.channel, o.data)
}

// decodeOutput renders a chunk as the reference's debug echo does
// (PROC-MLOG-014): the text when it is UTF-8, else Undecodable: b'...'.
func decodeOutput(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return "Undecodable: " + pyfmt.ReprBytes(b)
}
