// Command supervisord is a drop-in replacement for supervisord 4.2.5: it
// reads the same supervisord.conf, takes the same flags and reports bad input
// with the same messages and exit statuses.
//
// Extensions the reference lacks (they must come as separate arguments):
//
//	--dump-config    print the parsed configuration as canonical JSON, exit 0
//	--check-config   say whether the configuration is valid; exit 0, or print
//	                 the error the daemon would give and exit 2; start nothing
package main

import (
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/core/spawn"
)

// Version is the reference version we are compatible with; supervisorctl
// and other clients see it through getSupervisorVersion.
const Version = "4.2.5"

// Memory profiling is off: supervisord never writes a heap profile, and its
// sampling tables would otherwise stay resident for the life of the daemon.
// A package-level initializer runs before any init function and before
// main's first allocation.
var _ = func() int { runtime.MemProfileRate = 0; return 0 }()

func main() {
	// The spawn helper is this binary re-executed: it must act before anything
	// else (core/spawn.ChildMain documents the handshake).
	if spawn.ChildMain() {
		return
	}
	// One processor: supervisord is a single loop fed by I/O, and with one
	// P a child's output, an event's answer or a request is handled on the
	// thread that woke for it, instead of waking a second one to share the
	// work. Blocking system calls (a slow disk) still get threads of their
	// own. GOMAXPROCS in the environment overrides this.
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
	ready := takeDaemonMarker()
	os.Exit(run(os.Args, os.Stdout, os.Stderr, ready))
}

// mode is what the process was asked to do with a valid configuration.
type mode int

const (
	modeDaemon mode = iota
	modeDump
	modeCheck
)

// extensions removes our own flags from args, so that the remaining
// arguments parse exactly as the reference parses them (an extra long
// option would change which prefixes are unambiguous).
func extensions(args []string) (mode, []string) {
	m := modeDaemon
	rest := make([]string, 0, len(args))
	for i, a := range args {
		switch a {
		case "--dump-config":
			m = modeDump
		case "--check-config":
			m = modeCheck
		case "--":
			return m, append(rest, args[i:]...)
		default:
			rest = append(rest, a)
		}
	}
	return m, rest
}

// run is supervisord's main: ready is non-nil in the re-executed daemon
// (daemonize.go), which reports start-up errors to its launcher.
func run(argv []string, stdout, stderr io.Writer, ready *readiness) int {
	progname := config.ResolveArgv0(argv[0])
	usage := func(err error) int {
		if ready.fail(err.Error()) {
			return 2
		}
		fmt.Fprintf(stderr, "Error: %s\nFor help, use %s -h\n", err, progname)
		return 2
	}
	m, args := extensions(argv[1:])
	cl, err := config.ParseCommandLine(args)
	if err != nil {
		return usage(err)
	}
	switch cl.Action {
	case config.ActionHelp:
		fmt.Fprint(stdout, config.Help(progname))
		return 0
	case config.ActionVersion:
		fmt.Fprintln(stdout, Version)
		return 0
	}
	if cl.ConfigFile == "" {
		if os.Getuid() == 0 {
			// Differs from the reference only in the prefix: Python's warnings
			// module names its own source file and line there (CFG-FIND-003).
			fmt.Fprintf(stderr, "%s: UserWarning: %s\n", progname, config.RootSearchWarning)
		}
		if cl.ConfigFile, err = config.FindConfigFile(progname); err != nil {
			return usage(err)
		}
	}
	cfg, err := config.Load(cl, os.Environ())
	if err != nil {
		return usage(err)
	}
	switch m {
	case modeDump:
		out, err := config.Dump(cfg)
		if err != nil {
			fmt.Fprintf(stderr, "Error: %s\n", err)
			return 1
		}
		stdout.Write(out)
		return 0
	case modeCheck:
		fmt.Fprintf(stdout, "%s: configuration file %s is valid\n", progname, cfg.Supervisord.ConfigFile)
		return 0
	}
	if !cfg.Supervisord.NoDaemon && ready == nil {
		return launch(progname, stderr)
	}
	return daemon(cl, cfg, progname, stdout, stderr, ready)
}
