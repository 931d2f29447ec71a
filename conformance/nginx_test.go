package conformance

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// nginxBin is where Debian's nginx packages put the server.
const nginxBin = "/usr/sbin/nginx"

// Bounds of the FastCGI end-to-end test.
const (
	fcgiStartWait   = 30 * time.Second // supervisord up and all processes RUNNING
	fcgiCommandWait = 30 * time.Second // one supervisorctl run
	fcgiRequestWait = 10 * time.Second // one HTTP request through nginx
	fcgiStopWait    = 30 * time.Second // supervisord gone after shutdown
	fcgiInstallWait = 10 * time.Minute // apt-get, all attempts
	fcgiRequests    = 30               // sequential requests before the restart
	fcgiAfter       = 30               // requests each load worker makes after the restart
	fcgiWorkers     = 4                // load workers during the restart
	fcgiProcs       = 3                // numprocs
)

// TestFastCGINginx runs an [fcgi-program:app] pool of numprocs=3 behind a real
// nginx (fastcgi_pass to the group's socket), once with a tcp:// and once with
// a unix:// socket, against our supervisord (subtest go) and the reference's
// (subtest ref), both driven by the stock supervisorctl:
//
//   - every request through nginx is answered by a process of the pool, one
//     that supervisord reports RUNNING with that pid (spec FCGI-SPAWN-001: all
//     processes accept on the one socket they got as fd 0; FCGI-SPAWN-003:
//     SUPERVISOR_PROCESS_NAME);
//   - restarting one process while clients keep sending requests fails none
//     of them: the other processes hold the socket, so it is neither closed
//     nor re-created (FCGI-SOCK-003);
//   - after shutdown the socket refuses connections (FCGI-SOCK-003).
//
// The FastCGI program is testdata/fcgichild; nginx is Debian's, installed with
// apt-get when missing, and runs in the foreground from the test's directory.
func TestFastCGINginx(t *testing.T) {
	nginx := needNginx(t)
	child := buildFCGIChild(t)
	for _, impl := range []string{"go", "ref"} {
		t.Run(impl, func(t *testing.T) {
			t.Parallel()
			ref := needReference(t)
			bin := binDir(t, impl, ref)
			for _, kind := range []string{"tcp", "unix"} {
				t.Run(kind, func(t *testing.T) {
					t.Parallel()
					runFCGINginx(t, fcgiSetup{impl: impl, kind: kind, bin: bin, ref: ref, nginx: nginx, child: child})
				})
			}
		})
	}
}

type fcgiSetup struct {
	impl  string // go or ref
	kind  string // tcp or unix: the scheme of the fcgi-program's socket
	bin   string // this side's bin directory (see binDir)
	ref   *reference
	nginx string // the nginx binary
	child string // the fcgichild binary
}

func runFCGINginx(t *testing.T, c fcgiSetup) {
	dir := t.TempDir()
	httpPort := fcgiFreePort(t)
	var socket, pass string
	if c.kind == "tcp" {
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(fcgiFreePort(t)))
		socket, pass = "tcp://"+addr, addr
	} else {
		path := filepath.Join(dir, "app.sock")
		socket, pass = "unix://"+path, "unix:"+path
	}

	d := startSupervisord(t, dir, c, socket)
	before := d.waitRunning(t, nil)

	base := startNginx(t, c.nginx, dir, httpPort, pass)
	client := &http.Client{Timeout: fcgiRequestWait}
	for i := 0; i < fcgiRequests; i++ {
		a, err := fcgiGet(client, base)
		if err == nil {
			err = a.check(before)
		}
		if err != nil {
			t.Fatalf("request %d of %d through nginx: %v\nnginx error.log (tail):\n%s",
				i+1, fcgiRequests, err, fcgiTailFile(filepath.Join(dir, "error.log"), 20))
		}
	}

	// Restart app_01 under load.
	l := startLoad(client, base)
	defer l.stop()
	if err := l.waitUp(fcgiStartWait); err != nil {
		t.Fatal(err)
	}
	out := d.ctl(t, "restart", "app:app_01")
	if want := "app:app_01: stopped\napp:app_01: started\n"; out != want {
		t.Fatalf("supervisorctl restart app:app_01 printed %q; want %q", out, want)
	}
	after := d.waitRunning(t, map[string]int{"app_01": before["app_01"]})
	if after["app_01"] == before["app_01"] {
		t.Fatalf("app_01 still has pid %d after restart", after["app_01"])
	}
	results := l.finish(fcgiAfter, fcgiStartWait)
	valid := map[string][]int{}
	for name, pid := range before {
		valid[name] = append(valid[name], pid)
	}
	valid["app_01"] = append(valid["app_01"], after["app_01"])
	var bad []string
	for _, r := range results {
		err := r.err
		if err == nil {
			err = r.answer.checkAny(valid)
		}
		if err != nil {
			bad = append(bad, fmt.Sprintf("  %s: %v", r.phase, err))
		}
	}
	counts := map[string]int{}
	for _, r := range results {
		counts[r.phase]++
	}
	t.Logf("requests under load: %d before the restart command returned, %d after; pool before %v, after %v",
		counts["during"], counts["after"], before, after)
	if len(bad) > 0 {
		if len(bad) > 10 {
			bad = append(bad[:10], fmt.Sprintf("  ... and %d more", len(bad)-10))
		}
		t.Fatalf("%d of %d requests failed while app:app_01 was restarted (FCGI-SOCK-003: the socket must stay "+
			"open while other processes hold it):\n%s\nnginx error.log (tail):\n%s",
			len(bad), len(results), strings.Join(bad, "\n"), fcgiTailFile(filepath.Join(dir, "error.log"), 20))
	}
	if counts["during"] == 0 {
		t.Errorf("no request was made while app:app_01 was restarted")
	}

	// Shutdown: supervisord exits and the socket is closed.
	if out := d.ctl(t, "shutdown"); out != "Shut down\n" {
		t.Fatalf("supervisorctl shutdown printed %q; want %q", out, "Shut down\n")
	}
	if err := d.wait(fcgiStopWait); err != nil {
		t.Fatal(err)
	}
	network, address := "tcp", pass
	if c.kind == "unix" {
		network, address = "unix", strings.TrimPrefix(pass, "unix:")
	}
	conn, err := net.DialTimeout(network, address, fcgiRequestWait)
	if err == nil {
		conn.Close()
		t.Errorf("%s still accepts connections after shutdown (FCGI-SOCK-003: the last reap closes it)", socket)
	} else if !errors.Is(err, syscall.ECONNREFUSED) && !(c.impl == "go" && c.kind == "unix" && errors.Is(err, syscall.ENOENT)) {
		// Deliberate difference (FCGI-SOCK-005): the reference leaves the
		// dead unix socket file (refused); we remove it (no such file).
		t.Errorf("connect to %s after shutdown: %v; want connection refused (FCGI-SOCK-003)", socket, err)
	}
}

// needNginx returns the nginx binary, installing Debian's package with
// apt-get when it is missing. If it cannot be had the test is skipped, loudly,
// except under CI=true, where it fails.
func needNginx(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(nginxBin); err == nil {
		return nginxBin
	}
	var prefix []string
	if os.Geteuid() != 0 {
		prefix = []string{"sudo", "-n"}
	}
	ctx, cancel := context.WithTimeout(context.Background(), fcgiInstallWait)
	defer cancel()
	var tried []string
	// nginx-light first (the small build), then nginx; an unknown package may
	// only need a fresh package list.
	for _, args := range [][]string{
		{"apt-get", "install", "-y", "nginx-light"},
		{"apt-get", "install", "-y", "nginx"},
		{"apt-get", "update"},
		{"apt-get", "install", "-y", "nginx-light"},
		{"apt-get", "install", "-y", "nginx"},
	} {
		argv := append(append([]string(nil), prefix...), args...)
		cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		out, err := cmd.CombinedOutput()
		t.Logf("%s: %v\n%s", strings.Join(argv, " "), fcgiOutcome(err), tail(string(out), 5))
		tried = append(tried, fmt.Sprintf("%s: %v", strings.Join(argv, " "), fcgiOutcome(err)))
		if _, err := os.Stat(nginxBin); err == nil {
			return nginxBin
		}
		if ctx.Err() != nil {
			break
		}
	}
	msg := fmt.Sprintf("%s is missing and could not be installed:\n  %s", nginxBin, strings.Join(tried, "\n  "))
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skipf("!!! SKIPPED, NOT TESTED: the FastCGI end-to-end test needs nginx. %s", msg)
	return ""
}

func fcgiOutcome(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}

// buildFCGIChild builds testdata/fcgichild.
func buildFCGIChild(t *testing.T) string {
	t.Helper()
	out := filepath.Join(s.tmp, "fcgichild", "fcgichild")
	cmd := exec.Command("go", "build", "-o", out, "./conformance/testdata/fcgichild")
	cmd.Dir = s.root
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build -o %s ./conformance/testdata/fcgichild: %v\n%s", out, err, msg)
	}
	return out
}

// fcgiFreePort returns a loopback TCP port that was free a moment ago.
func fcgiFreePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// fcgiTailFile returns the last n lines of a file, or why it cannot.
func fcgiTailFile(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	return tail(string(b), n)
}

// fcgiDaemon is one supervisord -n of the test.
type fcgiDaemon struct {
	dir, bin, conf string
	env            []string
	exited         chan struct{} // closed when supervisord has exited
	waitErr        error         // its exit, once exited is closed
}

const fcgiConf = `[unix_http_server]
file=%(here)s/s.sock

[supervisord]
logfile=%(here)s/supervisord.log
pidfile=%(here)s/supervisord.pid
childlogdir=%(here)s
loglevel=debug

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://%(here)s/s.sock

[fcgi-program:app]
command=@CHILD@
socket=@SOCKET@
process_name=%(program_name)s_%(process_num)02d
numprocs=3
startsecs=1
stopwaitsecs=10
redirect_stderr=true
stdout_logfile=%(here)s/%(program_name)s_%(process_num)02d.log
`

// startSupervisord writes supervisord.conf into dir and starts this side's
// supervisord -n on it. Whatever is left running at the end of the test is
// stopped as the scripts' stopdaemons does (its environment has WORK=dir).
func startSupervisord(t *testing.T, dir string, c fcgiSetup, socket string) *fcgiDaemon {
	t.Helper()
	d := &fcgiDaemon{
		dir:  dir,
		bin:  c.bin,
		conf: filepath.Join(dir, "supervisord.conf"),
		env: []string{
			"PATH=" + c.bin + string(os.PathListSeparator) + os.Getenv("PATH"),
			"PYTHONPATH=" + c.ref.pythonPath,
			"LANG=C.UTF-8",
			"HOME=" + dir,
			"TMPDIR=" + os.TempDir(),
			"WORK=" + dir,
		},
		exited: make(chan struct{}),
	}
	conf := strings.NewReplacer("@CHILD@", c.child, "@SOCKET@", socket).Replace(fcgiConf)
	if err := os.WriteFile(d.conf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(filepath.Join(dir, "supervisord.out"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(filepath.Join(c.bin, "supervisord"), "-n", "-c", d.conf)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, d.env, out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		d.waitErr = cmd.Wait()
		close(d.exited)
	}()
	t.Cleanup(func() {
		for _, line := range stopDaemons(dir).log {
			t.Log(line)
		}
		select {
		case <-d.exited:
		case <-time.After(stopGrace):
			t.Errorf("supervisord (pid %d) was not reaped", cmd.Process.Pid)
		}
	})
	return d
}

// ctl runs the stock supervisorctl and returns its stdout; a run that does
// not finish in time ends the test. The exit status is left to the caller's
// check of the output.
func (d *fcgiDaemon) ctl(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, err := d.tryCtl(args...)
	if err != nil && !fcgiIsExit(err) {
		t.Fatalf("supervisorctl %s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
	}
	return out
}

func (d *fcgiDaemon) tryCtl(args ...string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), fcgiCommandWait)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(d.bin, "supervisorctl"), append([]string{"-c", d.conf}, args...)...)
	cmd.Dir, cmd.Env = d.dir, d.env
	var o, e strings.Builder
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("did not finish within %v", fcgiCommandWait)
	}
	return o.String(), e.String(), err
}

func fcgiIsExit(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee) && ee.ExitCode() >= 0
}

var statusLine = regexp.MustCompile(`^app:(app_\d\d) +(\S+) +(?:pid (\d+),)?`)

// waitRunning polls supervisorctl status until all processes of the pool are
// RUNNING, those named in not with a pid other than the one given there, and
// returns their pids by process name.
func (d *fcgiDaemon) waitRunning(t *testing.T, not map[string]int) map[string]int {
	t.Helper()
	deadline := time.Now().Add(fcgiStartWait)
	var last string
	for {
		select {
		case <-d.exited:
			t.Fatalf("supervisord exited (%v) before all processes were RUNNING; last status:\n%s\nsupervisord.out:\n%s",
				d.waitErr, last, fcgiTailFile(filepath.Join(d.dir, "supervisord.out"), 20))
		default:
		}
		out, errOut, _ := d.tryCtl("status")
		last = out + errOut
		pids := map[string]int{}
		for _, line := range strings.Split(out, "\n") {
			m := statusLine.FindStringSubmatch(line)
			if m == nil || m[2] != "RUNNING" {
				continue
			}
			if pid, _ := strconv.Atoi(m[3]); pid > 0 && pid != not[m[1]] {
				pids[m[1]] = pid
			}
		}
		if len(pids) == fcgiProcs {
			return pids
		}
		if time.Now().After(deadline) {
			t.Fatalf("not all %d processes of app were RUNNING after %v; last supervisorctl status:\n%s\nsupervisord.log (tail):\n%s",
				fcgiProcs, fcgiStartWait, last, fcgiTailFile(filepath.Join(d.dir, "supervisord.log"), 20))
		}
		time.Sleep(100 * time.Millisecond) // polling supervisorctl status with a deadline
	}
}

// wait waits for supervisord to exit, successfully.
func (d *fcgiDaemon) wait(timeout time.Duration) error {
	select {
	case <-d.exited:
	case <-time.After(timeout):
		return fmt.Errorf("supervisord did not exit within %v of shutdown", timeout)
	}
	if d.waitErr != nil {
		return fmt.Errorf("supervisord exited with %v after shutdown; supervisord.out:\n%s",
			d.waitErr, fcgiTailFile(filepath.Join(d.dir, "supervisord.out"), 20))
	}
	return nil
}

const nginxConf = `daemon off;
master_process off;
worker_processes 1;
pid @DIR@/nginx.pid;
error_log @DIR@/error.log info;

events {
	worker_connections 256;
}

http {
	access_log @DIR@/access.log;
	client_body_temp_path @DIR@/client_body_temp;
	fastcgi_temp_path @DIR@/fastcgi_temp;
	proxy_temp_path @DIR@/proxy_temp;
	scgi_temp_path @DIR@/scgi_temp;
	uwsgi_temp_path @DIR@/uwsgi_temp;

	server {
		listen 127.0.0.1:@PORT@;
		location / {
			fastcgi_pass @PASS@;
			fastcgi_param QUERY_STRING $query_string;
			fastcgi_param REQUEST_METHOD $request_method;
			fastcgi_param CONTENT_TYPE $content_type;
			fastcgi_param CONTENT_LENGTH $content_length;
			fastcgi_param SCRIPT_NAME $fastcgi_script_name;
			fastcgi_param REQUEST_URI $request_uri;
			fastcgi_param DOCUMENT_URI $document_uri;
			fastcgi_param SERVER_PROTOCOL $server_protocol;
			fastcgi_param GATEWAY_INTERFACE CGI/1.1;
			fastcgi_param REMOTE_ADDR $remote_addr;
			fastcgi_param REMOTE_PORT $remote_port;
			fastcgi_param SERVER_ADDR $server_addr;
			fastcgi_param SERVER_PORT $server_port;
			fastcgi_param SERVER_NAME $server_name;
		}
	}
}
`

// startNginx runs nginx in the foreground with its configuration, pid file,
// logs and temporary files in dir, listening on 127.0.0.1:port and passing
// every request to pass. It returns the base URL once nginx accepts
// connections, and kills nginx's process group at the end of the test.
func startNginx(t *testing.T, bin, dir string, port int, pass string) string {
	t.Helper()
	conf := filepath.Join(dir, "nginx.conf")
	text := strings.NewReplacer("@DIR@", dir, "@PORT@", strconv.Itoa(port), "@PASS@", pass).Replace(nginxConf)
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-c", conf, "-p", dir + "/"}
	// -e (nginx 1.19.5) keeps even the messages before the configuration is
	// read out of the system's log.
	if help, _ := exec.Command(bin, "-h").CombinedOutput(); strings.Contains(string(help), "-e filename") {
		args = append(args, "-e", filepath.Join(dir, "error.log"))
	}
	out, err := os.Create(filepath.Join(dir, "nginx.out"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		select {
		case <-exited:
		case <-time.After(stopGrace):
			t.Errorf("nginx (pid %d) was not reaped within %v of SIGKILL", cmd.Process.Pid, stopGrace)
		}
	})

	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	deadline := time.Now().Add(fcgiStartWait)
	for {
		select {
		case <-exited:
			t.Fatalf("nginx exited at start: %v\nnginx.out:\n%s\nerror.log:\n%s",
				cmd.ProcessState, fcgiTailFile(filepath.Join(dir, "nginx.out"), 20), fcgiTailFile(filepath.Join(dir, "error.log"), 20))
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return "http://" + addr + "/"
		} else if time.Now().After(deadline) {
			t.Fatalf("nginx did not accept connections on %s within %v: %v\nerror.log:\n%s",
				addr, fcgiStartWait, err, fcgiTailFile(filepath.Join(dir, "error.log"), 20))
		}
		time.Sleep(50 * time.Millisecond) // polling nginx's port with a deadline
	}
}

// fcgiAnswer is what a process of the pool says about itself.
type fcgiAnswer struct {
	name string
	pid  int
}

var answerLine = regexp.MustCompile(`\A(app_\d\d) (\d+)\n\z`)

// fcgiGet sends one GET through nginx and parses the answer; anything but a
// 200 with one answer line is an error.
func fcgiGet(client *http.Client, url string) (fcgiAnswer, error) {
	resp, err := client.Get(url)
	if err != nil {
		return fcgiAnswer{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return fcgiAnswer{}, fmt.Errorf("%s: reading the body: %v", resp.Status, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fcgiAnswer{}, fmt.Errorf("%s: %q", resp.Status, body)
	}
	m := answerLine.FindSubmatch(body)
	if m == nil {
		return fcgiAnswer{}, fmt.Errorf("%s: body %q is not `<process name> <pid>\\n`", resp.Status, body)
	}
	pid, _ := strconv.Atoi(string(m[2]))
	return fcgiAnswer{name: string(m[1]), pid: pid}, nil
}

// check wants the answer from a RUNNING process of the pool.
func (a fcgiAnswer) check(pool map[string]int) error {
	if pid, ok := pool[a.name]; !ok || pid != a.pid {
		return fmt.Errorf("answered by %s pid %d, not a process of the pool %v", a.name, a.pid, pool)
	}
	return nil
}

// checkAny wants the answer from one of the pids a process had.
func (a fcgiAnswer) checkAny(pool map[string][]int) error {
	for _, pid := range pool[a.name] {
		if pid == a.pid {
			return nil
		}
	}
	return fmt.Errorf("answered by %s pid %d, not a process of the pool %v", a.name, a.pid, pool)
}

// fcgiLoad is fcgiWorkers clients sending requests one after another until
// told to finish.
type fcgiLoad struct {
	cancel context.CancelFunc
	up     chan struct{} // closed after the first answer
	upOnce sync.Once
	more   []chan int // to each worker: how many more requests to make
	wg     sync.WaitGroup

	mu      sync.Mutex
	phase   string // "during", then "after" once the restart returned
	results []fcgiResult
}

type fcgiResult struct {
	phase  string
	answer fcgiAnswer
	err    error
}

func startLoad(client *http.Client, url string) *fcgiLoad {
	ctx, cancel := context.WithCancel(context.Background())
	l := &fcgiLoad{cancel: cancel, up: make(chan struct{}), phase: "during"}
	for i := 0; i < fcgiWorkers; i++ {
		more := make(chan int, 1)
		l.more = append(l.more, more)
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			left := -1 // no limit yet
			for left != 0 && ctx.Err() == nil {
				select {
				case left = <-more:
				default:
				}
				a, err := fcgiGet(client, url)
				l.mu.Lock()
				l.results = append(l.results, fcgiResult{phase: l.phase, answer: a, err: err})
				l.mu.Unlock()
				if err == nil {
					l.upOnce.Do(func() { close(l.up) })
				}
				if left > 0 {
					left--
				}
			}
		}()
	}
	return l
}

func (l *fcgiLoad) waitUp(timeout time.Duration) error {
	select {
	case <-l.up:
		return nil
	case <-time.After(timeout):
		l.mu.Lock()
		defer l.mu.Unlock()
		var errs []string
		for _, r := range l.results {
			if r.err != nil {
				errs = append(errs, r.err.Error())
			}
		}
		return fmt.Errorf("no request through nginx was answered within %v: %s", timeout, tail(strings.Join(errs, "\n"), 5))
	}
}

// finish has each worker make n more requests, counted as "after", and
// returns every result; the workers are stopped after timeout.
func (l *fcgiLoad) finish(n int, timeout time.Duration) []fcgiResult {
	l.mu.Lock()
	l.phase = "after"
	l.mu.Unlock()
	for _, more := range l.more {
		more <- n
	}
	done := make(chan struct{})
	go func() {
		l.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(timeout):
		l.stop()
		l.mu.Lock()
		l.results = append(l.results, fcgiResult{phase: "after",
			err: fmt.Errorf("the workers did not make %d more requests each within %v", n, timeout)})
		l.mu.Unlock()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]fcgiResult(nil), l.results...)
}

// stop ends the workers and waits for them (each request is bounded).
func (l *fcgiLoad) stop() {
	l.cancel()
	l.wg.Wait()
}
