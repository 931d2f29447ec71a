package conformance

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// Default bounds of the commands that wait. Each can be changed with -t.
const (
	defaultWait    = 15 * time.Second // waitstate, waitfile
	defaultCommand = 30 * time.Second // expectexit, rpc
)

// python3 runs the client; the reference's scripts name the same interpreter.
const python3 = "/usr/bin/python3"

// commands are the script commands testscript lacks; doc.go documents them.
var commands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"expectexit":  cmdExpectExit,
	"rpc":         cmdRPC,
	"waitstate":   cmdWaitState,
	"waitfile":    cmdWaitFile,
	"stopdaemons": cmdStopDaemons,
}

// flags parses a command's leading flags; a usage error ends the script.
func flags(ts *testscript.TestScript, name, usage string, args []string, define func(*flag.FlagSet)) []string {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	define(fs)
	if err := fs.Parse(args); err != nil {
		ts.Fatalf("%s: %v\nusage: %s", name, err, usage)
	}
	return fs.Args()
}

// expectexit [-t DURATION] STATUS COMMAND [ARG...] runs COMMAND like exec does
// (found through the script's PATH, run in its directory with its environment,
// so argv0 is the full path) and fails unless it exits with exactly STATUS.
// Its output is what stdout, stderr, cmp and cmpenv then read.
func cmdExpectExit(ts *testscript.TestScript, neg bool, args []string) {
	const usage = "expectexit [-t DURATION] STATUS COMMAND [ARG...]"
	if neg {
		ts.Fatalf("unsupported: ! expectexit (the status is the expectation)")
	}
	timeout := defaultCommand
	args = flags(ts, "expectexit", usage, args, func(fs *flag.FlagSet) {
		fs.DurationVar(&timeout, "t", timeout, "")
	})
	if len(args) < 2 {
		ts.Fatalf("usage: %s", usage)
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("expectexit: bad STATUS %q\nusage: %s", args[0], usage)
	}
	name := args[1]
	path := lookPath(ts, name)
	// coreutils timeout bounds the command and its process group; it execs
	// path as given, so the command sees the same argv0 as under exec.
	secs := strconv.FormatFloat(timeout.Seconds(), 'f', -1, 64) + "s"
	start := time.Now()
	err = ts.Exec("timeout", append([]string{"-k", "5s", secs, path}, args[2:]...)...)
	got := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("expectexit: %s: %v", name, err)
		}
		got = ee.ExitCode()
		if got == -1 {
			ts.Fatalf("expectexit: %s: %v, want exit status %d", name, ee.ProcessState, want)
		}
	}
	if (got == 124 || got == 137) && time.Since(start) >= timeout {
		ts.Fatalf("expectexit: %s did not exit within %v (it was killed); want exit status %d", name, timeout, want)
	}
	if got != want {
		ts.Fatalf("expectexit: %s exited with status %d, want %d", name, got, want)
	}
}

// lookPath finds a bare command name in the script's PATH, as exec does.
func lookPath(ts *testscript.TestScript, name string) string {
	if strings.Contains(name, "/") {
		return name
	}
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	ts.Fatalf("%s: executable file not found in $PATH", name)
	return ""
}

// clientFlags are the connection flags of rpc and waitstate.
type clientFlags struct {
	url, user, pass string
	timeout         time.Duration
}

func (c *clientFlags) define(fs *flag.FlagSet) {
	fs.StringVar(&c.url, "s", "", "")
	fs.StringVar(&c.user, "u", "", "")
	fs.StringVar(&c.pass, "p", "", "")
	fs.DurationVar(&c.timeout, "t", c.timeout, "")
}

// args are the client's arguments; the default URL is $SUPERVISOR_URL, else
// the socket every script's config declares, unix://$WORK/s.sock.
func (c *clientFlags) args(ts *testscript.TestScript) []string {
	url := c.url
	if url == "" {
		url = ts.Getenv("SUPERVISOR_URL")
	}
	if url == "" {
		url = "unix://" + filepath.Join(ts.Getenv("WORK"), "s.sock")
	}
	a := []string{"-s", url, "-t", strconv.FormatFloat(c.timeout.Seconds(), 'f', -1, 64)}
	if c.user != "" || c.pass != "" {
		a = append(a, "-u", c.user, "-p", c.pass)
	}
	return a
}

// Exit statuses of clients/rpc.py.
const (
	clientOK    = 0
	clientFault = 1 // a Fault (call) or the time is up (waitstate)
)

// runClient runs clients/rpc.py, bounded by timeout plus a grace period.
func runClient(ts *testscript.TestScript, timeout time.Duration, args []string) (stdout, stderr string, status int) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout+10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, python3, append([]string{s.client}, args...)...)
	cmd.Dir = ts.MkAbs(".")
	for _, k := range []string{"PATH", "PYTHONPATH", "HOME", "LANG", "WORK", "TMPDIR"} {
		cmd.Env = append(cmd.Env, k+"="+ts.Getenv(k))
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		ts.Fatalf("%s did not finish within %v: %s", filepath.Base(s.client), timeout+10*time.Second, errb.Bytes())
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		status = ee.ExitCode()
	default:
		ts.Fatalf("%s: %v\n%s", filepath.Base(s.client), err, errb.Bytes())
	}
	return out.String(), errb.String(), status
}

// rpc [-s URL] [-u USER -p PASS] [-t DURATION] METHOD [ARG...] calls an
// XML-RPC method and prints the result as canonical JSON. An ARG that parses
// as JSON is sent as that value, any other as a string. A Fault prints
// `FAULT <code> <faultString>` and fails the command; any other error fails
// it even under !.
func cmdRPC(ts *testscript.TestScript, neg bool, args []string) {
	const usage = "rpc [-s URL] [-u USER -p PASS] [-t DURATION] METHOD [ARG...]"
	c := clientFlags{timeout: defaultCommand}
	args = flags(ts, "rpc", usage, args, c.define)
	if len(args) < 1 {
		ts.Fatalf("usage: %s", usage)
	}
	method := args[0]
	cargs := append(append([]string{"call"}, c.args(ts)...), "--")
	stdout, stderr, status := runClient(ts, c.timeout, append(cargs, args...))
	io.WriteString(ts.Stdout(), stdout)
	io.WriteString(ts.Stderr(), stderr)
	switch {
	case status == clientOK && neg:
		ts.Fatalf("rpc %s: succeeded, want a Fault", method)
	case status == clientFault && !neg:
		ts.Fatalf("rpc %s: %s", method, strings.TrimSpace(stdout))
	case status != clientOK && status != clientFault:
		ts.Fatalf("rpc %s: no answer (client exit status %d): %s", method, status, strings.TrimSpace(stderr))
	}
}

// waitstate [-s URL] [-t DURATION] NAME STATE polls
// supervisor.getProcessInfo(NAME) until its statename is STATE.
func cmdWaitState(ts *testscript.TestScript, neg bool, args []string) {
	const usage = "waitstate [-s URL] [-u USER -p PASS] [-t DURATION] NAME STATE"
	if neg {
		ts.Fatalf("unsupported: ! waitstate")
	}
	c := clientFlags{timeout: defaultWait}
	args = flags(ts, "waitstate", usage, args, c.define)
	if len(args) != 2 {
		ts.Fatalf("usage: %s", usage)
	}
	name, state := args[0], args[1]
	cargs := append(append([]string{"waitstate"}, c.args(ts)...), "--", name, state)
	stdout, stderr, status := runClient(ts, c.timeout, cargs)
	switch status {
	case clientOK:
	case clientFault:
		ts.Fatalf("waitstate: %s did not reach %s within %v (last: %s)", name, state, c.timeout, strings.TrimSpace(stdout))
	default:
		ts.Fatalf("waitstate: %s: client exit status %d: %s", name, status, strings.TrimSpace(stderr))
	}
}

// waitfile [-t DURATION] FILE REGEXP waits until a line of FILE matches REGEXP.
func cmdWaitFile(ts *testscript.TestScript, neg bool, args []string) {
	const usage = "waitfile [-t DURATION] FILE REGEXP"
	if neg {
		ts.Fatalf("unsupported: ! waitfile")
	}
	timeout := defaultWait
	args = flags(ts, "waitfile", usage, args, func(fs *flag.FlagSet) {
		fs.DurationVar(&timeout, "t", timeout, "")
	})
	if len(args) != 2 {
		ts.Fatalf("usage: %s", usage)
	}
	re, err := regexp.Compile("(?m)" + args[1])
	if err != nil {
		ts.Fatalf("waitfile: %v", err)
	}
	path := ts.MkAbs(args[0])
	deadline := time.Now().Add(timeout)
	for {
		data, err := os.ReadFile(path)
		if err == nil && re.Match(data) {
			return
		}
		if time.Now().After(deadline) {
			last := "it does not exist"
			if err == nil {
				last = "last content:\n" + tail(string(data), 10)
			}
			ts.Fatalf("waitfile: %s has no line matching %q after %v; %s", args[0], args[1], timeout, last)
		}
		time.Sleep(50 * time.Millisecond) // polling a file with a deadline
	}
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "")
}

// stopdaemons stops every supervisord of this script (see stopDaemons). It is
// the last command of every script; scripts may call it earlier.
func cmdStopDaemons(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 0 {
		ts.Fatalf("usage: stopdaemons")
	}
	res := stopDaemons(ts.Getenv("WORK"))
	for _, line := range res.log {
		ts.Logf("%s", line)
	}
	if len(res.killed) > 0 {
		ts.Fatalf("stopdaemons: %d supervisord(s) ignored SIGTERM for %v and were killed", len(res.killed), stopGrace)
	}
}
