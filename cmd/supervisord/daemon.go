package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/core/fcgi"
	"github.com/gosupervisord/gosupervisord/core/logs"
	"github.com/gosupervisord/gosupervisord/core/spawn"
	"github.com/gosupervisord/gosupervisord/core/supervisor"
)

// rootWarning is the reference's critical line for root without user= (PROC-MLOG-020).
const rootWarning = "Supervisor is running as root.  Privileges were not dropped because no user is specified in the config file.  If you intend to run as root, you can set user=root in the config file to avoid this message."

// daemon runs supervisord until it shuts down, restarting in the same
// process on SIGHUP or supervisor.restart with the configuration re-read
// (PROC-SD-005). It returns the exit status.
func daemon(cl *config.CommandLine, cfg *config.Config, progname string, stdout, stderr io.Writer, ready *readiness) int {
	usage := func(msg string) int {
		if ready.fail(msg) {
			return 2
		}
		fmt.Fprintf(stderr, "Error: %s\nFor help, use %s -h\n", msg, progname)
		return 2
	}
	sigs := make(chan os.Signal, 16)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGHUP, syscall.SIGUSR2, syscall.SIGCHLD)
	defer signal.Stop(sigs)
	// CPython ignores SIGPIPE and SIGXFSZ; so do we: a closed client socket or
	// pipe is an EPIPE error and a log write past RLIMIT_FSIZE an EFBIG, never
	// a death (PROC-SIG-003). Children inherit both as ignored, as the
	// reference's do (PROC-SPAWN-006).
	signal.Ignore(syscall.SIGPIPE, syscall.SIGXFSZ)

	for first := true; ; first = false {
		if !first {
			var err error
			if cfg, err = config.Load(cl, os.Environ()); err != nil {
				return usage(err.Error())
			}
		}
		reload := func() (*config.Config, error) { return config.Load(cl, os.Environ()) }
		mood, msg := runOnce(cfg, reload, first, sigs, progname, stdout, ready)
		if msg != "" {
			return usage(msg)
		}
		if mood != supervisor.SupervisorRestarting {
			return 0
		}
	}
}

// runOnce is one life of supervisord: the reference's Supervisor.main and
// run (PROC-BOOT-001). msg is a usage error text when booting failed.
func runOnce(cfg *config.Config, reload func() (*config.Config, error), first bool, sigs chan os.Signal, progname string, stdout io.Writer, ready *readiness) (supervisor.SupervisorState, string) {
	sd := &cfg.Supervisord
	var criticals, infos []string

	// Drop privileges (PROC-BOOT-002).
	if sd.UID == nil {
		if os.Getuid() == 0 {
			criticals = append(criticals, rootWarning)
		}
	} else {
		if msg := dropPrivileges(*sd.UID); msg != "" {
			return 0, msg
		}
		infos = append(infos, fmt.Sprintf("Set uid to user %d succeeded", *sd.UID))
	}
	if first {
		more, err := spawn.SetRlimits(sd.MinFDs, sd.MinProcs)
		if err != nil {
			return 0, err.Error()
		}
		infos = append(infos, more...)
	}
	// Inherited fds below minfds become close-on-exec, so children can be
	// exec'd straight from the fork (core/spawn's direct path).
	spawn.PrepareDirect(sd.MinFDs)
	// The descriptor table grows once, now, to what the programs will hold,
	// instead of step by step, each step a pause, while they start.
	go spawn.ReserveFDs(descriptorsFor(cfg))
	// Batches of spawns fork from threads with small descriptor tables of
	// their own (core/spawn's forkers, started by the loop's Widen hook).
	var forkersErr error
	if first {
		forkersErr = spawn.EnableForkers()
	}

	var out io.Writer
	if sd.NoDaemon && !sd.Silent {
		out = stdout
	}
	var sys logs.Syslog
	if needsSyslog(cfg) {
		sys, _ = logs.DialSyslog(progname)
	}
	logger, err := logs.NewLogger(logs.LoggerConfig{
		Level: logs.Level(sd.LogLevel), Path: sd.Logfile,
		MaxBytes: int64(sd.LogfileMax), Backups: sd.LogfileKeep,
		Stdout: out, Syslog: sys, Now: time.Now,
	})
	if err != nil {
		return 0, err.Error()
	}
	defer logger.Close()
	for _, m := range criticals {
		logger.Critical(m)
	}
	if forkersErr != nil {
		logger.Debug("forking on the main descriptor table: " + forkersErr.Error())
	}
	for _, m := range cfg.Warnings {
		logger.Warn(m)
	}
	for _, m := range append(cfg.Infos, infos...) {
		logger.Info(m)
	}
	if !sd.NoCleanup {
		if err := logs.ClearAutoChildLogDir(sd.ChildLogDir, sd.Identifier, logger); err != nil {
			logger.Warn(err.Error())
		}
	}

	sup, err := supervisor.New(supervisor.Options{
		Config:    cfg,
		Spawner:   spawner{sd: sd},
		Reaper:    reaper{},
		Logger:    mainLog{logger},
		ChildLogs: childLogs{sd: sd, syslog: sys, log: logger},
		Stdout:    stdout,
		Signals:   sigs,
		Settle:    memoryReleaser(),

		SpawnWorkers: spawnWorkers(),
		Widen:        widen(spawnWorkers()),
	})
	var sockErr *fcgi.CreateError
	var autoErr *autoLogError
	switch {
	case errors.As(err, &sockErr):
		// The reference dies of this ValueError with a traceback and exit
		// status 1 (FCGI-SOCK-002); we print its last line only.
		fmt.Fprintf(os.Stderr, "Error: %s\n", sockErr)
		os.Exit(1)
	case errors.As(err, &autoErr):
		// So does it of an AUTO log it cannot create in childlogdir.
		fmt.Fprintf(os.Stderr, "Error: %s\n", autoErr)
		os.Exit(1)
	}
	if err != nil {
		return 0, err.Error()
	}
	servers, err := openServers(cfg, reload, sup, logger)
	if err != nil {
		sup.Close()
		return 0, err.Error()
	}
	defer servers.Close()

	if ready != nil && first {
		daemonized(sd, logger)
		ready.ok()
	}
	unlinkPidfile := writePidfile(sd.Pidfile, logger)

	// The loop reads the signal.Notify channel itself; what arrives after
	// it ends stays there for the next run (restart) or is dropped at exit.
	mood := sup.Run(context.Background())
	if unlinkPidfile {
		os.Remove(sd.Pidfile)
	}
	return mood, ""
}

// daemonized does what the reference's forked child does first
// (PROC-DAEMON-001, PROC-MLOG-027); the session and /dev/null stdio were set
// up by the launcher.
func daemonized(sd *config.Supervisord, logger *logs.Logger) {
	logger.Blather("supervisord forked; parent exiting")
	logger.Info("daemonizing the supervisord process")
	if sd.Directory != nil {
		if err := os.Chdir(*sd.Directory); err != nil {
			logger.Critical(fmt.Sprintf("can't chdir into %s: %s", pyfmt.Repr(*sd.Directory), pyOSError(err)))
		} else {
			logger.Info("set current directory: " + pyfmt.Repr(*sd.Directory))
		}
	}
	syscall.Umask(sd.Umask)
}

// pyOSError renders an error as Python's str(OSError) does.
func pyOSError(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return spawn.OSErrorText(errno)
	}
	return err.Error()
}

// writePidfile is the reference's write_pidfile (PROC-DAEMON-002).
func writePidfile(path string, logger *logs.Logger) bool {
	pid := os.Getpid()
	if err := os.WriteFile(path, []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
		logger.Critical("could not write pidfile " + path)
		return false
	}
	logger.Info(fmt.Sprintf("supervisord started with pid %d", pid))
	return true
}

// needsSyslog reports whether anything logs to syslog.
func needsSyslog(cfg *config.Config) bool {
	if cfg.Supervisord.Logfile == logs.SyslogPath {
		return true
	}
	for _, g := range cfg.Groups {
		for _, p := range g.Processes {
			if p.Stdout.Syslog || p.Stderr.Syslog {
				return true
			}
		}
	}
	return false
}

// dropPrivileges is the reference's drop_privileges for supervisord itself:
// "" on success, else its message.
func dropPrivileges(uid int) string {
	if os.Getuid() == uid {
		return ""
	}
	if os.Getuid() != 0 {
		return "Can't drop privilege as nonroot user"
	}
	gid, err := datatypes.GIDForUID(uid)
	if err != nil {
		return err.Error()
	}
	groups, err := supplementaryGroups(uid, gid)
	if err != nil {
		return "Could not set groups of effective user"
	}
	if err := syscall.Setgroups(groups); err != nil {
		return "Could not set groups of effective user"
	}
	if err := syscall.Setgid(gid); err != nil {
		return "Could not set group id of effective user"
	}
	if err := syscall.Setuid(uid); err != nil {
		return "Could not set user id of effective user"
	}
	return ""
}
