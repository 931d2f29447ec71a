package datatypes

import (
	"errors"

	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// AutoRestart is a program's autorestart policy.
type AutoRestart int

const (
	AutoRestartFalse      AutoRestart = iota // never (the reference's False)
	AutoRestartUnexpected                    // when the exit code is not in exitcodes (RestartWhenExitUnexpected)
	AutoRestartTrue                          // always (RestartUnconditionally)
)

// String returns the config spelling of the policy.
func (a AutoRestart) String() string {
	switch a {
	case AutoRestartFalse:
		return "false"
	case AutoRestartUnexpected:
		return "unexpected"
	case AutoRestartTrue:
		return "true"
	}
	return "AutoRestart(" + itoa(int(a)) + ")"
}

// ParseAutoRestart is datatypes.auto_restart: a boolean word (see Boolean) or
// "unexpected", in any case. The error quotes the lower-cased value:
// "invalid 'autorestart' value 'sometimes'".
func ParseAutoRestart(s string) (AutoRestart, error) {
	v := pystr.Lower(s)
	switch v {
	case "yes", "true", "on", "1":
		return AutoRestartTrue, nil
	case "no", "false", "off", "0":
		return AutoRestartFalse, nil
	case "unexpected":
		return AutoRestartUnexpected, nil
	}
	return AutoRestartFalse, errors.New("invalid 'autorestart' value " + repr(v))
}
