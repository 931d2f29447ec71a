package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// servers is the reference's server_configs_from_parser: every section whose
// name starts with inet_http_server, then every one starting with
// unix_http_server (CFG-UHS-001).
func (l *loader) servers() ([]Server, error) {
	var out []Server
	for _, kind := range []string{"inet_http_server", "unix_http_server"} {
		for _, section := range l.r.p.Sections() {
			if !strings.HasPrefix(section, kind) {
				continue
			}
			s := Server{Section: section}
			if _, after, ok := strings.Cut(section, ":"); ok {
				s.Name = &after
			}
			var err error
			if kind == "inet_http_server" {
				err = l.inetServer(&s)
			} else {
				err = l.unixServer(&s)
			}
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// auth reads username and password (CFG-UHS-005).
func (l *loader) auth(s *Server) error {
	var err error
	if s.Username, err = l.r.optional(s.Section, "username", nil); err != nil {
		return err
	}
	if s.Password, err = l.r.optional(s.Section, "password", nil); err != nil {
		return err
	}
	if (s.Username == nil) != (s.Password == nil) {
		return fmt.Errorf("Section [%s] contains incomplete authentication: If a username or a password is specified, both the username and password must be specified", s.Section)
	}
	return nil
}

func (l *loader) inetServer(s *Server) error {
	s.Family = ServerInet
	if err := l.auth(s); err != nil {
		return err
	}
	port, err := l.r.optional(s.Section, "port", nil)
	if err != nil {
		return err
	}
	if port == nil {
		return fmt.Errorf("section [%s] has no port value", s.Section)
	}
	s.Host, s.Port, err = datatypes.InetAddress(*port)
	return err
}

func (l *loader) unixServer(s *Server) error {
	s.Family = ServerUnix
	here := pyfmt.NewDict()
	here.Set("here", l.here)
	file, err := l.r.optional(s.Section, "file", here)
	if err != nil {
		return err
	}
	if file == nil {
		return fmt.Errorf("section [%s] has no file value", s.Section)
	}
	s.File = datatypes.NormalizePath(strings.TrimFunc(*file, pystr.IsSpace))
	if err := l.auth(s); err != nil {
		return err
	}
	s.Chown = [2]int{-1, -1}
	chown, err := l.r.optional(s.Section, "chown", nil)
	if err != nil {
		return err
	}
	if chown != nil {
		uid, gid, err := datatypes.ColonSeparatedUserGroup(*chown)
		if err != nil {
			return fmt.Errorf("Invalid sockchown value %s", *chown)
		}
		s.Chown = [2]int{uid, gid}
	}
	s.Chmod = 0o700
	chmod, err := l.r.optional(s.Section, "chmod", nil)
	if err != nil {
		return err
	}
	if chmod != nil {
		if s.Chmod, err = datatypes.Octal(*chmod); err != nil {
			return fmt.Errorf("Invalid chmod value %s", *chmod)
		}
	}
	return nil
}

// Factories the reference can import that we provide natively. Keys are
// module:attr specs; values are the canonical name the dump prints
// (factory.__module__ + ':' + factory.__name__).
var (
	rpcFactories = map[string]string{
		"supervisor.rpcinterface:make_main_rpcinterface": "supervisor.rpcinterface:make_main_rpcinterface",
	}
	resultHandlers = map[string]string{
		"supervisor.dispatchers:default_handler": "supervisor.dispatchers:default_handler",
		// supervisor_stdout (common in container images) is not part of the
		// reference; we provide its behaviour natively.
		"supervisor_stdout:event_handler": "supervisor_stdout:event_handler",
	}
)

// entryPoint is the module[:attrs] [extras] part of pkg_resources'
// EntryPoint pattern, which the reference's import_spec parses.
var entryPoint = regexp.MustCompile(`^\s*([\w.]+)\s*(?::\s*([\w.]+))?\s*(\[.*\])?\s*$`)

// resolveSpec resolves a factory spec among known, returning its canonical
// name. Anything else "cannot be resolved": a Python callable we cannot
// provide, or (differs from the reference, which crashes with a traceback)
// a spec that is not even well formed.
func resolveSpec(spec string, known map[string]string) (string, bool) {
	m := entryPoint.FindStringSubmatch(spec)
	if m == nil || m[2] == "" {
		return "", false
	}
	canon, ok := known[m[1]+":"+m[2]]
	return canon, ok
}

// plugins is the reference's get_plugins: every [PREFIXname] section must
// name a factory under key; its other keys (defaults included, CFG-INI-009)
// become the factory's keyword arguments.
func (l *loader) plugins(key, prefix string, known map[string]string) ([]RPCInterface, error) {
	var out []RPCInterface
	for _, section := range l.r.p.Sections() {
		if !strings.HasPrefix(section, prefix) {
			continue
		}
		spec, err := l.r.optional(section, key, nil)
		if err != nil {
			return nil, err
		}
		if spec == nil {
			return nil, fmt.Errorf("section [%s] does not specify a %s", section, key)
		}
		factory, ok := resolveSpec(*spec, known)
		if !ok {
			return nil, fmt.Errorf("%s cannot be resolved within [%s]", *spec, section)
		}
		ri := RPCInterface{Name: sectionName(section), Factory: factory}
		for _, k := range l.r.p.Options(section) {
			if k == key {
				continue
			}
			v, _, err := l.r.get(section, k, nil, nil)
			if err != nil {
				return nil, err
			}
			ri.Kwargs = setKV(ri.Kwargs, k, v)
		}
		out = append(out, ri)
	}
	return out, nil
}

// setKV sets key in an ordered list as a Python dict assignment does.
func setKV(kvs []datatypes.KV, k, v string) []datatypes.KV {
	for i := range kvs {
		if kvs[i].Key == k {
			kvs[i].Value = v
			return kvs
		}
	}
	return append(kvs, datatypes.KV{Key: k, Value: v})
}
