package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"syscall"
)

// Daemonizing (PROC-DAEMON-001). The reference forks after binding its HTTP
// servers: the parent exits 0 and the child carries on, so bind errors still
// reach the launcher. A Go process cannot fork, so the launcher re-executes
// this binary as the daemon (new session, stdio on /dev/null, same arguments
// and working directory) and waits on a pipe: the daemon writes "ok" once
// it is where the reference would have forked, or the usage error it died
// of, which the launcher prints and exits 2 with, as the reference does.
//
// daemonEnv marks the re-executed daemon; it is removed from the
// environment before anything reads it, so neither %(ENV_x)s nor children
// ever see it.
const daemonEnv = "_GOSUPERVISORD_DAEMON_READY_FD"

// readyFD is the daemon's end of the readiness pipe.
const readyFD = 3

// readiness is the daemon side of the handshake; nil when not daemonizing
// or once reported.
type readiness struct{ f *os.File }

// takeDaemonMarker removes the marker and says whether this process is the
// re-executed daemon.
func takeDaemonMarker() *readiness {
	if os.Getenv(daemonEnv) == "" {
		return nil
	}
	os.Unsetenv(daemonEnv)
	return &readiness{f: os.NewFile(readyFD, "ready")}
}

// ok tells the launcher the daemon is up.
func (r *readiness) ok() {
	if r == nil || r.f == nil {
		return
	}
	r.f.Write([]byte("ok\n"))
	r.f.Close()
	r.f = nil
}

// fail hands a usage error to the launcher to print; it reports whether it did.
func (r *readiness) fail(msg string) bool {
	if r == nil || r.f == nil {
		return false
	}
	r.f.Write([]byte("error\n" + msg))
	r.f.Close()
	r.f = nil
	return true
}

// launch starts the daemon and relays its start-up verdict: 0 when it is
// up, 2 with its usage error printed, 1 if it died without a word.
func launch(progname string, stderr io.Writer) int {
	rd, wr, err := os.Pipe()
	if err != nil {
		fmt.Fprintf(stderr, "Error: cannot daemonize: %s\nFor help, use %s -h\n", err, progname)
		return 2
	}
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		fmt.Fprintf(stderr, "Error: cannot daemonize: %s\nFor help, use %s -h\n", err, progname)
		return 2
	}
	exe, err := os.Executable()
	if err != nil {
		exe = "/proc/self/exe"
	}
	env := append(os.Environ(), fmt.Sprintf("%s=%d", daemonEnv, readyFD))
	proc, err := os.StartProcess(exe, os.Args, &os.ProcAttr{
		Env:   env,
		Files: []*os.File{null, null, null, wr},
		Sys:   &syscall.SysProcAttr{Setsid: true},
	})
	wr.Close()
	null.Close()
	if err != nil {
		fmt.Fprintf(stderr, "Error: cannot daemonize: %s\nFor help, use %s -h\n", err, progname)
		return 2
	}
	// The daemon is not our child to wait for: it lives on after we exit.
	proc.Release()
	verdict, _ := io.ReadAll(rd)
	rd.Close()
	switch {
	case bytes.Equal(verdict, []byte("ok\n")):
		return 0
	case bytes.HasPrefix(verdict, []byte("error\n")):
		fmt.Fprintf(stderr, "Error: %s\nFor help, use %s -h\n", verdict[len("error\n"):], progname)
		return 2
	}
	fmt.Fprintf(stderr, "Error: the daemon exited during start-up\nFor help, use %s -h\n", progname)
	return 1
}
