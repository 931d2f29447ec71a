package config

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// processes builds the processes of one program, fcgi-program or
// eventlistener section for the group groupName. Errors get the reference's
// " in section '<section>' (file: '<file>')" suffix (CFG-ERR-002).
func (l *loader) processes(section, groupName string) ([]*Process, error) {
	procs, err := l.buildProcesses(section, groupName)
	if err != nil {
		file, ok := l.sectionFile[section]
		if !ok {
			file = l.file
		}
		return nil, fmt.Errorf("%s in section %s (file: %s)", err, pyfmt.Repr(section), pyfmt.Repr(file))
	}
	return procs, nil
}

// buildProcesses is the reference's _processes_from_section, read in its
// order (CFG-PRG-037). Its expansion names grow as it goes (CFG-EXP-004):
// common is deliberately one dict updated in place across process_nums, as
// the reference's is.
func (l *loader) buildProcesses(section, groupName string) ([]*Process, error) {
	programName, err := datatypes.ProcessOrGroupName(sectionName(section))
	if err != nil {
		return nil, err
	}
	common := pyfmt.NewDict()
	common.Set("here", l.here)
	common.Set("program_name", programName)
	common.Set("host_node_name", l.hostname)
	common.Set("group_name", groupName)
	c := conv{r: &l.r, sec: section, extra: common}

	priority := c.int("priority", "999", datatypes.Integer)
	autostart := c.bool("autostart", "true", datatypes.Boolean)
	var autorestart datatypes.AutoRestart
	if s := c.str("autorestart", "unexpected"); c.err == nil {
		autorestart, c.err = datatypes.ParseAutoRestart(s)
	}
	startsecs := c.int("startsecs", "1", datatypes.Integer)
	startretries := c.int("startretries", "3", datatypes.Integer)
	stopsignal := c.int("stopsignal", "TERM", datatypes.SignalNumber)
	stopwaitsecs := c.int("stopwaitsecs", "10", datatypes.Integer)
	stopasgroup := c.bool("stopasgroup", "false", datatypes.Boolean)
	killasgroup := c.bool("killasgroup", pyBool(stopasgroup), datatypes.Boolean)
	var exitcodes []int
	if s := c.str("exitcodes", "0"); c.err == nil {
		exitcodes, c.err = datatypes.ExitCodes(s)
	}
	redirectStderr := c.bool("redirect_stderr", "false", datatypes.Boolean)
	numprocs := c.int("numprocs", "1", datatypes.Integer)
	numprocsStart := c.int("numprocs_start", "0", datatypes.Integer)
	environmentStr := l.r.raw(section, "environment", "")
	stdoutCapture := c.int("stdout_capture_maxbytes", "0", datatypes.ByteSize)
	stdoutEvents := c.bool("stdout_events_enabled", "false", datatypes.Boolean)
	stderrCapture := c.int("stderr_capture_maxbytes", "0", datatypes.ByteSize)
	stderrEvents := c.bool("stderr_events_enabled", "false", datatypes.Boolean)
	serverURL := c.opt("serverurl")
	if serverURL != nil && *serverURL != "" && strings.ToUpper(strings.TrimFunc(*serverURL, pystr.IsSpace)) == "AUTO" {
		serverURL = nil
	}
	user := c.opt("user")
	umaskStr := c.opt("umask")
	if c.err != nil {
		return nil, c.err
	}
	var uid *int
	if user != nil {
		n, err := datatypes.NameToUID(*user)
		if err != nil {
			return nil, err
		}
		uid = &n
	}
	var umask *int
	if umaskStr != nil {
		n, err := datatypes.Octal(*umaskStr)
		if err != nil {
			return nil, err
		}
		umask = &n
	}
	processName, err := datatypes.ProcessOrGroupName(l.r.raw(section, "process_name", "%(program_name)s"))
	if err != nil {
		return nil, err
	}
	if numprocs > 1 && !strings.Contains(processName, "%(process_num)") {
		return nil, errors.New("%(process_num) must be present within process_name when numprocs > 1")
	}
	if stopasgroup && !killasgroup {
		return nil, errors.New("Cannot set stopasgroup=true and killasgroup=false")
	}

	var procs []*Process
	for num := numprocsStart; num < numprocsStart+numprocs; num++ {
		common.Set("process_num", num)
		common.Set("numprocs", numprocs)
		common.Update(l.r.env)
		envStr, err := expand(environmentStr, common, "environment")
		if err != nil {
			return nil, err
		}
		env, err := datatypes.DictOfKeyValuePairs(envStr)
		if err != nil {
			return nil, err
		}
		for _, kv := range env {
			common.Set("ENV_"+kv.Key, kv.Value)
		}
		directory := c.opt("directory")
		if c.err != nil {
			return nil, c.err
		}
		var logs [2]LogConfig
		for i, ch := range []string{"stdout", "stderr"} {
			lc, err := l.logConfig(&c, section, ch, common)
			if err != nil {
				return nil, err
			}
			logs[i] = lc
		}
		if redirectStderr {
			if k := logs[1].File.Kind; k != datatypes.LogfileAuto && k != datatypes.LogfileNone {
				l.warn("For [%s], redirect_stderr=true but stderr_logfile has also been set to a filename, the filename has been ignored", section)
			}
			logs[1].File = datatypes.Logfile{Kind: datatypes.LogfileNone}
		}
		command := c.opt("command")
		if c.err != nil {
			return nil, c.err
		}
		if command == nil {
			return nil, fmt.Errorf("program section %s does not specify a command", section)
		}
		name, err := expand(processName, common, "process_name")
		if err != nil {
			return nil, err
		}
		logs[0].CaptureMaxBytes, logs[0].EventsEnabled = stdoutCapture, stdoutEvents
		logs[1].CaptureMaxBytes, logs[1].EventsEnabled = stderrCapture, stderrEvents
		procs = append(procs, &Process{
			Name: name, Command: *command, Directory: directory, Umask: umask,
			Priority: priority, AutoStart: autostart, AutoRestart: autorestart,
			StartSecs: startsecs, StartRetries: startretries, UID: uid,
			Stdout: logs[0], Stderr: logs[1],
			StopSignal: stopsignal, StopWaitSecs: stopwaitsecs,
			StopAsGroup: stopasgroup, KillAsGroup: killasgroup,
			ExitCodes: exitcodes, RedirectStderr: redirectStderr,
			Environment: env, ServerURL: serverURL,
		})
	}
	sort.SliceStable(procs, func(i, j int) bool { return procs[i].Name < procs[j].Name })
	return procs, nil
}

// logConfig reads the stdout or stderr logging options of one process.
func (l *loader) logConfig(c *conv, section, ch string, vars *pyfmt.Dict) (LogConfig, error) {
	key := ch + "_logfile"
	lc := LogConfig{File: datatypes.Logfile{Kind: datatypes.LogfileAuto}}
	v := c.opt(key)
	if c.err != nil {
		return lc, c.err
	}
	if v != nil {
		// Expanded on read and once more here (CFG-EXP-005 QUIRK).
		s, err := expand(*v, vars, key)
		if err != nil {
			return lc, err
		}
		if lc.File, err = datatypes.LogfileName(s); err != nil {
			return lc, err
		}
	}
	lc.Backups = c.int(key+"_backups", "10", datatypes.Integer)
	lc.MaxBytes = c.int(key+"_maxbytes", "50MB", datatypes.ByteSize)
	lc.Syslog = c.bool(ch+"_syslog", "false", datatypes.Boolean)
	if c.err != nil {
		return lc, c.err
	}
	if lc.File.Kind == datatypes.LogfileSyslog {
		l.warn("For [%s], %s=syslog but this is deprecated and will be removed.  Use %s_syslog=true to enable syslog instead.", section, key, ch)
		lc.File = datatypes.Logfile{Kind: datatypes.LogfileNone}
		lc.Syslog = true
	}
	if lc.File.Kind == datatypes.LogfileAuto && lc.MaxBytes == 0 {
		l.warn("For [%s], AUTO logging used for %s without rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally", section, key)
	}
	return lc, nil
}

func (l *loader) warn(format string, a ...any) {
	l.config.Warnings = append(l.config.Warnings, fmt.Sprintf(format, a...))
}

func pyBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
