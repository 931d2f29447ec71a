package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gosupervisord/gosupervisord/compat/configparser"
	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
	"github.com/gosupervisord/gosupervisord/compat/pypath"
	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// SearchPaths is the list of places the reference looks for its config file
// when -c is absent (CFG-FIND-001). argv0 is the program path as the
// reference's interpreter would see it: see ResolveArgv0.
func SearchPaths(argv0 string) []string {
	h := pypath.Dirname(pypath.Dirname(argv0))
	return []string{
		pypath.Join(h, "etc", "supervisord.conf"),
		pypath.Join(h, "supervisord.conf"),
		"supervisord.conf",
		"etc/supervisord.conf",
		"/etc/supervisord.conf",
		"/etc/supervisor/supervisord.conf",
	}
}

// FindConfigFile returns the first existing search path, or the reference's
// usage error (CFG-FIND-002).
func FindConfigFile(argv0 string) (string, error) {
	paths := SearchPaths(argv0)
	for _, p := range paths {
		if exists(p) {
			return p, nil
		}
	}
	return "", usagef("No config file found at default paths (%s); use the -c option to specify a config file at a different path",
		strings.Join(paths, ", "))
}

// RootSearchWarning is the warning the reference prints on stderr when it
// runs as root and searches for its config file (CFG-FIND-003).
const RootSearchWarning = `Supervisord is running as root and it is searching for its configuration file in default locations (including its current working directory); you probably want to specify a "-c" argument specifying an absolute path to a configuration file for improved security.`

// ResolveArgv0 returns the program path the reference would see as
// sys.argv[0]: a bare name is looked up in PATH, as the kernel passes the
// found path to a script's interpreter.
func ResolveArgv0(argv0 string) string {
	if strings.Contains(argv0, "/") {
		return argv0
	}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" {
			dir = "."
		}
		p := dir + "/" + argv0
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	return argv0
}

// exists is os.path.exists: true when stat (following links) succeeds.
func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// loader holds the state of one read of a configuration, as the reference's
// ServerOptions does during read_config.
type loader struct {
	file     string // the -c value as given
	here     string
	hostname string
	r        reader
	config   *Config
	// sectionFile maps a section to the file that first defined it (CFG-INC-006).
	sectionFile map[string]string
}

// Load reads and validates the configuration named by cl (or found by the
// search when cl.ConfigFile is empty, which the caller does first), merging
// the command line over the file. environ is supervisord's environment,
// source of the ENV_ names (CFG-EXP-003). Every error is a *UsageError with
// the reference's text.
func Load(cl *CommandLine, environ []string) (*Config, error) {
	c, err := load(cl, environ)
	if err != nil {
		var ue *UsageError
		if !errors.As(err, &ue) {
			err = &UsageError{Msg: err.Error()}
		}
		return nil, err
	}
	return c, nil
}

func load(cl *CommandLine, environ []string) (*Config, error) {
	if cl.ConfigFile == "" {
		return nil, errors.New("no configuration file given")
	}
	env := pyfmt.NewDict()
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env.Set("ENV_"+k, v)
		}
	}
	hostname, _ := os.Hostname()
	l := &loader{
		file:        cl.ConfigFile,
		here:        pypath.Abspath(pypath.Dirname(cl.ConfigFile)),
		hostname:    hostname,
		r:           reader{p: configparser.New(), env: env},
		config:      &Config{},
		sectionFile: map[string]string{},
	}
	if err := l.read(); err != nil {
		return nil, err
	}
	if err := l.realize(cl); err != nil {
		return nil, err
	}
	return l.config, nil
}

// read is the reference's ServerOptions.read_config.
func (l *loader) read() error {
	if !exists(l.file) {
		return fmt.Errorf("could not find config file %s", l.file)
	}
	data, err := os.ReadFile(l.file)
	if err != nil {
		return fmt.Errorf("could not read config file %s", l.file)
	}
	p := l.r.p
	if err := l.parse(l.file, data); err != nil {
		return err
	}

	if p.HasSection("include") {
		if err := l.include(); err != nil {
			return err
		}
	}
	if !p.HasSection("supervisord") {
		return errors.New(".ini file does not include supervisord section")
	}
	if err := l.supervisordSection(); err != nil {
		return err
	}
	rpc, err := l.plugins("supervisor.rpcinterface_factory", "rpcinterface:", rpcFactories)
	if err != nil {
		return err
	}
	l.config.RPCInterfaces = rpc
	groups, err := l.groups()
	if err != nil {
		return err
	}
	for _, g := range groups {
		for _, proc := range g.Processes {
			proc.Environment = mergeEnv(l.config.Supervisord.Environment, proc.Environment)
		}
	}
	l.config.Groups = groups
	servers, err := l.servers()
	if err != nil {
		return err
	}
	l.config.Servers = servers
	return nil
}

// parse reads one file into the parser and records which sections it added.
func (l *loader) parse(name string, data []byte) error {
	before := map[string]bool{}
	for _, s := range l.r.p.Sections() {
		before[s] = true
	}
	if err := l.r.p.Read(name, data); err != nil {
		return err
	}
	for _, s := range l.r.p.Sections() {
		if !before[s] {
			l.sectionFile[s] = name
		}
	}
	return nil
}

// include processes [include] files= (CFG-INC, CFG-EXP-007).
func (l *loader) include() error {
	p := l.r.p
	l.expandHere(l.here)
	files, ok := p.Get("include", "files")
	if !ok {
		return errors.New(".ini file has [include] section, but no files setting")
	}
	vars := pyfmt.NewDict()
	vars.Set("here", l.here)
	vars.Set("host_node_name", l.hostname)
	vars.Update(l.r.env)
	files, err := expand(files, vars, "include.files")
	if err != nil {
		return err
	}
	base := pypath.Dirname(pypath.Abspath(l.file))
	for _, pattern := range strings.FieldsFunc(files, pystr.IsSpace) {
		pattern = pypath.Join(base, pattern)
		names := pypath.Glob(pattern)
		if len(names) == 0 {
			l.config.Warnings = append(l.config.Warnings, "No file matches via include \""+pattern+"\"")
			continue
		}
		sort.Strings(names)
		for _, name := range names {
			l.config.Infos = append(l.config.Infos, "Included extra file \""+name+"\" during parsing")
			data, err := os.ReadFile(name)
			if err != nil {
				continue // RawConfigParser.read skips files it cannot open (CFG-INC-004)
			}
			if err := l.parse(name, data); err != nil {
				return err
			}
			l.expandHere(pypath.Abspath(pypath.Dirname(name)))
		}
	}
	return nil
}

// expandHere is UnhosedConfigParser.expand_here: a textual replacement of
// %(here)s in every value of every section, [DEFAULT] values included
// (they are copied into each section that sees them).
func (l *loader) expandHere(here string) {
	const token = "%(here)s"
	p := l.r.p
	for _, sec := range p.Sections() {
		for _, kv := range p.Items(sec) {
			if strings.Contains(kv.Value, token) {
				p.Set(sec, kv.Key, strings.ReplaceAll(kv.Value, token, here))
			}
		}
	}
}

// supervisordSection reads [supervisord] in the reference's order (CFG-SD-019).
func (l *loader) supervisordSection() error {
	here := pyfmt.NewDict()
	here.Set("here", l.here)
	c := conv{r: &l.r, sec: "supervisord", extra: here}
	sd := &l.config.Supervisord
	sd.MinFDs = c.int("minfds", "1024", datatypes.Integer)
	sd.MinProcs = c.int("minprocs", "200", datatypes.Integer)
	if dir := c.opt("directory"); dir != nil {
		d, err := datatypes.ExistingDirectory(*dir)
		if err != nil {
			return err
		}
		sd.Directory = &d
	}
	if u := c.opt("user"); u != nil {
		sd.User = *u
		sd.userSet = true
	}
	sd.Umask = c.int("umask", "022", datatypes.Octal)
	sd.Logfile = c.path("logfile", "supervisord.log", datatypes.ExistingDirpath)
	sd.LogfileMax = c.int("logfile_maxbytes", "50MB", datatypes.ByteSize)
	sd.LogfileKeep = c.int("logfile_backups", "10", datatypes.Integer)
	sd.LogLevel = c.int("loglevel", "info", datatypes.LoggingLevel)
	sd.Pidfile = c.path("pidfile", "supervisord.pid", datatypes.ExistingDirpath)
	sd.Identifier = c.str("identifier", "supervisor")
	sd.NoDaemon = c.bool("nodaemon", "false", datatypes.Boolean)
	sd.Silent = c.bool("silent", "false", datatypes.Boolean)
	sd.ChildLogDir = c.path("childlogdir", datatypes.TempDir(), datatypes.ExistingDirectory)
	sd.NoCleanup = c.bool("nocleanup", "false", datatypes.Boolean)
	sd.StripANSI = c.bool("strip_ansi", "false", datatypes.Boolean)
	envStr := c.str("environment", "")
	if c.err != nil {
		return c.err
	}
	// The second expansion of [supervisord] environment (CFG-EXP-004 QUIRK).
	vars := pyfmt.NewDict()
	vars.Set("here", l.here)
	vars.Set("host_node_name", l.hostname)
	vars.Update(l.r.env)
	envStr, err := expand(envStr, vars, "environment")
	if err != nil {
		return err
	}
	if sd.Environment, err = datatypes.DictOfKeyValuePairs(envStr); err != nil {
		return err
	}
	for _, kv := range sd.Environment {
		l.r.env.Set("ENV_"+kv.Key, kv.Value)
	}
	return nil
}

func (c *conv) path(option, def string, f func(string) (string, error)) string {
	s := c.str(option, def)
	if c.err != nil {
		return ""
	}
	v, err := f(s)
	c.err = err
	return v
}

// realize merges the command line over the file, as the reference's
// Options.process_config and ServerOptions.realize do.
func (l *loader) realize(cl *CommandLine) error {
	sd := &l.config.Supervisord
	sd.ConfigFile = l.file
	sd.Here = l.here
	sd.NoDaemon = sd.NoDaemon || cl.NoDaemon
	sd.Silent = sd.Silent || cl.Silent
	sd.NoCleanup = sd.NoCleanup || cl.NoCleanup
	sd.StripANSI = sd.StripANSI || cl.StripANSI
	pickInt := func(dst *int, v *int) {
		if v != nil {
			*dst = *v
		}
	}
	pickStr := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	if cl.User != nil {
		sd.User, sd.userSet = *cl.User, true
	}
	pickInt(&sd.Umask, cl.Umask)
	if cl.Directory != nil {
		sd.Directory = cl.Directory
	}
	pickStr(&sd.Logfile, cl.Logfile)
	pickInt(&sd.LogfileMax, cl.LogfileMax)
	pickInt(&sd.LogfileKeep, cl.LogfileKeep)
	pickInt(&sd.LogLevel, cl.LogLevel)
	pickStr(&sd.Pidfile, cl.Pidfile)
	pickStr(&sd.Identifier, cl.Identifier)
	pickStr(&sd.ChildLogDir, cl.ChildLogDir)
	pickInt(&sd.MinFDs, cl.MinFDs)
	pickInt(&sd.MinProcs, cl.MinProcs)
	sd.Profile = cl.Profile

	if sd.userSet {
		uid, err := datatypes.NameToUID(sd.User)
		if err != nil {
			return err
		}
		gid, err := datatypes.GIDForUID(uid)
		if err != nil {
			return err
		}
		sd.UID, sd.GID = &uid, &gid
	}
	if sd.Logfile != "syslog" {
		sd.Logfile = datatypes.NormalizePath(sd.Logfile)
	}
	sd.Pidfile = datatypes.NormalizePath(sd.Pidfile)

	// The default SUPERVISOR_SERVER_URL (CFG-SRV-001): the first unix server,
	// else the last inet server.
	for _, s := range l.config.Servers {
		if s.Family == ServerUnix {
			sd.ServerURL = "unix://" + s.File
			return nil
		}
	}
	for _, s := range l.config.Servers {
		if s.Family == ServerInet {
			host := s.Host
			if host == "" {
				host = "localhost"
			}
			sd.ServerURL = fmt.Sprintf("http://%s:%d", host, s.Port)
		}
	}
	return nil
}

// mergeEnv overlays a program's environment on supervisord's, in Python
// dict-update order.
func mergeEnv(base, over []datatypes.KV) []datatypes.KV {
	out := append([]datatypes.KV(nil), base...)
	idx := map[string]int{}
	for i, kv := range out {
		idx[kv.Key] = i
	}
	for _, kv := range over {
		if i, ok := idx[kv.Key]; ok {
			out[i].Value = kv.Value
			continue
		}
		idx[kv.Key] = len(out)
		out = append(out, kv)
	}
	return out
}
