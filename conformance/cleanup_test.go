package conformance

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// stopGrace is how long a supervisord gets between SIGTERM and SIGKILL.
const stopGrace = 10 * time.Second

// proc is what /proc tells us about one process.
type proc struct {
	pid, ppid, pgid int
	state           byte   // from /proc/PID/stat; 'Z' and 'X' are gone for our purposes
	cmdline         string // NUL separators turned into spaces
	ours            bool   // its environment has this script's WORK=...
}

func (p proc) alive() bool { return p.state != 'Z' && p.state != 'X' }

func (p proc) String() string { return fmt.Sprintf("pid %d (%s)", p.pid, p.cmdline) }

// stopResult says what stopDaemons did.
type stopResult struct {
	log    []string // one line per action, for the test log
	killed []proc   // supervisords that ignored SIGTERM for stopGrace
}

// stopDaemons stops everything a script started under work:
//
//   - every supervisord whose pidfile is under work, or whose environment has
//     WORK=work (daemonized ones included), and every command the script put
//     in the background (a child of this test process with WORK=work), gets
//     SIGTERM; after stopGrace, survivors get SIGKILL, as do their process
//     groups and descendants;
//   - then any process still carrying WORK=work (a grandchild that outlived
//     its supervisord, say) is killed.
//
// It never signals this test process or its process group.
func stopDaemons(work string) stopResult {
	var res stopResult
	logf := func(format string, args ...any) { res.log = append(res.log, fmt.Sprintf(format, args...)) }
	me, myGroup := os.Getpid(), syscall.Getpgrp()
	procs := scanProcs("WORK=" + work)

	targets := map[int]proc{}
	for _, pid := range pidfilePIDs(work) {
		if p, ok := procs[pid]; ok && p.alive() && strings.Contains(p.cmdline, "supervisord") {
			targets[pid] = p
		}
	}
	for _, p := range procs {
		if p.ours && p.alive() && (p.ppid == me || strings.Contains(p.cmdline, "supervisord")) {
			targets[p.pid] = p
		}
	}
	delete(targets, me)
	for _, p := range targets {
		logf("stopdaemons: SIGTERM to %s", p)
		_ = syscall.Kill(p.pid, syscall.SIGTERM)
	}

	deadline := time.Now().Add(stopGrace)
	for len(targets) > 0 {
		for pid := range targets {
			if p, ok := readProc(pid, ""); !ok || !p.alive() {
				delete(targets, pid)
			}
		}
		if len(targets) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond) // polling /proc with a deadline
	}

	if len(targets) > 0 {
		procs = scanProcs("WORK=" + work)
		for _, p := range targets {
			logf("stopdaemons: %s did not exit within %v of SIGTERM; SIGKILL to it, its group and descendants", p, stopGrace)
			if strings.Contains(p.cmdline, "supervisord") {
				res.killed = append(res.killed, p)
			}
			for _, q := range append([]proc{p}, descendants(procs, p.pid)...) {
				kill(q, me, myGroup)
			}
		}
	}

	// Whatever still carries this script's WORK was left behind.
	for _, p := range scanProcs("WORK=" + work) {
		if p.ours && p.alive() && p.pid != me {
			logf("stopdaemons: left behind, SIGKILL: %s", p)
			kill(p, me, myGroup)
		}
	}
	return res
}

// kill sends SIGKILL to p and, when p leads a group that is not ours, to that group.
func kill(p proc, me, myGroup int) {
	if p.pid <= 1 || p.pid == me {
		return
	}
	_ = syscall.Kill(p.pid, syscall.SIGKILL)
	if p.pgid > 1 && p.pgid != myGroup {
		_ = syscall.Kill(-p.pgid, syscall.SIGKILL)
	}
}

// descendants lists the processes below pid, children first.
func descendants(procs map[int]proc, pid int) []proc {
	children := map[int][]proc{}
	for _, p := range procs {
		children[p.ppid] = append(children[p.ppid], p)
	}
	var out []proc
	queue := []int{pid}
	for len(queue) > 0 {
		for _, c := range children[queue[0]] {
			out = append(out, c)
			queue = append(queue, c.pid)
		}
		queue = queue[1:]
	}
	return out
}

// pidfilePIDs reads every *.pid file under work.
func pidfilePIDs(work string) []int {
	var pids []int
	_ = filepath.WalkDir(work, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || !strings.HasSuffix(d.Name(), ".pid") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil || len(b) > 64 {
			return nil
		}
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 1 {
			pids = append(pids, pid)
		}
		return nil
	})
	return pids
}

// scanProcs reads every process in /proc; envEntry marks those whose
// environment has exactly that entry.
func scanProcs(envEntry string) map[int]proc {
	procs := map[int]proc{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if p, ok := readProc(pid, envEntry); ok {
			procs[pid] = p
		}
	}
	return procs
}

// readProc reads one process; ok is false if it no longer exists.
func readProc(pid int, envEntry string) (proc, bool) {
	dir := filepath.Join("/proc", strconv.Itoa(pid))
	stat, err := os.ReadFile(filepath.Join(dir, "stat"))
	if err != nil {
		return proc{}, false
	}
	// "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return proc{}, false
	}
	f := strings.Fields(string(stat[i+1:]))
	if len(f) < 3 || len(f[0]) != 1 {
		return proc{}, false
	}
	p := proc{pid: pid, state: f[0][0]}
	p.ppid, _ = strconv.Atoi(f[1])
	p.pgid, _ = strconv.Atoi(f[2])
	cmdline, _ := os.ReadFile(filepath.Join(dir, "cmdline"))
	p.cmdline = strings.TrimSpace(string(bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '})))
	if envEntry != "" {
		env, _ := os.ReadFile(filepath.Join(dir, "environ"))
		for _, kv := range bytes.Split(env, []byte{0}) {
			if string(kv) == envEntry {
				p.ours = true
				break
			}
		}
	}
	return p, true
}
