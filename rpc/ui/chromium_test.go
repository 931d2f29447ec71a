package ui

import (
	"bytes"
	"context"
	"errors"
	"html"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/core/config"
)

// chromiumNames are the names Debian and others give the browser.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

func findChromium() string {
	for _, n := range chromiumNames {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// needChromium returns the browser, installing Debian's chromium when it is
// missing and we are root with apt-get. Without it the test is skipped,
// unless CI=true, where it must run.
func needChromium(t *testing.T) string {
	t.Helper()
	ci := os.Getenv("CI") == "true"
	if testing.Short() && !ci {
		t.Skip("browser test skipped in -short mode (CI=true runs it)")
	}
	if p := findChromium(); p != "" {
		return p
	}
	var why string
	if _, err := exec.LookPath("apt-get"); err != nil || os.Geteuid() != 0 {
		why = "no chromium in PATH, and not root with apt-get to install it"
	} else {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		apt := func(args ...string) error {
			cmd := exec.CommandContext(ctx, "apt-get", args...)
			cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Logf("apt-get %s: %v\n%s", strings.Join(args, " "), err, lastLines(out, 20))
			}
			return err
		}
		t.Log("chromium missing: apt-get install -y chromium")
		if apt("install", "-y", "-q", "chromium") != nil {
			if apt("update", "-q") == nil {
				_ = apt("install", "-y", "-q", "chromium")
			}
		}
		if p := findChromium(); p != "" {
			return p
		}
		why = "apt-get install -y chromium did not provide a browser (see log)"
	}
	if ci {
		t.Fatalf("CI=true and %s", why)
	}
	t.Skipf("%s; install Debian's chromium (apt-get install chromium) or set CI=true to make this test mandatory", why)
	return ""
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// dumpDOM loads u in headless chromium and returns the DOM after load,
// redirects followed and scripts (if any ran) applied.
func dumpDOM(t *testing.T, browser, u string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir="+t.TempDir(), "--dump-dom", u)
	// The browser forks helpers: give it its own process group and end the
	// whole group, on timeout and after it is done.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second // helpers holding stdout open do not hang us
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	if ctx.Err() != nil {
		t.Fatalf("chromium --dump-dom %s: no answer within 90s\nstderr:\n%s", u, lastLines(stderr.Bytes(), 30))
	}
	if err != nil && !errors.Is(err, exec.ErrWaitDelay) {
		t.Fatalf("chromium --dump-dom %s: %v\nstderr:\n%s", u, err, lastLines(stderr.Bytes(), 30))
	}
	if stdout.Len() == 0 {
		t.Fatalf("chromium --dump-dom %s printed no DOM\nstderr:\n%s", u, lastLines(stderr.Bytes(), 30))
	}
	return stdout.String()
}

// processRow returns the table row of namespec in a dumped DOM.
func processRow(t *testing.T, dom, namespec string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<tr[^>]*data-process="` + regexp.QuoteMeta(html.EscapeString(namespec)) + `"[^>]*>.*?</tr>`)
	row := re.FindString(dom)
	if row == "" {
		t.Fatalf("no row for %q in the page:\n%s", namespec, dom)
	}
	return row
}

// TestChromium loads the status page in a real headless browser, follows the
// Stop link of a running process and sees the process stopped in the page
// the redirect leads to (RPC-UI-003, -005, -006). A hostile process name must
// stay text: if its script ran, it would mark the document.
func TestChromium(t *testing.T) {
	browser := needChromium(t)
	const evil = `<script>document.documentElement.setAttribute("data-pwned","1")</script><img src=x onerror="document.documentElement.setAttribute('data-pwned','2')">`
	f := &fakeSupervisor{procs: []*fakeProc{
		{group: "web", name: "web", state: 20, desc: "pid 42, uptime 0:01:00"},
		{group: "grp", name: "worker", state: 0, desc: "Not started"},
		{group: evil, name: evil, state: 20, desc: evil},
	}}
	ep := startUI(t, f, &config.Server{Family: config.ServerInet, Host: "127.0.0.1", Port: 0}, WithClock(time.Now))
	base := "http://" + ep.Addr().String() + "/"

	dom := dumpDOM(t, browser, base)
	if regexp.MustCompile(`<html[^>]*data-pwned`).MatchString(dom) {
		t.Fatalf("a hostile process name ran as script:\n%s", dom)
	}
	row := processRow(t, dom, "web")
	if !strings.Contains(row, `<span class="statusrunning">running</span>`) {
		t.Fatalf("web is not shown running:\n%s", row)
	}
	m := regexp.MustCompile(`<a href="([^"]*)" name="Stop">Stop</a>`).FindStringSubmatch(row)
	if m == nil {
		t.Fatalf("no Stop link in the web row:\n%s", row)
	}
	ref, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	baseURL, _ := url.Parse(base)
	stop := baseURL.ResolveReference(ref).String()
	f.takeCalls()

	dom = dumpDOM(t, browser, stop)
	if got := f.takeCalls(); !containsCall(got, "stopProcess(web)") {
		t.Errorf("following %s made the calls %q, want stopProcess(web) among them", stop, got)
	}
	if !strings.Contains(dom, `class="status_msg"`) || !strings.Contains(dom, "Process web stopped") {
		t.Errorf("after %s the page shows no 'Process web stopped' message:\n%s", stop, dom)
	}
	row = processRow(t, dom, "web")
	if !strings.Contains(row, `<span class="statusnominal">stopped</span>`) || !strings.Contains(row, `name="Start"`) {
		t.Errorf("after %s web is not shown stopped with a Start link:\n%s", stop, row)
	}
	if f.state("web") != 0 {
		t.Errorf("web state %d after stop, want 0", f.state("web"))
	}
}

func containsCall(calls []string, want string) bool {
	for _, c := range calls {
		if c == want {
			return true
		}
	}
	return false
}
