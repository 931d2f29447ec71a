package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// benchStopGrace bounds a daemon's shutdown at the end of a benchmark; after
// it, the daemon, its group and whatever carries its WORK are killed.
const benchStopGrace = 30 * time.Second

// benchHeader starts every benchmark config: the usual server sections with
// paths under %(here)s; the benchmark appends its programs.
const benchHeader = `[unix_http_server]
file=%(here)s/s.sock

[supervisord]
logfile=%(here)s/supervisord.log
pidfile=%(here)s/supervisord.pid
childlogdir=%(here)s/childlogs
loglevel=info

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://%(here)s/s.sock

`

// benchSide is one implementation under measurement.
type benchSide struct {
	name string   // "ours" or "reference"
	argv []string // the daemon's command, before -n -s -c CONF
	env  []string // added to the daemon's environment
}

// benchOursOnlyKnob, set to 1, measures our side only: a local shortcut
// while tuning, never what `make bench` reports.
const benchOursOnlyKnob = "BENCH_OURS_ONLY"

// needBenchSides returns ours and the reference, in that order. Without the
// reference (and with the local-only skip knob) the benchmark is skipped.
// With BENCH_OURS_ONLY=1 only ours is returned (refused under CI).
func needBenchSides(b *testing.B) []benchSide {
	b.Helper()
	ours := needOurs(b)
	if os.Getenv(benchOursOnlyKnob) == "1" {
		if os.Getenv("CI") == "true" {
			b.Fatalf("%s=1 is for local tuning only; CI measures both sides", benchOursOnlyKnob)
		}
		return []benchSide{{name: "ours", argv: []string{ours}}}
	}
	ref := needReference(b)
	return []benchSide{
		{name: "ours", argv: []string{ours}},
		{name: "reference", argv: []string{ref.supervisord}, env: []string{"PYTHONPATH=" + ref.pythonPath}},
	}
}

// benchDir makes a fresh directory holding supervisord.conf (benchHeader +
// programs) and the given files. It is left in place until the whole run
// ends (the suite's temporary directory goes then): on a file system without
// a journal, ext4 skips recently deleted inodes when it allocates new ones,
// so deleting one round's hundreds of AUTO logs would slow the next round's
// file creation, on both sides, for minutes. Large files are removed by the
// benchmark that wrote them.
func benchDir(b *testing.B, side benchSide, programs string, files map[string]string) string {
	b.Helper()
	dir, err := os.MkdirTemp(s.tmp, "bench-"+side.name+"-")
	if err != nil {
		b.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "childlogs"), 0o755); err != nil {
		b.Fatal(err)
	}
	files["supervisord.conf"] = benchHeader + programs
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// benchDaemon is one running supervisord -n.
type benchDaemon struct {
	b      *testing.B
	side   benchSide
	dir    string
	cmd    *exec.Cmd
	pid    int
	rpc    *benchClient
	exited chan struct{} // closed when the daemon has been waited for
}

// startDaemon starts side's supervisord on dir/supervisord.conf in the
// foreground (-n, -s: the main log goes only to its file). Its environment
// carries WORK=dir, by which stopDaemons finds anything left behind.
func startDaemon(b *testing.B, side benchSide, dir string) *benchDaemon {
	b.Helper()
	out, err := os.Create(filepath.Join(dir, "daemon.out"))
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	argv := append(append([]string(nil), side.argv...), "-n", "-s", "-c", filepath.Join(dir, "supervisord.conf"))
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), side.env...), "WORK="+dir, "LANG=C.UTF-8", "HOME="+dir)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		b.Fatalf("%s: start %v: %v", side.name, argv, err)
	}
	d := &benchDaemon{
		b: b, side: side, dir: dir, cmd: cmd, pid: cmd.Process.Pid,
		rpc:    newBenchClient(filepath.Join(dir, "s.sock"), 8),
		exited: make(chan struct{}),
	}
	go func() {
		_ = cmd.Wait()
		close(d.exited)
	}()
	b.Cleanup(d.stop)
	return d
}

// stop sends SIGTERM to the daemon and waits for it, at most benchStopGrace;
// then (and in any case) kills whatever is left with its WORK.
func (d *benchDaemon) stop() {
	d.rpc.close()
	select {
	case <-d.exited:
	default:
		_ = syscall.Kill(d.pid, syscall.SIGTERM)
		select {
		case <-d.exited:
		case <-time.After(benchStopGrace):
			d.b.Errorf("%s: supervisord (pid %d) did not exit within %v of SIGTERM", d.side.name, d.pid, benchStopGrace)
			_ = syscall.Kill(-d.pid, syscall.SIGKILL)
			<-d.exited
		}
	}
	for _, line := range stopDaemons(d.dir).log {
		d.b.Log(line)
	}
}

// alive fails the benchmark if the daemon has exited.
func (d *benchDaemon) alive() {
	d.b.Helper()
	select {
	case <-d.exited:
		out, _ := os.ReadFile(filepath.Join(d.dir, "daemon.out"))
		log, _ := os.ReadFile(filepath.Join(d.dir, "supervisord.log"))
		d.b.Fatalf("%s: supervisord exited early\n--- output:\n%s\n--- supervisord.log:\n%s", d.side.name, out, log)
	default:
	}
}

// waitUntil calls cond every interval until it reports true, and fails the
// benchmark after timeout, naming what was awaited. A cond error stops the
// wait unless it only says that nothing answers on the socket yet.
func (d *benchDaemon) waitUntil(what string, timeout, interval time.Duration, cond func() (bool, error)) {
	d.b.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for {
		d.alive()
		ok, err := cond()
		if ok {
			return
		}
		if err != nil {
			if !errors.Is(err, errNoDaemon) {
				d.b.Fatalf("%s: waiting for %s: %v", d.side.name, what, err)
			}
			last = err
		}
		if time.Now().After(deadline) {
			d.b.Fatalf("%s: %s did not happen within %v (last error: %v)", d.side.name, what, timeout, last)
		}
		time.Sleep(interval) // polling with a deadline
	}
}

// waitState waits until getProcessInfo(name) reports state.
func (d *benchDaemon) waitState(name, state string, timeout time.Duration) {
	d.b.Helper()
	d.waitUntil(name+" "+state, timeout, 5*time.Millisecond, func() (bool, error) {
		_, st, err := d.rpc.processInfo(name)
		return st == state, err
	})
}

// waitAllRunning waits until getAllProcessInfo shows n processes RUNNING,
// polling the cheap getProcessInfo(last) first.
func (d *benchDaemon) waitAllRunning(last string, n int, timeout time.Duration) {
	d.b.Helper()
	d.waitUntil(fmt.Sprintf("%d processes RUNNING", n), timeout, 5*time.Millisecond, func() (bool, error) {
		_, st, err := d.rpc.processInfo(last)
		if err != nil || st != "RUNNING" {
			return false, err
		}
		running, _, err := d.rpc.countState("RUNNING")
		return running == n, err
	})
}

// waitExec waits until the process name runs the program base (its
// /proc/PID/exe), i.e. until its spawn has exec'd.
func (d *benchDaemon) waitExec(name, base string) {
	d.b.Helper()
	d.waitUntil(name+" exec'ing "+base, 30*time.Second, time.Millisecond, func() (bool, error) {
		pid, _, err := d.rpc.processInfo(name)
		if err != nil || pid == 0 {
			return false, err
		}
		exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
		return err == nil && filepath.Base(exe) == base, nil
	})
}

// procStat holds the fields of /proc/PID/stat the benchmarks use.
type procStat struct {
	ppid int
	cpu  float64 // utime+stime of all threads, seconds
}

// clockTicks is USER_HZ, 100 on every Linux we run on.
const clockTicks = 100

func readProcStat(pid int) (procStat, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	i := bytes.LastIndexByte(raw, ')')
	if i < 0 {
		return procStat{}, fmt.Errorf("/proc/%d/stat: no comm", pid)
	}
	f := strings.Fields(string(raw[i+1:]))
	if len(f) < 13 {
		return procStat{}, fmt.Errorf("/proc/%d/stat: short", pid)
	}
	// f[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
	ppid, _ := strconv.Atoi(f[1])
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return procStat{ppid: ppid, cpu: (utime + stime) / clockTicks}, nil
}

// statusField reads one numeric field (its first number) of /proc/PATH/status.
func statusField(path, field string) (int64, error) {
	raw, err := os.ReadFile(filepath.Join("/proc", path, "status"))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(v)
			if len(f) == 0 {
				break
			}
			return strconv.ParseInt(f[0], 10, 64)
		}
	}
	return 0, fmt.Errorf("/proc/%s/status: no %s", path, field)
}

// contextSwitches sums voluntary and involuntary context switches over every
// thread of pid: each is the process coming off the CPU, i.e. one wake-up
// (or preemption) of it.
func contextSwitches(pid int) (int64, error) {
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		return 0, err
	}
	var sum int64
	for _, t := range tasks {
		for _, f := range []string{"voluntary_ctxt_switches", "nonvoluntary_ctxt_switches"} {
			n, err := statusField(fmt.Sprintf("%d/task/%s", pid, t.Name()), f)
			if err != nil {
				continue // the thread is gone
			}
			sum += n
		}
	}
	return sum, nil
}

// childOf finds a child of parent other than not, scanning /proc; 0 if none.
// With newer it reads only pids above not (new pids grow until they wrap),
// which keeps a tight poll cheap; the caller does a full scan now and then.
func childOf(parent, not int, newer bool) int {
	f, err := os.Open("/proc")
	if err != nil {
		return 0
	}
	names, _ := f.Readdirnames(-1)
	f.Close()
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil || pid == not || pid == parent || (newer && pid < not) {
			continue
		}
		if st, err := readProcStat(pid); err == nil && st.ppid == parent {
			return pid
		}
	}
	return 0
}

// target is a goal for our figure: at most (or at least) limit.
type target struct {
	text   string // e.g. "≤ 1.2 s"
	limit  float64
	atMost bool
}

func atMost(limit float64, text string) *target {
	return &target{text: text, limit: limit, atMost: true}
}
func atLeast(limit float64, text string) *target { return &target{text: text, limit: limit} }

func (t *target) met(v float64) bool {
	if t.atMost {
		return v <= t.limit
	}
	return v >= t.limit
}

// reportPair reports one measurement of both sides: as benchmark metrics
// (ours-UNIT, ref-UNIT and UNIT-ours/ref) and as one summary line in the log.
func reportPair(b *testing.B, metric, unit string, ours, ref float64, tg *target) {
	b.Helper()
	ratio := math.NaN()
	if ref != 0 {
		ratio = ours / ref
	}
	b.ReportMetric(ours, "ours-"+unit)
	b.ReportMetric(ref, "ref-"+unit)
	b.ReportMetric(ratio, unit+"-ours/ref")
	line := fmt.Sprintf("%s: ours %s %s, reference %s %s, ratio %.3g (ours/reference)",
		metric, fmtFigure(ours), unit, fmtFigure(ref), unit, ratio)
	if os.Getenv(benchOursOnlyKnob) == "1" {
		line = fmt.Sprintf("%s: ours %s %s, reference not measured (%s=1)", metric, fmtFigure(ours), unit, benchOursOnlyKnob)
	}
	if tg != nil {
		verdict := "MET"
		if !tg.met(ours) {
			verdict = "MISSED"
		}
		line += fmt.Sprintf("; target %s: %s", tg.text, verdict)
	}
	if avg, err := os.ReadFile("/proc/loadavg"); err == nil {
		line += fmt.Sprintf(" [load average %s]", strings.Join(strings.Fields(string(avg))[:3], " "))
	}
	b.Log(line)
}

func fmtFigure(v float64) string {
	switch a := math.Abs(v); {
	case a == 0:
		return "0"
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	default:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
}

// median of a sample; 0 for none (a side not measured).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
