package spawn

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"golang.org/x/sys/unix"
)

// run spawns s, closes stdin, collects stdout and stderr and reaps the child.
func run(t *testing.T, s *Spec) (stdout, stderr string, ws unix.WaitStatus) {
	t.Helper()
	c, err := Spawn(s)
	if err != nil {
		t.Fatalf("Spawn(%q): %v", s.Command, err)
	}
	if c.Stdin != nil {
		c.Stdin.Close()
	}
	errc := make(chan string, 1)
	go func() {
		if c.Stderr == nil {
			errc <- ""
			return
		}
		b, _ := io.ReadAll(c.Stderr)
		c.Stderr.Close()
		errc <- string(b)
	}()
	b, _ := io.ReadAll(c.Stdout)
	c.Stdout.Close()
	stderr = <-errc
	return string(b), stderr, reap(t, c.PID)
}

func runReport(t *testing.T, s *Spec) report {
	t.Helper()
	out, errOut, ws := run(t, s)
	if !ws.Exited() || ws.ExitStatus() != 0 {
		t.Fatalf("report child: %v, stderr %q", ws, errOut)
	}
	var r report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("report child output %q: %v", out, err)
	}
	return r
}

// PROC-SPAWN-006, PROC-SPAWN-012, PROC-ENV-001..004: argv, environment,
// cwd, fds and process group as the child sees them.
func TestSpawnChildView(t *testing.T) {
	// An fd below minfds without close-on-exec is closed in the child; one at
	// or above minfds stays open, as with the reference.
	for _, fd := range []int{100, 1500} {
		if err := unix.Dup3(1, fd, 0); err != nil {
			t.Fatal(err)
		}
		defer unix.Close(fd)
	}

	t.Setenv("SPAWNTEST_BASE", "base")
	t.Setenv("SUPERVISOR_GROUP_NAME", "inherited") // replaced, keeps its place
	dir := t.TempDir()
	s := &Spec{
		Name:      "foo_01",
		Group:     "foo",
		Command:   self("report", "a b", `c"d`, ""),
		ServerURL: "unix:///tmp/supervisor.sock",
		Environment: []datatypes.KV{
			{Key: "SPAWNTEST_PROG", Value: "p"},
			{Key: "SPAWNTEST_BASE", Value: "overridden"},
			{Key: "SUPERVISOR_ENABLED", Value: "zero"},
		},
		Directory: &dir,
		MinFDs:    1024,
	}
	r := runReport(t, s)

	if want := []string{os.Args[0], childMarker, "report", "a b", `c"d`, ""}; !reflect.DeepEqual(r.Args, want) {
		t.Errorf("argv = %q, want %q", r.Args, want)
	}
	want := Environ(os.Environ(), "foo_01", "foo", "unix:///tmp/supervisor.sock", s.Environment)
	if !reflect.DeepEqual(r.Env, want) {
		t.Errorf("environment:\n got %q\nwant %q", r.Env, want)
	}
	for _, e := range r.Env {
		if strings.Contains(e, "GOSUPERVISORD_SPAWN") {
			t.Errorf("helper marker leaked into the program's environment: %q", e)
		}
	}
	if r.Cwd != dir {
		t.Errorf("cwd = %q, want %q", r.Cwd, dir)
	}
	if want := []int{0, 1, 2, 1500}; !reflect.DeepEqual(r.FDs, want) {
		t.Errorf("open fds = %v, want %v", r.FDs, want)
	}
	if r.PGID != r.PID {
		t.Errorf("pgid = %d, want the child's own pid %d (setpgrp)", r.PGID, r.PID)
	}
	if sid, _ := unix.Getsid(0); r.SID != sid {
		t.Errorf("sid = %d, want supervisord's %d", r.SID, sid)
	}
}

// PROC-ENV-002..004: the block's order and precedence.
func TestEnviron(t *testing.T) {
	base := []string{"A=1", "SUPERVISOR_PROCESS_NAME=old", "noequals", "B=2", "A=dup", "PATH=/bin"}
	env := []datatypes.KV{{Key: "B", Value: "3"}, {Key: "SUPERVISOR_ENABLED", Value: "zero"}, {Key: "Z", Value: "z"}}
	got := Environ(base, "p", "g", "", env)
	want := []string{"A=1", "SUPERVISOR_PROCESS_NAME=p", "B=3", "PATH=/bin",
		"SUPERVISOR_ENABLED=zero", "SUPERVISOR_GROUP_NAME=g", "Z=z"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Environ:\n got %q\nwant %q", got, want)
	}
	got = Environ(nil, "p", "", "http://127.0.0.1:9001", nil)
	want = []string{"SUPERVISOR_ENABLED=1", "SUPERVISOR_SERVER_URL=http://127.0.0.1:9001", "SUPERVISOR_PROCESS_NAME=p"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Environ without group:\n got %q\nwant %q", got, want)
	}
}

// statusField returns field name of a /proc/PID/status dump.
func statusField(t *testing.T, status, name string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + name + `:\s*(.*)$`).FindStringSubmatch(status)
	if m == nil {
		t.Fatalf("no %s: in %q", name, status)
	}
	return m[1]
}

// PROC-SPAWN-006, PROC-SPAWN-007: umask, signal dispositions and mask, seen
// by a non-Go program (cat reads its own /proc/self/status).
func TestSpawnUmaskAndSignals(t *testing.T) {
	umask := 0o027
	out, errOut, ws := run(t, &Spec{Name: "cat", Command: "cat /proc/self/status", Umask: &umask, MinFDs: 1024})
	if !ws.Exited() || ws.ExitStatus() != 0 {
		t.Fatalf("cat: %v %q", ws, errOut)
	}
	if got := statusField(t, out, "Umask"); got != "0027" {
		t.Errorf("umask = %s, want 0027", got)
	}
	// SIGPIPE (13) and SIGXFSZ (25) ignored, as CPython leaves them; nothing else.
	if got := statusField(t, out, "SigIgn"); got != "0000000001001000" {
		t.Errorf("SigIgn = %s, want 0000000001001000 (SIGPIPE, SIGXFSZ)", got)
	}
	if got := statusField(t, out, "SigBlk"); got != "0000000000000000" {
		t.Errorf("SigBlk = %s, want an empty mask", got)
	}
	if got := statusField(t, out, "SigCgt"); got != "0000000000000000" {
		t.Errorf("SigCgt = %s: cat installs no handlers; something leaked", got)
	}

	// Without umask= the child inherits ours.
	old := unix.Umask(0o022)
	defer unix.Umask(old)
	out, _, _ = run(t, &Spec{Name: "cat", Command: "cat /proc/self/status"})
	if got := statusField(t, out, "Umask"); got != "0022" {
		t.Errorf("inherited umask = %s, want 0022", got)
	}
}

// PROC-SPAWN-009, PROC-SPAWN-010, PROC-SPAWN-011: child-side failures are
// reported on the child's stderr and exit 127, after a successful spawn.
func TestSpawnChildFailures(t *testing.T) {
	dir := t.TempDir()
	noexec := filepath.Join(dir, "script")
	if err := os.WriteFile(noexec, []byte("no shebang\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing")
	badUID := 54321
	tests := []struct {
		name string
		spec *Spec
		want string
	}{
		{"chdir", &Spec{Command: "/bin/true", Directory: &missing},
			"supervisor: couldn't chdir to " + missing + ": ENOENT\n"},
		{"chdir to a file", &Spec{Command: "/bin/true", Directory: &noexec},
			"supervisor: couldn't chdir to " + noexec + ": ENOTDIR\n"},
		{"exec", &Spec{Command: quote(noexec) + " arg"},
			"supervisor: couldn't exec " + noexec + ": ENOEXEC\n"},
		{"exec argv0 as written", &Spec{Command: "script", Environment: []datatypes.KV{{Key: "PATH", Value: dir}}},
			"supervisor: couldn't exec script: ENOEXEC\n"},
		{"unknown uid", &Spec{Command: "/bin/true", UID: &badUID},
			"supervisor: couldn't setuid to 54321: Can't find uid 54321\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.spec.Name = "foo"
			out, errOut, ws := run(t, tt.spec)
			want := tt.want + "supervisor: child process was not spawned\n"
			if out != "" || errOut != want {
				t.Errorf("stdout %q, stderr %q; want stderr %q", out, errOut, want)
			}
			if es, msg := DecodeWaitStatus(ws); es != 127 {
				t.Errorf("child ended with %s, want exit status 127", msg)
			}
		})
	}
}

// PROC-SPAWN-004: stdin, stdout and stderr pipes; redirect_stderr merges.
func TestSpawnPipes(t *testing.T) {
	out, errOut, _ := run(t, &Spec{Name: "foo", Command: self("outerr")})
	if out != "out\n" || errOut != "err\n" {
		t.Errorf("separate pipes: stdout %q, stderr %q", out, errOut)
	}
	c, err := Spawn(&Spec{Name: "foo", Command: self("outerr"), RedirectStderr: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.Stderr != nil {
		t.Error("redirect_stderr: got a stderr pipe")
	}
	c.Stdin.Close()
	b, _ := io.ReadAll(c.Stdout)
	c.Stdout.Close()
	reap(t, c.PID)
	if string(b) != "out\nerr\n" {
		t.Errorf("redirect_stderr: stdout %q, want both lines", b)
	}

	// PROC-STDIN-001: what is written to stdin reaches the child.
	c, err = Spawn(&Spec{Name: "foo", Command: self("echo")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Stdin.WriteString("hello\n"); err != nil {
		t.Fatal(err)
	}
	c.Stdin.Close()
	b, _ = io.ReadAll(c.Stdout)
	c.Stdout.Close()
	c.Stderr.Close()
	reap(t, c.PID)
	if string(b) != "hello\n" {
		t.Errorf("echo: %q", b)
	}
	// The parent ends are non-blocking (make_pipes sets O_NDELAY).
	c, err = Spawn(&Spec{Name: "foo", Command: self("exit", "0")})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []*os.File{c.Stdin, c.Stdout, c.Stderr} {
		rc, _ := f.SyscallConn()
		rc.Control(func(fd uintptr) {
			if fl, _ := unix.FcntlInt(fd, unix.F_GETFL, 0); fl&unix.O_NONBLOCK == 0 {
				t.Errorf("%s: parent end is blocking", f.Name())
			}
		})
		f.Close()
	}
	reap(t, c.PID)
}

// TestSpawnUnpolled: an output pipe asked for unpolled is non-blocking but
// off the runtime's poller (its file takes no deadline); the others are on
// it; and the output still arrives.
func TestSpawnUnpolled(t *testing.T) {
	c, err := Spawn(&Spec{Name: "foo", Command: self("outerr"), UnpolledStdout: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reap(t, c.PID)
	for _, tc := range []struct {
		f      *os.File
		polled bool
	}{{c.Stdin, true}, {c.Stdout, false}, {c.Stderr, true}} {
		rc, _ := tc.f.SyscallConn()
		rc.Control(func(fd uintptr) {
			if fl, _ := unix.FcntlInt(fd, unix.F_GETFL, 0); fl&unix.O_NONBLOCK == 0 {
				t.Errorf("%s: parent end is blocking", tc.f.Name())
			}
		})
		err := tc.f.SetReadDeadline(time.Time{})
		if polled := err == nil; polled != tc.polled {
			t.Errorf("%s: on the poller = %v (deadline: %v), want %v", tc.f.Name(), polled, err, tc.polled)
		}
	}
	c.Stdin.Close()
	defer c.Stdout.Close()
	defer c.Stderr.Close()
	// Read it as its reader would: wait on the descriptor, then read.
	var out []byte
	buf := make([]byte, 64)
	rc, _ := c.Stdout.SyscallConn()
	for {
		var n int
		var rerr error
		rc.Control(func(fd uintptr) {
			pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
			if k, err := unix.Poll(pfd, 10_000); err != nil || k == 0 {
				rerr = fmt.Errorf("poll: %d ready, %v", k, err)
				return
			}
			n, rerr = unix.Read(int(fd), buf)
		})
		if rerr != nil {
			t.Fatalf("unpolled stdout, after %q: %v", out, rerr)
		}
		if n == 0 {
			break
		}
		out = append(out, buf[:n]...)
	}
	if string(out) != "out\n" {
		t.Errorf("unpolled stdout: %q", out)
	}
}

// FCGI-SPAWN-001, FCGI-SPAWN-002, PROC-STDIN-002: a listening socket as fd 0
// and no stdin pipe.
func TestSpawnSocketAsStdin(t *testing.T) {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "fcgi.sock")
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: path}); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(fd, 5); err != nil {
		t.Fatal(err)
	}
	sock := os.NewFile(uintptr(fd), "fcgi")
	defer sock.Close()
	s := &Spec{Name: "fcgi_00", Group: "fcgi", Command: self("report"), Socket: sock, MinFDs: 1024}
	c, err := Spawn(s)
	if err != nil {
		t.Fatal(err)
	}
	if c.Stdin != nil {
		t.Error("fcgi child has a stdin pipe")
	}
	b, _ := io.ReadAll(c.Stdout)
	c.Stdout.Close()
	c.Stderr.Close()
	reap(t, c.PID)
	var r report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%q: %v", b, err)
	}
	if !r.FD0Socket || r.FD0NonBlck {
		t.Errorf("fd 0: listening socket %v, non-blocking %v; want a blocking listening socket", r.FD0Socket, r.FD0NonBlck)
	}
	want := []int{0, 1, 2}
	if os.Getenv(forkersTestEnv) != "" {
		want = append(want, 1500) // runOnForkers' inherited descriptor
	}
	if !reflect.DeepEqual(r.FDs, want) {
		t.Errorf("open fds = %v, want %v", r.FDs, want)
	}
}

// PROC-SPAWN-008: user= as root: groups, gid and uid of the user.
func TestSpawnUser(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root")
	}
	nobody := 65534
	out, errOut, ws := run(t, &Spec{Name: "cat", Command: "cat /proc/self/status", UID: &nobody, RedirectStderr: true})
	if !ws.Exited() || ws.ExitStatus() != 0 {
		t.Fatalf("cat as nobody: %v %q %q", ws, out, errOut)
	}
	for field, want := range map[string]string{
		"Uid":    "65534\t65534\t65534\t65534",
		"Gid":    "65534\t65534\t65534\t65534",
		"Groups": "65534",
	} {
		if got := strings.TrimSpace(statusField(t, out, field)); got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	// The same uid as ours: nothing to do.
	root := 0
	out, _, _ = run(t, &Spec{Name: "cat", Command: "cat /proc/self/status", UID: &root})
	if got := statusField(t, out, "Uid"); got != "0\t0\t0\t0" {
		t.Errorf("user=root as root: Uid = %q", got)
	}
}

// PROC-SPAWN-008 (non-root), PROC-SPAWN-003 (no permission): run this test
// binary as nobody.
func TestAsNobody(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to become nobody")
	}
	dir := t.TempDir()
	os.Chmod(filepath.Dir(dir), 0o755) // t.TempDir's parent is 0700
	os.Chmod(dir, 0o755)
	bin := filepath.Join(dir, "spawn.test")
	data, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	groupOnly := filepath.Join(dir, "grouponly")
	if err := os.WriteFile(groupOnly, []byte("#!/bin/sh\n"), 0o010); err != nil {
		t.Fatal(err)
	}
	os.Chmod(groupOnly, 0o010) // root-owned: nobody matches only "other", which has no x
	nobody := 65534
	asNobody := func(args ...string) string {
		out, _, _ := run(t, &Spec{Name: "t", Command: quote(bin) + " " + childMarker + " " + strings.Join(args, " "),
			UID: &nobody, RedirectStderr: true})
		return out
	}
	if got, want := asNobody("resolve", quote(groupOnly)), "no permission to run command "+quote(groupOnly); got != want {
		t.Errorf("as nobody: %q, want %q", got, want)
	}
	want := "supervisor: couldn't setuid to 0: Can't drop privilege as nonroot user\n" +
		"supervisor: child process was not spawned\nexit status 127"
	if got := asNobody("spawn-as", "0", "/bin/true"); got != want {
		t.Errorf("user=root from nobody:\n got %q\nwant %q", got, want)
	}
}

// stopasgroup/killasgroup: Kill reaches the whole process group.
func TestKillGroup(t *testing.T) {
	c, err := Spawn(&Spec{Name: "foo", Command: self("group"), RedirectStderr: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stdin.Close()
	defer c.Stdout.Close()
	buf := make([]byte, 64)
	n, err := io.ReadAtLeast(c.Stdout, buf, 2)
	if err != nil {
		t.Fatalf("reading grandchild pid: %v", err)
	}
	gpid, err := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
	if err != nil {
		t.Fatalf("grandchild pid %q: %v", buf[:n], err)
	}
	if err := Kill(c.PID, unix.SIGTERM, true); err != nil {
		t.Fatalf("Kill group: %v", err)
	}
	if _, msg := DecodeWaitStatus(reap(t, c.PID)); msg != "terminated by SIGTERM" {
		t.Errorf("child: %s, want terminated by SIGTERM", msg)
	}
	// We are a subreaper: the orphaned grandchild is ours to reap.
	if _, msg := DecodeWaitStatus(reap(t, gpid)); msg != "terminated by SIGTERM" {
		t.Errorf("grandchild: %s, want terminated by SIGTERM", msg)
	}
	if err := Kill(c.PID, unix.SIGTERM, false); !errors.Is(err, unix.ESRCH) {
		t.Errorf("Kill of a reaped pid: %v, want ESRCH", err)
	}
	if got := OSErrorText(unix.ESRCH); got != "[Errno 3] No such process" {
		t.Errorf("OSErrorText(ESRCH) = %q", got)
	}
}

// DecodeWaitStatus against options.decode_wait_status; want values from
//
//	python3 -c 'from supervisor.options import decode_wait_status as d; print([d(s) for s in (0, 0x300, 0x7f00, 0xff00, 15, 9, 0x8b, 0x86, 0x137f, 0xffff, 0x41, 0x40)])'
func TestDecodeWaitStatus(t *testing.T) {
	tests := []struct {
		ws   unix.WaitStatus
		es   int
		want string
	}{
		{0, 0, "exit status 0"},
		{0x300, 3, "exit status 3"},
		{0x7f00, 127, "exit status 127"},
		{0xff00, 255, "exit status 255"},
		{15, -1, "terminated by SIGTERM"},
		{9, -1, "terminated by SIGKILL"},
		{0x8b, -1, "terminated by SIGSEGV (core dumped)"},
		{0x86, -1, "terminated by SIGABRT (core dumped)"},
		{0x137f, -1, "unknown termination cause 0x137f"},
		{0xffff, -1, "unknown termination cause 0xffff"},
		{0x41, -1, "terminated by signal 65"},
		{0x40, -1, "terminated by SIGRTMAX"},
	}
	for _, tt := range tests {
		es, msg := DecodeWaitStatus(tt.ws)
		if es != tt.es || msg != tt.want {
			t.Errorf("DecodeWaitStatus(%#x) = %d, %q; want %d, %q", uint32(tt.ws), es, msg, tt.es, tt.want)
		}
	}
	// And from real children.
	_, _, ws := run(t, &Spec{Name: "foo", Command: self("exit", "3")})
	if es, msg := DecodeWaitStatus(ws); es != 3 || msg != "exit status 3" {
		t.Errorf("exit 3: %d, %q", es, msg)
	}
}

// PROC-ERR-007: pipe creation failures.
func TestSpawnPipeErrors(t *testing.T) {
	out, errOut, _ := run(t, &Spec{Name: "t", Command: self("emfile")})
	if out != "too many open files to spawn 'foo'" {
		t.Errorf("EMFILE: %q (stderr %q)", out, errOut)
	}
}

// PROC-ERR-007: BeforeFork (the log files) failing is a spawn error with the
// dispatchers text; it runs after the pipes are made, and nothing is forked.
func TestSpawnBeforeForkError(t *testing.T) {
	var fds int
	_, err := Spawn(&Spec{Name: "foo", Command: "/bin/true", BeforeFork: func() error {
		entries, _ := os.ReadDir("/proc/self/fd")
		fds = len(entries)
		return &fs.PathError{Op: "open", Path: "/proc/x.log", Err: unix.ENOENT}
	}})
	if errText(err) != "unknown error making dispatchers for 'foo': ENOENT" || !errors.Is(err, ErrPipes) {
		t.Errorf("BeforeFork failing: %v", err)
	}
	entries, _ := os.ReadDir("/proc/self/fd")
	if fds-len(entries) != 6 {
		t.Errorf("%d fds open in BeforeFork, %d after: want its 3 pipes (6 fds) made before it and closed after", fds, len(entries))
	}
	_, err = Spawn(&Spec{Name: "foo", Command: "/bin/true", BeforeFork: func() error { return unix.EMFILE }})
	if errText(err) != "too many open files to spawn 'foo'" {
		t.Errorf("BeforeFork EMFILE: %v", err)
	}
}

// PROC-ERR-008: fork failures, and the texts of both error paths for errnos
// that cannot be provoked here.
func TestSpawnForkErrors(t *testing.T) {
	_, err := Spawn(&Spec{Name: "foo", Command: "/bin/true", Helper: "/nonexistent/helper"})
	if errText(err) != "unknown error during fork for 'foo': ENOENT" || !errors.Is(err, ErrFork) || !errors.Is(err, unix.ENOENT) {
		t.Errorf("missing helper: %v", err)
	}
	if got := ErrnoName(unix.EAGAIN); got != "EAGAIN" {
		t.Errorf("ErrnoName(EAGAIN) = %q", got)
	}
	if got := ErrnoName(unix.EDEADLK); got != "EDEADLOCK" { // Python's errno.errorcode[35]
		t.Errorf("ErrnoName(35) = %q", got)
	}
	if got := ErrnoName(4095); got != "4095" {
		t.Errorf("ErrnoName(4095) = %q", got)
	}
}
