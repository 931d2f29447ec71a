package config

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// sectionName returns the text after the first ':' of a section name.
func sectionName(section string) string {
	_, after, _ := strings.Cut(section, ":")
	return after
}

// groups is the reference's process_groups_from_parser: [group:x] first,
// then [program:x] not claimed by a group, then [eventlistener:x], then
// [fcgi-program:x] not claimed by a group; sorted by (priority, name).
func (l *loader) groups() ([]*Group, error) {
	all := l.r.p.Sections()
	has := map[string]bool{}
	for _, s := range all {
		has[s] = true
	}
	claimed := map[string]bool{}
	here := pyfmt.NewDict()
	here.Set("here", l.here)
	var groups []*Group

	for _, section := range all {
		if !strings.HasPrefix(section, "group:") {
			continue
		}
		name, err := datatypes.ProcessOrGroupName(sectionName(section))
		if err != nil {
			return nil, err
		}
		c := conv{r: &l.r, sec: section, extra: here}
		programs := c.opt("programs")
		priority := c.int("priority", "999", datatypes.Integer)
		if c.err != nil {
			return nil, c.err
		}
		var list []string
		if programs != nil {
			list = datatypes.ListOfStrings(*programs)
		}
		g := &Group{Kind: GroupProgram, Name: name, Priority: priority}
		// current mirrors a loop variable the reference reassigns: after the
		// first member, its errors name that member's section (QUIRK).
		current := section
		for _, prog := range list {
			ps, fs := "program:"+prog, "fcgi-program:"+prog
			switch {
			case !has[ps] && !has[fs]:
				return nil, fmt.Errorf("[%s] names unknown program or fcgi-program %s", current, prog)
			case has[ps] && has[fs]:
				return nil, fmt.Errorf("[%s] name %s is ambiguous (exists as program and fcgi-program)", current, prog)
			case has[ps]:
				current = ps
			default:
				current = fs
			}
			claimed[current] = true
			procs, err := l.processes(current, name)
			if err != nil {
				return nil, err
			}
			g.Processes = append(g.Processes, procs...)
		}
		groups = append(groups, g)
	}

	for _, section := range all {
		if !strings.HasPrefix(section, "program:") || claimed[section] {
			continue
		}
		name, err := datatypes.ProcessOrGroupName(sectionName(section))
		if err != nil {
			return nil, err
		}
		c := conv{r: &l.r, sec: section, extra: here}
		priority := c.int("priority", "999", datatypes.Integer)
		if c.err != nil {
			return nil, c.err
		}
		procs, err := l.processes(section, name)
		if err != nil {
			return nil, err
		}
		groups = append(groups, &Group{Kind: GroupProgram, Name: name, Priority: priority, Processes: procs})
	}

	for _, section := range all {
		if !strings.HasPrefix(section, "eventlistener:") {
			continue
		}
		g, err := l.listenerPool(section, here)
		if err != nil {
			return nil, err
		}
		groups = append(groups, g)
	}

	for _, section := range all {
		if !strings.HasPrefix(section, "fcgi-program:") || claimed[section] {
			continue
		}
		g, err := l.fcgiGroup(section, here)
		if err != nil {
			return nil, err
		}
		groups = append(groups, g)
	}

	sort.SliceStable(groups, func(i, j int) bool {
		if groups[i].Priority != groups[j].Priority {
			return groups[i].Priority < groups[j].Priority
		}
		return groups[i].Name < groups[j].Name
	})
	return groups, nil
}

// eventTypes is every name of the reference's EventTypes (events.md EVT-TYPE).
var eventTypes = map[string]bool{
	"EVENT": true, "PROCESS_STATE": true, "PROCESS_STATE_STOPPED": true,
	"PROCESS_STATE_EXITED": true, "PROCESS_STATE_STARTING": true,
	"PROCESS_STATE_STOPPING": true, "PROCESS_STATE_BACKOFF": true,
	"PROCESS_STATE_FATAL": true, "PROCESS_STATE_RUNNING": true,
	"PROCESS_STATE_UNKNOWN": true, "PROCESS_COMMUNICATION": true,
	"PROCESS_COMMUNICATION_STDOUT": true, "PROCESS_COMMUNICATION_STDERR": true,
	"PROCESS_LOG": true, "PROCESS_LOG_STDOUT": true, "PROCESS_LOG_STDERR": true,
	"REMOTE_COMMUNICATION": true, "SUPERVISOR_STATE_CHANGE": true,
	"SUPERVISOR_STATE_CHANGE_RUNNING": true, "SUPERVISOR_STATE_CHANGE_STOPPING": true,
	"TICK": true, "TICK_5": true, "TICK_60": true, "TICK_3600": true,
	"PROCESS_GROUP": true, "PROCESS_GROUP_ADDED": true, "PROCESS_GROUP_REMOVED": true,
}

// listenerPool reads an [eventlistener:x] section (CFG-EVL).
func (l *loader) listenerPool(section string, here *pyfmt.Dict) (*Group, error) {
	name := sectionName(section) // validated with the processes (CFG-EVL-006)
	c := conv{r: &l.r, sec: section, extra: here}
	priority := c.int("priority", "-1", datatypes.Integer)
	bufferSize := c.int("buffer_size", "10", datatypes.Integer)
	if c.err != nil {
		return nil, c.err
	}
	if bufferSize < 1 {
		return nil, fmt.Errorf("[%s] section sets invalid buffer_size (%d)", section, bufferSize)
	}
	spec := c.str("result_handler", "supervisor.dispatchers:default_handler")
	if c.err != nil {
		return nil, c.err
	}
	handler, ok := resolveSpec(spec, resultHandlers)
	if !ok {
		return nil, fmt.Errorf("%s cannot be resolved within [%s]", spec, section)
	}
	eventsStr := c.str("events", "")
	if c.err != nil {
		return nil, c.err
	}
	seen := map[string]bool{}
	var events []string
	for _, e := range datatypes.ListOfStrings(eventsStr) {
		e = strings.ToUpper(e)
		if !seen[e] {
			seen[e] = true
			events = append(events, e)
		}
	}
	if len(events) == 0 {
		return nil, fmt.Errorf("[%s] section requires an \"events\" line", section)
	}
	for _, e := range events {
		if !eventTypes[e] {
			return nil, fmt.Errorf("Unknown event type %s in [%s] events", e, section)
		}
	}
	sort.Strings(events)
	if c.bool("redirect_stderr", "false", datatypes.Boolean) {
		return nil, fmt.Errorf("[%s] section sets redirect_stderr=true but this is not allowed because it will interfere with the eventlistener protocol", section)
	}
	if c.err != nil {
		return nil, c.err
	}
	procs, err := l.processes(section, name)
	if err != nil {
		return nil, err
	}
	return &Group{
		Kind: GroupEventListener, Name: name, Priority: priority, Processes: procs,
		BufferSize: bufferSize, Events: events, ResultHandler: handler,
	}, nil
}

// fcgiGroup reads an [fcgi-program:x] section (FCGI-CFG, order FCGI-CFG-006).
func (l *loader) fcgiGroup(section string, here *pyfmt.Dict) (*Group, error) {
	name, err := datatypes.ProcessOrGroupName(sectionName(section))
	if err != nil {
		return nil, err
	}
	c := conv{r: &l.r, sec: section, extra: here}
	priority := c.int("priority", "999", datatypes.Integer)
	user := c.opt("user")
	if c.err != nil {
		return nil, c.err
	}
	var procUID *int
	if user != nil {
		uid, err := datatypes.NameToUID(*user)
		if err != nil {
			return nil, err
		}
		procUID = &uid
	}
	var backlog *int
	if v := c.opt("socket_backlog"); v != nil {
		n, err := datatypes.Integer(*v)
		if err != nil {
			return nil, err
		}
		if n < 1 || n > 65535 {
			return nil, fmt.Errorf("Invalid socket_backlog value %d", n)
		}
		backlog = &n
	}
	var owner *[2]int
	if v := c.opt("socket_owner"); v != nil {
		uid, gid, err := datatypes.ColonSeparatedUserGroup(*v)
		if err != nil {
			return nil, fmt.Errorf("Invalid socket_owner value %s", *v)
		}
		owner = &[2]int{uid, gid}
	}
	var mode *int
	if v := c.opt("socket_mode"); v != nil {
		m, err := datatypes.Octal(*v)
		if err != nil {
			return nil, fmt.Errorf("Invalid socket_mode value %s", *v)
		}
		mode = &m
	}
	if c.err != nil {
		return nil, c.err
	}
	extra := pyfmt.NewDict()
	extra.Set("program_name", name)
	extra.Update(here)
	sock, err := l.r.optional(section, "socket", extra)
	if err != nil {
		return nil, err
	}
	if sock == nil || *sock == "" {
		return nil, fmt.Errorf("[%s] section requires a \"socket\" line", section)
	}
	sc, err := parseFCGISocket(*sock, procUID, owner, mode, backlog)
	if err != nil {
		return nil, fmt.Errorf("%s in [%s] socket", err, section)
	}
	procs, err := l.processes(section, name)
	if err != nil {
		return nil, err
	}
	return &Group{Kind: GroupFCGI, Name: name, Priority: priority, Processes: procs, Socket: sc}, nil
}

// parseFCGISocket is the reference's parse_fcgi_socket (FCGI-CFG-001/002).
func parseFCGISocket(sock string, procUID *int, owner *[2]int, mode *int, backlog *int) (*SocketConfig, error) {
	if path, ok := strings.CutPrefix(sock, "unix://"); ok {
		if !strings.HasPrefix(path, "/") {
			// The reference passes two arguments to ValueError: its text is a tuple repr (QUIRK).
			return nil, fmt.Errorf("('Unix socket path %%s is not an absolute path', %s)", pyfmt.Repr(path))
		}
		path = datatypes.NormalizePath(path)
		if owner == nil && procUID != nil && *procUID != os.Getuid() {
			gid, err := datatypes.GIDForUID(*procUID)
			if err != nil {
				return nil, err
			}
			owner = &[2]int{*procUID, gid}
		}
		m := 0o700
		if mode != nil {
			m = *mode
		}
		return &SocketConfig{URL: "unix://" + path, Path: path, Mode: m, Owner: owner, Backlog: backlog}, nil
	}
	if owner != nil || mode != nil {
		return nil, fmt.Errorf("socket_owner and socket_mode params should only be used with a Unix domain socket")
	}
	if host, port, ok := matchTCP(sock); ok {
		n, err := datatypes.Integer(port)
		if err != nil {
			return nil, err
		}
		p, err := datatypes.PortNumber(fmt.Sprint(n))
		if err != nil {
			return nil, err
		}
		host = strings.ToLower(host)
		return &SocketConfig{URL: fmt.Sprintf("tcp://%s:%d", host, p), Host: host, Port: p, Backlog: backlog}, nil
	}
	return nil, fmt.Errorf("('Bad socket format %%s', %s)", pyfmt.Repr(sock))
}

// matchTCP matches the reference's r'tcp://([^\s:]+):(\d+)$' (Unicode \s and \d).
func matchTCP(s string) (host, port string, ok bool) {
	rest, ok := strings.CutPrefix(s, "tcp://")
	if !ok {
		return "", "", false
	}
	host, port, ok = strings.Cut(rest, ":")
	if !ok || host == "" || port == "" || strings.IndexFunc(host, pystr.IsSpace) >= 0 {
		return "", "", false
	}
	for _, r := range port {
		if !unicode.Is(unicode.Nd, r) {
			return "", "", false
		}
	}
	return host, port, true
}
