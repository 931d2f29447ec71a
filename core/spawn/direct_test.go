package spawn

import (
	"bytes"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"golang.org/x/sys/unix"
)

// directTestEnv marks the test process that TestDirect starts.
const directTestEnv = "SPAWNTEST_DIRECT_CHILD"

// TestDirect runs TestDirectInChild in a test process of its own: the direct
// path needs process-wide state (SIGPIPE and SIGXFSZ ignored, fds prepared)
// that the other tests must not inherit.
func TestDirect(t *testing.T) {
	if os.Getenv(directTestEnv) != "" {
		t.Skip("inside TestDirect's process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestDirectInChild$", "-test.v")
	cmd.Env = append(os.Environ(), directTestEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestDirectInChild")) {
		t.Fatalf("TestDirectInChild: %v\n%s", err, out)
	}
}

// withHelper is s forced through the helper.
func withHelper(s *Spec) *Spec {
	h := *s
	h.Helper = DefaultHelper
	return &h
}

// counted runs f and reports whether it took the direct path once.
func counted(f func()) bool {
	n := directSpawns.Load()
	f()
	return directSpawns.Load() == n+1
}

func setAction(t *testing.T, sig syscall.Signal, act *kernelSigaction) kernelSigaction {
	t.Helper()
	var old kernelSigaction
	_, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(act)), uintptr(unsafe.Pointer(&old)), 8, 0, 0)
	if e != 0 {
		t.Fatalf("rt_sigaction(%v): %v", sig, e)
	}
	return old
}

// PROC-SPAWN-006, PROC-SPAWN-007, PROC-SPAWN-010, PROC-SPAWN-012, PROC-ENV:
// a child started by the direct path is indistinguishable from one started
// through the helper, and the direct path is taken exactly when it may be.
func TestDirectInChild(t *testing.T) {
	if os.Getenv(directTestEnv) == "" {
		t.Skip("run by TestDirect")
	}
	// Start from default dispositions whatever this process inherited (a
	// shell ignores SIGINT and SIGQUIT in its background jobs, GNU make
	// signals 32 and 33), so that both paths' children can be compared.
	for sig := syscall.Signal(1); sig <= 64; sig++ {
		if sig == syscall.SIGKILL || sig == syscall.SIGSTOP {
			continue
		}
		var cur kernelSigaction
		_, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), 0, uintptr(unsafe.Pointer(&cur)), 8, 0, 0)
		if e == 0 && cur.handler == sigIGN {
			setAction(t, sig, &kernelSigaction{handler: sigDFL})
		}
	}
	// As if inherited: one fd below minfds, one above.
	for _, fd := range []int{100, 1500} {
		if err := unix.Dup3(1, fd, 0); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("SPAWNTEST_BASE", "base")
	t.Setenv("SUPERVISOR_GROUP_NAME", "inherited")
	reportSpec := &Spec{
		Name:      "foo_01",
		Group:     "foo",
		Command:   self("report", "a b", `c"d`, ""),
		ServerURL: "unix:///tmp/supervisor.sock",
		Environment: []datatypes.KV{
			{Key: "SPAWNTEST_PROG", Value: "p"},
			{Key: "SPAWNTEST_BASE", Value: "overridden"},
		},
		MinFDs: 1024,
	}
	catSpec := &Spec{Name: "cat", Command: "cat /proc/self/status", MinFDs: 1024}

	// Not before PrepareDirect, nor before the dispositions are right.
	if counted(func() { run(t, catSpec) }) {
		t.Error("direct path taken before PrepareDirect")
	}
	PrepareDirect(1024)
	if useDirect(reportSpec) {
		t.Error("direct path allowed with SIGPIPE and SIGXFSZ not ignored")
	}
	signal.Ignore(syscall.SIGPIPE, syscall.SIGXFSZ)
	if !useDirect(reportSpec) {
		t.Fatalf("direct path refused (inherited mask empty: %v)", direct.maskOK)
	}

	sameReport := func(s *Spec) report {
		t.Helper()
		var d, h report
		if !counted(func() { d = runReport(t, s) }) {
			t.Errorf("%s: direct path not taken", s.Command)
		}
		if counted(func() { h = runReport(t, withHelper(s)) }) {
			t.Errorf("%s: direct path taken with Spec.Helper set", s.Command)
		}
		for _, r := range []*report{&d, &h} {
			if r.PGID != r.PID {
				t.Errorf("pgid %d, want the child's pid %d", r.PGID, r.PID)
			}
			r.PID, r.PGID = 0, 0
		}
		if !reflect.DeepEqual(d, h) {
			t.Errorf("%s:\ndirect %+v\nhelper %+v", s.Command, d, h)
		}
		return d
	}
	r := sameReport(reportSpec)
	if want := []int{0, 1, 2, 1500}; !reflect.DeepEqual(r.FDs, want) {
		t.Errorf("open fds = %v, want %v", r.FDs, want)
	}
	if want := Environ(os.Environ(), "foo_01", "foo", "unix:///tmp/supervisor.sock", reportSpec.Environment); !reflect.DeepEqual(r.Env, want) {
		t.Errorf("environment:\n got %q\nwant %q", r.Env, want)
	}
	me := os.Getuid()
	sameUser := *reportSpec
	sameUser.UID = &me
	sameReport(&sameUser)

	// A listening socket as fd 0.
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: filepath.Join(t.TempDir(), "s")}); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(fd, 5); err != nil {
		t.Fatal(err)
	}
	sock := os.NewFile(uintptr(fd), "fcgi")
	defer sock.Close()
	fcgi := *reportSpec
	fcgi.Socket = sock
	sameReport(&fcgi)

	// Dispositions, mask, umask and credentials as a non-Go program sees them.
	fields := []string{"Umask", "SigIgn", "SigBlk", "SigCgt", "Uid", "Gid", "Groups", "NoNewPrivs", "Seccomp", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"}
	status := func(s *Spec) map[string]string {
		out, errOut, ws := run(t, s)
		if !ws.Exited() || ws.ExitStatus() != 0 {
			t.Fatalf("cat: %v %q", ws, errOut)
		}
		m := map[string]string{}
		for _, line := range strings.Split(out, "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && slices.Contains(fields, k) {
				m[k] = strings.TrimSpace(v)
			}
		}
		if len(m) != len(fields) {
			t.Fatalf("cat: fields %v in %q", m, out)
		}
		return m
	}
	var d, h map[string]string
	if !counted(func() { d = status(catSpec) }) {
		t.Error("cat: direct path not taken")
	}
	h = status(withHelper(catSpec))
	if !reflect.DeepEqual(d, h) {
		t.Errorf("/proc/self/status:\ndirect %v\nhelper %v", d, h)
	}
	if d["SigIgn"] != "0000000001001000" || d["SigBlk"] != "0000000000000000" || d["SigCgt"] != "0000000000000000" {
		t.Errorf("direct child: SigIgn %s SigBlk %s SigCgt %s", d["SigIgn"], d["SigBlk"], d["SigCgt"])
	}

	// Both pipes, and redirect_stderr.
	for _, redirect := range []bool{false, true} {
		s := &Spec{Name: "foo", Command: `sh -c 'echo out; echo err >&2'`, RedirectStderr: redirect, MinFDs: 1024}
		var dOut, dErr, hOut, hErr string
		if !counted(func() { dOut, dErr, _ = run(t, s) }) {
			t.Error("outerr: direct path not taken")
		}
		hOut, hErr, _ = run(t, withHelper(s))
		if dOut != hOut || dErr != hErr {
			t.Errorf("redirect %v: direct %q %q, helper %q %q", redirect, dOut, dErr, hOut, hErr)
		}
	}

	// A failing exec falls back to the helper, which reports it.
	noexec := filepath.Join(t.TempDir(), "script")
	if err := os.WriteFile(noexec, []byte("no shebang\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	var out, errOut string
	var ws unix.WaitStatus
	if counted(func() { out, errOut, ws = run(t, &Spec{Name: "foo", Command: quote(noexec), MinFDs: 1024}) }) {
		t.Error("ENOEXEC: counted as a direct spawn")
	}
	want := "supervisor: couldn't exec " + noexec + ": ENOEXEC\nsupervisor: child process was not spawned\n"
	if es, _ := DecodeWaitStatus(ws); out != "" || errOut != want || es != 127 {
		t.Errorf("ENOEXEC: stdout %q, stderr %q, exit %d; want stderr %q, exit 127", out, errOut, es, want)
	}

	// Whatever the helper has to do keeps the helper.
	dir, umask, other := t.TempDir(), 0o022, me+1
	for name, s := range map[string]*Spec{
		"directory": {Command: "/bin/true", Directory: &dir, MinFDs: 1024},
		"umask":     {Command: "/bin/true", Umask: &umask, MinFDs: 1024},
		"user":      {Command: "/bin/true", UID: &other, MinFDs: 1024},
		"helper":    {Command: "/bin/true", Helper: "/bin/true", MinFDs: 1024},
		"minfds":    {Command: "/bin/true", MinFDs: 2048},
	} {
		if useDirect(s) {
			t.Errorf("%s: direct path allowed", name)
		}
	}
	// A disposition other than the reference child's keeps the helper, and
	// the helper sets it right.
	for _, c := range []struct {
		sig syscall.Signal
		act uintptr
	}{{unix.SIGXFSZ, sigDFL}, {unix.SIGHUP, sigIGN}} {
		old := setAction(t, c.sig, &kernelSigaction{handler: c.act})
		if useDirect(catSpec) {
			t.Errorf("%v at %d: direct path allowed", c.sig, c.act)
		}
		if counted(func() { d = status(catSpec) }) {
			t.Errorf("%v at %d: direct path taken", c.sig, c.act)
		}
		if d["SigIgn"] != "0000000001001000" {
			t.Errorf("%v at %d: child's SigIgn %s", c.sig, c.act, d["SigIgn"])
		}
		setAction(t, c.sig, &old)
	}
	if !useDirect(catSpec) {
		t.Error("direct path refused after the dispositions were restored")
	}
}

// BenchmarkSpawnPaths is BenchmarkSpawn through each path. It ignores SIGPIPE
// and SIGXFSZ and calls PrepareDirect in this process, as the daemon does.
func BenchmarkSpawnPaths(b *testing.B) {
	signal.Ignore(syscall.SIGPIPE, syscall.SIGXFSZ)
	PrepareDirect(1024)
	s := &Spec{Name: "true", Group: "true", Command: "/bin/true", MinFDs: 1024}
	for _, c := range []struct {
		name   string
		spec   *Spec
		direct bool
	}{{"helper", withHelper(s), false}, {"direct", s, true}} {
		b.Run(c.name, func(b *testing.B) {
			n := directSpawns.Load()
			for b.Loop() {
				ch, err := Spawn(c.spec)
				if err != nil {
					b.Fatal(err)
				}
				ch.Stdin.Close()
				ch.Stdout.Close()
				ch.Stderr.Close()
				ws, err := wait4(ch.PID)
				if err != nil || !ws.Exited() || ws.ExitStatus() != 0 {
					b.Fatalf("/bin/true: %v %v", ws, err)
				}
			}
			if got := directSpawns.Load() - n; (got != 0) != c.direct {
				b.Fatalf("%d direct spawns", got)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "spawns/s")
		})
	}
}

// BenchmarkSpawn200Paths is BenchmarkSpawn200 through each path: ms/200 is
// one burst of 200 spawns and their reaping, spawn-ms/200 the spawns alone.
func BenchmarkSpawn200Paths(b *testing.B) {
	signal.Ignore(syscall.SIGPIPE, syscall.SIGXFSZ)
	PrepareDirect(1024)
	s := &Spec{Name: "true", Group: "true", Command: "/bin/true", MinFDs: 1024}
	for _, c := range []struct {
		name string
		spec *Spec
	}{{"helper", withHelper(s)}, {"direct", s}} {
		b.Run(c.name, func(b *testing.B) {
			children := make([]*Child, 200)
			var spawning time.Duration
			for b.Loop() {
				start := time.Now()
				for i := range children {
					ch, err := Spawn(c.spec)
					if err != nil {
						b.Fatal(err)
					}
					children[i] = ch
				}
				spawning += time.Since(start)
				for _, ch := range children {
					ch.Stdin.Close()
					ch.Stdout.Close()
					ch.Stderr.Close()
					if _, err := wait4(ch.PID); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/200")
			b.ReportMetric(spawning.Seconds()*1000/float64(b.N), "spawn-ms/200")
		})
	}
}

// TestForkers runs the spawn tests again in a test process of its own whose
// spawns fork on forkers (forker.go): the children must not tell.
func TestForkers(t *testing.T) {
	if os.Getenv(forkersTestEnv) != "" {
		t.Skip("inside TestForkers' process")
	}
	cmd := exec.Command(os.Args[0], "-test.v", "-test.count=1",
		"-test.run=^(TestSpawnChildView|TestSpawnPipes|TestSpawnSocketAsStdin|TestSpawnChildFailures|TestSpawnUmaskAndSignals|TestKillGroup|TestSpawnBeforeForkError|TestForkerDirect)$")
	cmd.Env = append(os.Environ(), forkersTestEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestForkerDirect")) {
		t.Fatalf("spawn tests on forkers: %v\n%s", err, out)
	}
}

// TestForkerDirect: through a forker, the direct path's child and the
// helper's see the same descriptors: their pipes and the one inherited
// above minfds (PROC-SPAWN-006).
func TestForkerDirect(t *testing.T) {
	if os.Getenv(forkersTestEnv) == "" {
		t.Skip("run by TestForkers")
	}
	// The main thread is no forker: /proc/<pid>/fd (what lsof reads) is
	// the process's table, with a file just opened here.
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := os.Readlink("/proc/" + strconv.Itoa(os.Getpid()) + "/fd/" + strconv.Itoa(int(f.Fd()))); err != nil {
		t.Errorf("/proc/<pid>/fd is not the process's table: %v", err)
	}
	signal.Ignore(syscall.SIGPIPE, syscall.SIGXFSZ)
	PrepareDirect(1024)
	s := &Spec{Name: "foo", Group: "foo", Command: self("report"), MinFDs: 1024}
	if !useDirect(s) {
		t.Fatal("direct path refused")
	}
	n := forkerSpawns.Load()
	var d, h report
	if !counted(func() { d = runReport(t, s) }) {
		t.Error("direct path not taken")
	}
	h = runReport(t, withHelper(s))
	if got := forkerSpawns.Load() - n; got != 2 {
		t.Errorf("%d of 2 spawns went through a forker", got)
	}
	for _, r := range []*report{&d, &h} {
		if want := []int{0, 1, 2, 1500}; !reflect.DeepEqual(r.FDs, want) {
			t.Errorf("open fds = %v, want %v", r.FDs, want)
		}
	}
}
