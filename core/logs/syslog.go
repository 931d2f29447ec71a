package logs

import (
	"errors"
	"fmt"
	"log/syslog"
	"strings"
)

// Syslog receives log lines for the system log at priority INFO. A
// *syslog.Writer from the standard library satisfies it; tests pass a
// recorder. Implementations must be safe for concurrent use, since the main
// log and every child log may share one.
type Syslog interface {
	Info(m string) error
}

// DialSyslog connects to the local syslog daemon with facility USER and the
// given tag. The reference's C syslog() uses the basename of argv[0] as ident.
//
// Differs from the reference: Go's log/syslog adds "[pid]" after the tag, and
// fails here when no daemon listens where C syslog() would drop lines quietly.
func DialSyslog(tag string) (Syslog, error) {
	w, err := syslog.New(syslog.LOG_INFO|syslog.LOG_USER, tag)
	if err != nil {
		return nil, err
	}
	return w, nil
}

// errUndecodable is reported when child output meant for syslog is not UTF-8.
var errUndecodable = errors.New("output is not valid UTF-8")

// syslogLines sends each line of msg to s as prefix+line+suffix, the
// reference's SyslogHandler.emit: trailing newlines are dropped, then the
// message is split at every "\n", so a chunk that is just "\n" still sends one
// empty line.
func syslogLines(s Syslog, prefix, msg, suffix string) error {
	var first error
	for _, line := range strings.Split(strings.TrimRight(msg, "\n"), "\n") {
		if err := s.Info(prefix + line + suffix); err != nil && first == nil {
			first = fmt.Errorf("syslog: %w", err)
		}
	}
	return first
}
