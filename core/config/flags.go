package config

import (
	"fmt"
	"strings"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/compat/getopt"
	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
)

// Action is what the command line asks for besides running the daemon.
type Action int

const (
	ActionRun     Action = iota
	ActionHelp           // -h, -?, --help
	ActionVersion        // -v, --version
)

// CommandLine is supervisord's parsed command line (CFG-CLI). Pointer fields
// are nil when the option was not given; a given value always wins over the
// configuration file (CFG-CLI-023).
type CommandLine struct {
	Action     Action
	ConfigFile string // "" when -c was not given

	NoDaemon, Silent, NoCleanup, StripANSI bool

	User        *string
	Umask       *int
	Directory   *string
	Logfile     *string
	LogfileMax  *int
	LogfileKeep *int
	LogLevel    *int
	Pidfile     *string
	Identifier  *string
	ChildLogDir *string
	MinFDs      *int
	MinProcs    *int
	Profile     *ProfileOptions
}

// UsageError is a start-up error the reference reports with its usage()
// function: "Error: <Msg>" and the help hint on stderr, exit status 2
// (CFG-ERR-001).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, a ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, a...)}
}

// The option table of the reference's ServerOptions.__init__, in its order.
const shortOpts = "h?c:vnu:m:d:l:y:z:e:j:i:q:a:kts"

var longOpts = []string{
	"help", "configuration=", "version", "nodaemon", "user=", "umask=",
	"directory=", "logfile=", "logfile_maxbytes=", "logfile_backups=",
	"loglevel=", "pidfile=", "identifier=", "childlogdir=", "minfds=",
	"minprocs=", "nocleanup", "strip_ansi", "profile_options=", "silent",
}

// canonical maps every option spelling to the attribute it sets.
var canonical = map[string]string{
	"-h": "help", "--help": "help", "-?": "help",
	"-c": "configfile", "--configuration": "configfile",
	"-v": "version", "--version": "version",
	"-n": "nodaemon", "--nodaemon": "nodaemon",
	"-u": "user", "--user": "user",
	"-m": "umask", "--umask": "umask",
	"-d": "directory", "--directory": "directory",
	"-l": "logfile", "--logfile": "logfile",
	"-y": "logfile_maxbytes", "--logfile_maxbytes": "logfile_maxbytes",
	"-z": "logfile_backups", "--logfile_backups": "logfile_backups",
	"-e": "loglevel", "--loglevel": "loglevel",
	"-j": "pidfile", "--pidfile": "pidfile",
	"-i": "identifier", "--identifier": "identifier",
	"-q": "childlogdir", "--childlogdir": "childlogdir",
	"-a": "minfds", "--minfds": "minfds",
	"--minprocs": "minprocs",
	"-k":         "nocleanup", "--nocleanup": "nocleanup",
	"-t": "strip_ansi", "--strip_ansi": "strip_ansi",
	"--profile_options": "profile_options",
	"-s":                "silent", "--silent": "silent",
}

// ParseCommandLine parses supervisord's arguments (without argv[0]) as the
// reference's Options.realize does: getopt first, then each option's
// conversion in command-line order, stopping at -h or -v.
func ParseCommandLine(args []string) (*CommandLine, error) {
	opts, rest, err := getopt.Parse(args, shortOpts, longOpts)
	if err != nil {
		return nil, &UsageError{Msg: err.Error()}
	}
	if len(rest) > 0 {
		return nil, usagef("positional arguments are not supported: %s", pyList(rest))
	}
	cl := &CommandLine{}
	seen := map[string]bool{}
	for _, o := range opts {
		name := canonical[o.Name]
		switch name {
		case "help":
			cl.Action = ActionHelp
			return cl, nil
		case "version":
			cl.Action = ActionVersion
			return cl, nil
		}
		if err := cl.set(name, o.Value); err != nil {
			return nil, usagef("invalid value for %s %s: %s", o.Name, pyfmt.Repr(o.Value), err)
		}
		if seen[name] {
			return nil, usagef("conflicting command line option %s", pyfmt.Repr(o.Name))
		}
		seen[name] = true
	}
	return cl, nil
}

// set converts one option value with the reference's handler for it.
func (cl *CommandLine) set(name, v string) error {
	var err error
	str := func(p **string, conv func(string) (string, error)) {
		var s string
		if s, err = conv(v); err == nil {
			*p = &s
		}
	}
	num := func(p **int, conv func(string) (int, error)) {
		var n int
		if n, err = conv(v); err == nil {
			*p = &n
		}
	}
	same := func(s string) (string, error) { return s, nil }
	switch name {
	case "configfile":
		cl.ConfigFile = v
	case "nodaemon":
		cl.NoDaemon = true
	case "silent":
		cl.Silent = true
	case "nocleanup":
		cl.NoCleanup = true
	case "strip_ansi":
		cl.StripANSI = true
	case "user":
		str(&cl.User, same)
	case "umask":
		num(&cl.Umask, datatypes.Octal)
	case "directory":
		str(&cl.Directory, datatypes.ExistingDirectory)
	case "logfile":
		str(&cl.Logfile, datatypes.ExistingDirpath)
	case "logfile_maxbytes":
		num(&cl.LogfileMax, datatypes.ByteSize)
	case "logfile_backups":
		num(&cl.LogfileKeep, datatypes.Integer)
	case "loglevel":
		num(&cl.LogLevel, datatypes.LoggingLevel)
	case "pidfile":
		str(&cl.Pidfile, datatypes.ExistingDirpath)
	case "identifier":
		str(&cl.Identifier, same)
	case "childlogdir":
		str(&cl.ChildLogDir, datatypes.ExistingDirectory)
	case "minfds":
		num(&cl.MinFDs, datatypes.Integer)
	case "minprocs":
		num(&cl.MinProcs, datatypes.Integer)
	case "profile_options":
		var p ProfileOptions
		if p.SortOrder, p.Callers, err = datatypes.ProfileOptions(v); err == nil {
			cl.Profile = &p
		}
	default:
		return fmt.Errorf("unknown option %s", name) // unreachable: getopt only returns table options
	}
	return err
}

// pyList renders a list of strings as Python's str(list) does.
func pyList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = pyfmt.Repr(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// Help is the reference's usage text (the supervisord module docstring)
// with every %s replaced by the program name, as printed by -h.
func Help(progname string) string {
	return strings.ReplaceAll(helpText, "%s", progname) + "\n"
}

const helpText = `supervisord -- run a set of applications as daemons.

Usage: %s [options]

Options:
-c/--configuration FILENAME -- configuration file path (searches if not given)
-n/--nodaemon -- run in the foreground (same as 'nodaemon=true' in config file)
-s/--silent -- no logs to stdout (maps to 'silent=true' in config file)
-h/--help -- print this usage message and exit
-v/--version -- print supervisord version number and exit
-u/--user USER -- run supervisord as this user (or numeric uid)
-m/--umask UMASK -- use this umask for daemon subprocess (default is 022)
-d/--directory DIRECTORY -- directory to chdir to when daemonized
-l/--logfile FILENAME -- use FILENAME as logfile path
-y/--logfile_maxbytes BYTES -- use BYTES to limit the max size of logfile
-z/--logfile_backups NUM -- number of backups to keep when max bytes reached
-e/--loglevel LEVEL -- use LEVEL as log level (debug,info,warn,error,critical)
-j/--pidfile FILENAME -- write a pid file for the daemon process to FILENAME
-i/--identifier STR -- identifier used for this instance of supervisord
-q/--childlogdir DIRECTORY -- the log directory for child process logs
-k/--nocleanup --  prevent the process from performing cleanup (removal of
                   old automatic child log files) at startup.
-a/--minfds NUM -- the minimum number of file descriptors for start success
-t/--strip_ansi -- strip ansi escape codes from process output
--minprocs NUM  -- the minimum number of processes available for start success
--profile_options OPTIONS -- run supervisord under profiler and output
                             results based on OPTIONS, which  is a comma-sep'd
                             list of 'cumulative', 'calls', and/or 'callers',
                             e.g. 'cumulative,callers')
`
