package config

import (
	"bytes"
	"encoding/json"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
)

// Dump renders c as the canonical JSON document that scripts/dumpconfig.py
// prints from the reference's own parse of the same file, so that the two
// can be compared field by field: same keys, same values, same types.
func Dump(c *Config) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(dumpConfig(c)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type obj = map[string]any

func dumpConfig(c *Config) obj {
	sd := c.Supervisord
	var user any
	if sd.userSet {
		user = sd.User
	}
	rpc := []any{}
	for _, r := range c.RPCInterfaces {
		rpc = append(rpc, obj{"name": r.Name, "factory": r.Factory, "kwargs": dumpEnv(r.Kwargs)})
	}
	servers := []any{}
	for _, s := range c.Servers {
		servers = append(servers, dumpServer(s))
	}
	groups := []any{}
	for _, g := range c.Groups {
		groups = append(groups, dumpGroup(g))
	}
	return obj{
		"supervisord": obj{
			"configfile":       sd.ConfigFile,
			"here":             sd.Here,
			"nodaemon":         sd.NoDaemon,
			"silent":           sd.Silent,
			"user":             user,
			"uid":              sd.UID,
			"gid":              sd.GID,
			"umask":            sd.Umask,
			"directory":        sd.Directory,
			"logfile":          sd.Logfile,
			"logfile_maxbytes": sd.LogfileMax,
			"logfile_backups":  sd.LogfileKeep,
			"loglevel":         sd.LogLevel,
			"pidfile":          sd.Pidfile,
			"identifier":       sd.Identifier,
			"childlogdir":      sd.ChildLogDir,
			"minfds":           sd.MinFDs,
			"minprocs":         sd.MinProcs,
			"nocleanup":        sd.NoCleanup,
			"strip_ansi":       sd.StripANSI,
			"environment":      dumpEnv(sd.Environment),
			"serverurl":        nullable(sd.ServerURL),
		},
		"rpcinterfaces": rpc,
		"servers":       servers,
		"groups":        groups,
		"warnings":      nonNil(c.Warnings),
		"infos":         nonNil(c.Infos),
	}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func dumpEnv(kvs []datatypes.KV) obj {
	m := obj{}
	for _, kv := range kvs {
		m[kv.Key] = kv.Value
	}
	return m
}

func dumpServer(s Server) obj {
	d := obj{"section": s.Section, "name": s.Name, "username": s.Username, "password": s.Password}
	if s.Family == ServerUnix {
		d["family"] = "unix"
		d["file"] = s.File
		d["chmod"] = s.Chmod
		d["chown"] = s.Chown[:]
	} else {
		d["family"] = "inet"
		d["host"] = s.Host
		d["port"] = s.Port
	}
	return d
}

func dumpGroup(g *Group) obj {
	procs := []any{}
	for _, p := range g.Processes {
		procs = append(procs, dumpProcess(p))
	}
	d := obj{"type": g.Kind.String(), "name": g.Name, "priority": g.Priority, "processes": procs}
	switch g.Kind {
	case GroupEventListener:
		d["buffer_size"] = g.BufferSize
		d["events"] = g.Events
		d["result_handler"] = g.ResultHandler
	case GroupFCGI:
		s := g.Socket
		sd := obj{"url": s.URL, "backlog": s.Backlog}
		if s.IsUnix() {
			sd["path"] = s.Path
			sd["mode"] = s.Mode
			var owner any
			if s.Owner != nil {
				owner = s.Owner[:]
			}
			sd["owner"] = owner
		} else {
			sd["host"] = s.Host
			sd["port"] = s.Port
		}
		d["socket"] = sd
	}
	return d
}

func dumpLogfile(f datatypes.Logfile) any {
	switch f.Kind {
	case datatypes.LogfileNone:
		return nil
	case datatypes.LogfileAuto:
		return "AUTO"
	case datatypes.LogfileSyslog:
		return "SYSLOG"
	default:
		return f.Path
	}
}

func dumpProcess(p *Process) obj {
	exit := p.ExitCodes
	if exit == nil {
		exit = []int{}
	}
	return obj{
		"name":                    p.Name,
		"command":                 p.Command,
		"directory":               p.Directory,
		"umask":                   p.Umask,
		"priority":                p.Priority,
		"autostart":               p.AutoStart,
		"autorestart":             autoRestartName(p.AutoRestart),
		"startsecs":               p.StartSecs,
		"startretries":            p.StartRetries,
		"uid":                     p.UID,
		"stdout_logfile":          dumpLogfile(p.Stdout.File),
		"stdout_capture_maxbytes": p.Stdout.CaptureMaxBytes,
		"stdout_events_enabled":   p.Stdout.EventsEnabled,
		"stdout_syslog":           p.Stdout.Syslog,
		"stdout_logfile_backups":  p.Stdout.Backups,
		"stdout_logfile_maxbytes": p.Stdout.MaxBytes,
		"stderr_logfile":          dumpLogfile(p.Stderr.File),
		"stderr_capture_maxbytes": p.Stderr.CaptureMaxBytes,
		"stderr_events_enabled":   p.Stderr.EventsEnabled,
		"stderr_syslog":           p.Stderr.Syslog,
		"stderr_logfile_backups":  p.Stderr.Backups,
		"stderr_logfile_maxbytes": p.Stderr.MaxBytes,
		"stopsignal":              p.StopSignal,
		"stopwaitsecs":            p.StopWaitSecs,
		"stopasgroup":             p.StopAsGroup,
		"killasgroup":             p.KillAsGroup,
		"exitcodes":               exit,
		"redirect_stderr":         p.RedirectStderr,
		"environment":             dumpEnv(p.Environment),
		"serverurl":               p.ServerURL,
	}
}

func autoRestartName(a datatypes.AutoRestart) string {
	switch a {
	case datatypes.AutoRestartTrue:
		return "true"
	case datatypes.AutoRestartFalse:
		return "false"
	default:
		return "unexpected"
	}
}
