package ui

import (
	"fmt"
	"io"
	"net"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/rpc"
)

func newFake() *fakeSupervisor {
	return &fakeSupervisor{procs: []*fakeProc{
		{group: "web", name: "web", state: 20, desc: "pid 42, uptime 0:01:00", log: "hello\n"},
		{group: "grp", name: "b", state: 0, desc: "Not started", noFile: true},
		{group: "grp", name: "a", state: 0, desc: "Not started"},
		{group: "grp", name: "c", state: 30, desc: "Exited too quickly (process log may have details)"},
	}}
}

// TestActions drives every action URL of the status page. Each must call the
// right methods and redirect with the reference's message, as observed on
// supervisord 4.2.5 (`curl -si 'http://127.0.0.1:19011/index.html?processname=grp:a&action=start'`
// and so on). Spec: RPC-UI-003.
func TestActions(t *testing.T) {
	const ct = "Wed%20Nov%2025%2018%3A32%3A10%202026"
	tests := []struct {
		uri       string
		wantCode  int
		wantMsg   string // the Location's message, quoted
		wantCalls []string
	}{
		{uri: "/index.html?action=refresh", wantCode: 301, wantMsg: "Page%20refreshed%20at%20" + ct},
		{uri: "/?action=stopall", wantCode: 301, wantMsg: "All%20stopped%20at%20" + ct, wantCalls: []string{"stopAllProcesses()"}},
		{uri: "/index.html?action=restartall", wantCode: 301, wantMsg: "All%20restarted%20at%20" + ct,
			wantCalls: []string{"stopAllProcesses()", "startAllProcesses()"}},
		{uri: "/index.html?processname=grp:a&action=start", wantCode: 301, wantMsg: "Process%20grp%3Aa%20started",
			wantCalls: []string{"getProcessInfo(grp:a)", "startProcess(grp:a)"}},
		{uri: "/index.html?processname=grp%3Ab&action=start", wantCode: 301,
			wantMsg:   "ERROR%3A%20Process%20grp%3Ab%3A%20no%20such%20file",
			wantCalls: []string{"getProcessInfo(grp:b)", "startProcess(grp:b)"}},
		{uri: "/index.html?processname=web&action=start", wantCode: 301,
			wantMsg:   "ERROR%3A%20Process%20web%3A%20already%20started",
			wantCalls: []string{"getProcessInfo(web)", "startProcess(web)"}},
		{uri: "/index.html?processname=web&action=stop", wantCode: 301, wantMsg: "Process%20web%20stopped",
			wantCalls: []string{"getProcessInfo(web)", "stopProcess(web)"}},
		{uri: "/index.html?processname=grp:a&action=stop", wantCode: 301,
			wantMsg:   "unexpected%20rpc%20fault%20%5B70%5D%20NOT_RUNNING%3A%20grp%3Aa",
			wantCalls: []string{"getProcessInfo(grp:a)", "stopProcess(grp:a)"}},
		{uri: "/index.html?processname=grp:a&action=restart", wantCode: 301, wantMsg: "Process%20grp%3Aa%20restarted",
			wantCalls: []string{"getProcessInfo(grp:a)", "stopProcess(grp:a)", "startProcess(grp:a)"}},
		{uri: "/index.html?processname=web&action=clearlog", wantCode: 301, wantMsg: "Log%20for%20web%20cleared",
			wantCalls: []string{"getProcessInfo(web)", "clearProcessLogs(web)"}},
		{uri: "/index.html?processname=nosuch&action=stop", wantCode: 301, wantMsg: "No%20such%20process%20named%20nosuch",
			wantCalls: []string{"getProcessInfo(nosuch)"}},
		{uri: "/index.html?processname=grp:*&action=stop", wantCode: 301, wantMsg: "No%20such%20process%20named%20grp%3A%2A",
			wantCalls: []string{"getProcessInfo(grp:*)"}},
		// Repeated keys: the first value counts (RPC-UI-001).
		{uri: "/?processname=nosuch&processname=web&action=stop&action=start", wantCode: 301,
			wantMsg: "No%20such%20process%20named%20nosuch", wantCalls: []string{"getProcessInfo(nosuch)"}},
		{uri: "/index.html?action=bogus", wantCode: 500},
		{uri: "/index.html?processname=web&action=bogus", wantCode: 500, wantCalls: []string{"getProcessInfo(web)"}},
		{uri: "/index.html?action=start", wantCode: 500},
		{uri: "/index.html?processname=&action=start", wantCode: 500},
		// An empty action is no action: the page.
		{uri: "/index.html?processname=web&action=", wantCode: 200, wantCalls: []string{"getAllProcessInfo()", "getSupervisorVersion()"}},
	}
	for _, tt := range tests {
		t.Run(tt.uri, func(t *testing.T) {
			f := newFake()
			ep := startUI(t, f, nil)
			resp, _ := get(t, ep, tt.uri)
			if resp.StatusCode != tt.wantCode {
				t.Fatalf("GET %s: status %d, want %d", tt.uri, resp.StatusCode, tt.wantCode)
			}
			if tt.wantMsg != "" {
				if got, want := resp.Header.Get("Location"), "http://ui.test:9001/?message="+tt.wantMsg; got != want {
					t.Errorf("GET %s: Location %q, want %q", tt.uri, got, want)
				}
			}
			if got := f.takeCalls(); !reflect.DeepEqual(got, tt.wantCalls) && (len(got) > 0 || len(tt.wantCalls) > 0) {
				t.Errorf("GET %s: calls %q, want %q", tt.uri, got, tt.wantCalls)
			}
		})
	}
}

var dateRE = regexp.MustCompile(`Date: [^\r]*\r\n`)

// TestRedirectBytes pins the whole 301 answer, header order included, to the
// reference's (RPC-UI-003, RPC-HTTP-006).
func TestRedirectBytes(t *testing.T) {
	ep := startUI(t, newFake(), nil)
	got := dateRE.ReplaceAllString(roundTrip(t, ep, "GET /index.html?processname=web&action=stop HTTP/1.1\r\nHost: 127.0.0.1:19011\r\nConnection: close\r\n\r\n"), "")
	want := "HTTP/1.1 301 Moved Permanently\r\nServer: Medusa/1.12\r\n" +
		"Location: http://127.0.0.1:19011/?message=Process%20web%20stopped\r\n" +
		"Content-Type: text/html\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n" +
		"Expires: Thu, 01 Jan 1970 00:00:00 GMT\r\nContent-Length: 142\r\n\r\n" +
		"<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n" +
		"<p>Error code 301.\r\n<p>Message: Moved Permanently.\r\n</body>\r\n"
	if got != want {
		t.Errorf("answer:\n%q\nwant:\n%q", got, want)
	}
}

// TestServerURL: the Location is built as the reference's get_server_url
// does: from the Host header of the CGI environment, else from the server's
// own name and port (RPC-UI-003). Cases observed on supervisord 4.2.5 with
// raw requests (`GET /?action=refresh HTTP/1.0` plus the header lines).
func TestServerURL(t *testing.T) {
	unix := startUI(t, newFake(), nil)
	inet := startUI(t, newFake(), &config.Server{Family: config.ServerInet, Host: "127.0.0.1"})
	inetPort := strconv.Itoa(inet.Addr().(*net.TCPAddr).Port)
	tests := []struct {
		ep         *rpc.Endpoint
		host, want string
	}{
		{unix, "Host: example.com:80\r\n", "http://example.com/"},
		{unix, "Host: example.com\r\n", "http://example.com/"},
		{unix, "Host: example.com:\r\n", "http://example.com/"},
		{unix, "Host: example.com:0081/ \r\n", "http://example.com:0081/"},
		{unix, "Host: [::1]:9001\r\n", "http://[::1]:9001/"},
		{unix, "Host:foo:80\r\n", "http://foo/"},        // split at ':', no space needed
		{unix, "HOST:  b:8080 \r\n", "http://b:8080/"},  // any case, stripped
		{unix, "Host: a\r\nHost: b\r\n", "http://a/"},   // the first one
		{unix, "Host: \r\nHost: b:80\r\n", "http://b/"}, // a blank one does not count
		{unix, "X-Host: a\r\nHost-X: b\r\n", "http://<unix domain socket>:" + unix.Config.File + "/"},
		{unix, "", "http://<unix domain socket>:" + unix.Config.File + "/"},
		{unix, "Host: \r\n", "http://<unix domain socket>:" + unix.Config.File + "/"},
		{inet, "", "http://" + inet.ServerName() + ":" + inetPort + "/"},
		{inet, "Host: h\r\n", "http://h/"},
	}
	for _, tt := range tests {
		resp, _ := parse(t, roundTrip(t, tt.ep, "GET /?action=refresh HTTP/1.0\r\n"+tt.host+"\r\n"))
		if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, tt.want+"?message=") {
			t.Errorf("%q: Location %q, want prefix %q", tt.host, loc, tt.want)
		}
	}
	if got := inet.ServerName(); got == "" || strings.HasSuffix(got, ".") {
		t.Errorf("inet server name %q", got)
	}
}

// TestHeaderWithoutColon: the reference's cgi_environment cannot split such
// a line: a GET gets 500, a POST no answer at all.
func TestHeaderWithoutColon(t *testing.T) {
	f := newFake()
	ep := startUI(t, f, nil)
	for _, tt := range []struct{ req, want string }{
		{"GET /?action=refresh HTTP/1.0\r\nFoo\r\n\r\n", "HTTP/1.0 500 "},
		{"GET /ok.html HTTP/1.0\r\nFoo\r\n\r\n", "HTTP/1.0 500 "},
		{"POST / HTTP/1.0\r\nFoo\r\nContent-Length: 25\r\n\r\nprocessname=web&action=stop", ""},
		{"POST / HTTP/1.0\r\nFoo\r\n\r\n", "HTTP/1.0 411 "}, // the body comes first
	} {
		got := roundTrip(t, ep, tt.req)
		if tt.want == "" && got != "" || !strings.HasPrefix(got, tt.want) {
			t.Errorf("%q: answer %q, want it to start with %q", tt.req, got, tt.want)
		}
	}
	if f.state("web") != 20 {
		t.Errorf("web state %d: the failed POST ran its action", f.state("web"))
	}
}

// TestShutdownFaults: during shutdown the faults surface in the messages
// (RPC-UI-010).
func TestShutdownFaults(t *testing.T) {
	f := newFake()
	f.shutdown = true
	ep := startUI(t, f, nil)
	resp, _ := get(t, ep, "/index.html?processname=web&action=start")
	if got, want := resp.Header.Get("Location"), "http://ui.test:9001/?message=ERROR%3A%20Process%20web%3A%20unexpected%20rpc%20fault%20%5B6%5D%20SHUTDOWN_STATE"; got != want {
		t.Errorf("Location %q, want %q", got, want)
	}
	if resp, _ := get(t, ep, "/?action=stopall"); resp.StatusCode != 500 {
		t.Errorf("stopall while shutting down: %d, want 500 as the reference's make_callback raises", resp.StatusCode)
	}
}

// TestStatusPage checks the rows, their order, classes and links
// (RPC-UI-002, -004..008).
func TestStatusPage(t *testing.T) {
	f := newFake()
	ep := startUI(t, f, nil)
	resp, body := get(t, ep, "/")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for k, v := range map[string]string{
		"Content-Type": "text/html;charset=utf-8", "Pragma": "no-cache", "Cache-Control": "no-cache",
		"Expires": "Thu, 01 Jan 1970 00:00:00 GMT", "Content-Length": fmt.Sprint(len(body)),
	} {
		if got := resp.Header.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	rows := regexp.MustCompile(`(?s)<tr( class="shade")? data-process="([^"]*)">(.*?)</tr>`).FindAllStringSubmatch(body, -1)
	type want struct {
		shade   bool
		name    string
		state   string
		actions []string
	}
	wants := []want{
		{false, "grp:a", `<span class="statusnominal">stopped</span>`, []string{"Start", "Clear Log", "Tail -f Stdout", "Tail -f Stderr"}},
		{true, "grp:b", `<span class="statusnominal">stopped</span>`, []string{"Start", "Clear Log", "Tail -f Stdout", "Tail -f Stderr"}},
		{false, "grp:c", `<span class="statuserror">backoff</span>`, []string{"Clear Log", "Tail -f Stdout", "Tail -f Stderr"}},
		{true, "web", `<span class="statusrunning">running</span>`, []string{"Restart", "Stop", "Clear Log", "Tail -f Stdout", "Tail -f Stderr"}},
	}
	if len(rows) != len(wants) {
		t.Fatalf("%d rows, want %d:\n%s", len(rows), len(wants), body)
	}
	nameRE := regexp.MustCompile(`name="([^"]*)"`)
	for i, w := range wants {
		r := rows[i]
		if (r[1] != "") != w.shade || r[2] != w.name || !strings.Contains(r[3], w.state) {
			t.Errorf("row %d = %q, want %+v", i, r[0], w)
		}
		var names []string
		for _, m := range nameRE.FindAllStringSubmatch(r[3], -1) {
			names = append(names, m[1])
		}
		if !reflect.DeepEqual(names, w.actions) {
			t.Errorf("row %d actions %q, want %q", i, names, w.actions)
		}
	}
	for _, s := range []string{
		`<a href="tail.html?processname=grp%3Aa" target="_blank">grp:a</a>`,
		`<a href="index.html?processname=grp%3Aa&amp;action=start" name="Start">Start</a>`,
		`<a href="index.html?processname=web&amp;action=stop" name="Stop">Stop</a>`,
		`<a href="index.html?processname=web&amp;action=restart" name="Restart">Restart</a>`,
		`<a href="index.html?processname=web&amp;action=clearlog" name="Clear Log">Clear Log</a>`,
		`<a href="logtail/web" name="Tail -f Stdout" target="_blank">Tail -f Stdout</a>`,
		`<a href="logtail/grp%3Aa/stderr" name="Tail -f Stderr" target="_blank">Tail -f Stderr</a>`,
		`<a class="button" href="index.html?action=refresh">Refresh</a>`,
		`<a class="button" href="index.html?action=restartall">Restart All</a>`,
		`<a class="button" href="index.html?action=stopall">Stop All</a>`,
		`<td class="desc">pid 42, uptime 0:01:00</td>`,
		`<span class="version">4.2.5</span>`,
		`<span class="year">2026</span>`,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %s", s)
		}
	}
	if strings.Contains(body, "status_msg") {
		t.Error("a status message without message=")
	}
	_, body = get(t, ep, "/index.html?message=Process%20web%20stopped")
	if !strings.Contains(body, `<p id="statusmessage" class="status_msg" role="status">Process web stopped</p>`) {
		t.Errorf("message not shown:\n%s", body)
	}

	f.procs = nil
	_, body = get(t, ep, "/")
	if !strings.Contains(body, "No programs to manage") || strings.Contains(body, "<table") {
		t.Errorf("no processes (RPC-UI-007):\n%s", body)
	}
}

// hostile is a name, description, message and log text that would run
// script if it reached the page unescaped.
const hostile = `"><script>alert(1)</script><img src=x onerror=alert(2)>&amp;'`

// TestEscaping: process names, descriptions, messages and log text are
// hostile input; none of them may become markup.
func TestEscaping(t *testing.T) {
	f := &fakeSupervisor{procs: []*fakeProc{{group: hostile, name: hostile, desc: hostile, state: 20, log: hostile + "\n\xff\xfe"}}}
	ep := startUI(t, f, nil)
	check := func(uri, body string) {
		t.Helper()
		for _, bad := range []string{"<script", "<img src=x", "onerror=alert(2)>", `"><script`} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: %q reached the page unescaped:\n%s", uri, bad, body)
			}
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: escaped text missing:\n%s", uri, body)
		}
	}
	uri := "/index.html?message=" + quote(hostile)
	_, body := get(t, ep, uri)
	check(uri, body)
	// The namespec is percent-quoted inside links.
	if want := `href="index.html?processname=%22%3E%3Cscript%3Ealert%281%29%3C/script%3E%3Cimg%20src%3Dx%20onerror%3Dalert%282%29%3E%26amp%3B%27&amp;action=stop"`; !strings.Contains(body, want) {
		t.Errorf("stop link not quoted as %s:\n%s", want, body)
	}
	uri = "/tail.html?processname=" + quote(hostile)
	_, body = get(t, ep, uri)
	check(uri, body)
	if !strings.Contains(body, "\uFFFD") {
		t.Errorf("invalid UTF-8 of the log not replaced:\n%s", body)
	}
	// A hostile name in an action comes back in the message only quoted.
	resp, _ := get(t, ep, "/index.html?processname="+quote(hostile)+"&action=stop")
	if loc := resp.Header.Get("Location"); strings.ContainsAny(strings.TrimPrefix(loc, "http://ui.test:9001/?message="), `<>"' `) {
		t.Errorf("Location not quoted: %q", loc)
	}
}

// TestTail: /tail.html reads the end of the stdout log; limit can only
// enlarge the window (RPC-UI-009).
func TestTail(t *testing.T) {
	f := newFake()
	ep := startUI(t, f, nil)
	tests := []struct {
		uri, wantTitle, wantPre, wantRefresh, wantCall string
	}{
		{"/tail.html?processname=web", "web", "hello\n", "tail.html?processname=web&amp;limit=1024", "readProcessStdoutLog(web, -1024, 0)"},
		{"/tail.html?processname=web&limit=5000", "web", "hello\n", "tail.html?processname=web&amp;limit=5000", "readProcessStdoutLog(web, -5000, 0)"},
		{"/tail.html?processname=web&limit=10", "web", "hello\n", "tail.html?processname=web&amp;limit=1024", "readProcessStdoutLog(web, -1024, 0)"},
		{"/tail.html?processname=web&limit=-9000", "web", "hello\n", "tail.html?processname=web&amp;limit=1024", "readProcessStdoutLog(web, -1024, 0)"},
		{"/tail.html?processname=grp%3Ab", "grp:b", "No file for grp:b", "tail.html?processname=grp%3Ab&amp;limit=1024", "readProcessStdoutLog(grp:b, -1024, 0)"},
		{"/tail.html?processname=nosuch", "nosuch", "ERROR: unexpected rpc fault [10] BAD_NAME: nosuch", "tail.html?processname=nosuch&amp;limit=1024", "readProcessStdoutLog(nosuch, -1024, 0)"},
		{"/tail.html", "None", "No process name found", "", ""},
		{"/tail.html?processname=", "None", "No process name found", "", ""},
	}
	for _, tt := range tests {
		resp, body := get(t, ep, tt.uri)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html;charset=utf-8" {
			t.Errorf("%s: %d %q", tt.uri, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if !strings.Contains(body, "<title>Supervisor tail of process "+tt.wantTitle+"</title>") {
			t.Errorf("%s: title not %q:\n%s", tt.uri, tt.wantTitle, body)
		}
		if !strings.Contains(body, `<pre id="tailbody">`+tt.wantPre+"</pre>") {
			t.Errorf("%s: tail not %q:\n%s", tt.uri, tt.wantPre, body)
		}
		if hasRefresh := strings.Contains(body, `id="refresh"`); hasRefresh != (tt.wantRefresh != "") ||
			(hasRefresh && !strings.Contains(body, `href="`+tt.wantRefresh+`"`)) {
			t.Errorf("%s: refresh link not %q:\n%s", tt.uri, tt.wantRefresh, body)
		}
		calls := f.takeCalls()
		if tt.wantCall == "" && len(calls) > 0 || tt.wantCall != "" && !reflect.DeepEqual(calls, []string{tt.wantCall}) {
			t.Errorf("%s: calls %q, want %q", tt.uri, calls, tt.wantCall)
		}
	}
}

// TestOK: /ok.html (RPC-UI-002).
func TestOK(t *testing.T) {
	ep := startUI(t, newFake(), nil)
	got := dateRE.ReplaceAllString(roundTrip(t, ep, "GET /ok.html HTTP/1.0\r\n\r\n"), "")
	if want := "HTTP/1.0 200 OK\r\nServer: Medusa/1.12\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nOK"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestPost: a POST's x-www-form-urlencoded body is merged over its query
// (RPC-UI-001) and the action runs, as observed on supervisord 4.2.5 with
// raw requests such as
//
//	POST /index.html HTTP/1.0 + Content-Length + "processname=a&action=stop"
//
// which stops a and answers 301 to "?message=Process%20a%20stopped".
func TestPost(t *testing.T) {
	post := func(uri, ctype, body string) string {
		h := "POST " + uri + " HTTP/1.0\r\nHost: h\r\n"
		if ctype != "" {
			h += "Content-Type: " + ctype + "\r\n"
		}
		return h + fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
	}
	const form = "application/x-www-form-urlencoded"
	tests := []struct {
		name, req string
		wantCode  int
		wantLoc   string // the Location's message, quoted
		wantCalls []string
	}{
		{name: "body", req: post("/index.html", form, "processname=web&action=stop"), wantCode: 301,
			wantLoc: "Process%20web%20stopped", wantCalls: []string{"getProcessInfo(web)", "stopProcess(web)"}},
		{name: "any content type", req: post("/", "text/plain", "processname=web&action=stop"), wantCode: 301,
			wantLoc: "Process%20web%20stopped", wantCalls: []string{"getProcessInfo(web)", "stopProcess(web)"}},
		{name: "no content type", req: post("/", "", "processname=web&action=stop"), wantCode: 301,
			wantLoc: "Process%20web%20stopped", wantCalls: []string{"getProcessInfo(web)", "stopProcess(web)"}},
		{name: "body over query", req: post("/index.html?processname=nosuch&action=bogus", form, "action=stop&processname=grp%3Aa"), wantCode: 301,
			wantLoc:   "unexpected%20rpc%20fault%20%5B70%5D%20NOT_RUNNING%3A%20grp%3Aa",
			wantCalls: []string{"getProcessInfo(grp:a)", "stopProcess(grp:a)"}},
		{name: "query kept", req: post("/index.html?action=stop", form, "processname=nosuch"), wantCode: 301,
			wantLoc: "No%20such%20process%20named%20nosuch", wantCalls: []string{"getProcessInfo(nosuch)"}},
		{name: "last body value", req: post("/", form, "processname=n1&processname=n2&action=stop"), wantCode: 301,
			wantLoc: "No%20such%20process%20named%20n2", wantCalls: []string{"getProcessInfo(n2)"}},
		{name: "blank body value", req: post("/?action=stop&processname=n1", form, "action=&processname=n2"), wantCode: 301,
			wantLoc: "No%20such%20process%20named%20n2", wantCalls: []string{"getProcessInfo(n2)"}},
		{name: "SERVER_URL stays", req: post("/", form, "SERVER_URL=http://evil&processname=n&action=stop"), wantCode: 301,
			wantLoc: "No%20such%20process%20named%20n", wantCalls: []string{"getProcessInfo(n)"}},
		{name: "empty body", req: post("/index.html?processname=web&action=stop", "", ""), wantCode: 301,
			wantLoc: "Process%20web%20stopped", wantCalls: []string{"getProcessInfo(web)", "stopProcess(web)"}},
		{name: "bad percent", req: post("/", form, "action=stop&processname=%ff"), wantCode: 301,
			wantLoc: "No%20such%20process%20named%20%EF%BF%BD", wantCalls: []string{"getProcessInfo(\uFFFD)"}},
		{name: "no length", req: "POST /?action=stop&processname=web HTTP/1.0\r\n\r\n", wantCode: 411},
		{name: "bad length", req: "POST /?action=stop&processname=web HTTP/1.0\r\nContent-Length: x\r\n\r\n", wantCode: 500},
		{name: "too large", req: "POST /?action=stop&processname=web HTTP/1.0\r\nContent-Length: 67108865\r\n\r\n", wantCode: 413},
		{name: "static", req: post("/stylesheets/supervisor.css", form, "action=stop&processname=web"), wantCode: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			ep := startUI(t, f, nil)
			resp, _ := parse(t, roundTrip(t, ep, tt.req))
			if resp.StatusCode != tt.wantCode {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.wantCode)
			}
			if tt.wantLoc != "" {
				if got, want := resp.Header.Get("Location"), "http://h/?message="+tt.wantLoc; got != want {
					t.Errorf("Location %q, want %q", got, want)
				}
			}
			if calls := f.takeCalls(); !reflect.DeepEqual(calls, tt.wantCalls) {
				t.Errorf("calls %q, want %q", calls, tt.wantCalls)
			}
		})
	}
}

// TestPostPages: the pages read their fields from a POST body too, and a
// PATH_INFO field picks the view, as the reference's form does (RPC-UI-001).
func TestPostPages(t *testing.T) {
	ep := startUI(t, newFake(), nil)
	post := func(uri, body string) string {
		return fmt.Sprintf("POST %s HTTP/1.0\r\nHost: h\r\nContent-Length: %d\r\n\r\n%s", uri, len(body), body)
	}
	for _, tt := range []struct{ req, want string }{
		{post("/", "message=hello+there%21"), "hello there!"},
		{post("/tail.html", "processname=web"), "<title>Supervisor tail of process web</title>"},
		{post("/", "PATH_INFO=tail.html&processname=web"), "<title>Supervisor tail of process web</title>"},
		{post("/tail.html", "PATH_INFO=%2F&message=m"), `role="status">m</p>`},
		{"GET /index.html?PATH_INFO=/ok.html HTTP/1.0\r\n\r\n", "\r\n\r\nOK"},
		{"GET /?PATH_INFO=///tail.html&processname=web HTTP/1.0\r\n\r\n", "<title>Supervisor tail of process web</title>"},
		{post("/ok.html", "x=1"), "\r\n\r\nOK"},
	} {
		if got := roundTrip(t, ep, tt.req); !strings.HasPrefix(got, "HTTP/1.0 200 OK\r\n") || !strings.Contains(got, tt.want) {
			t.Errorf("%q: answer lacks %q:\n%s", tt.req, tt.want, got)
		}
	}
	// No view: the reference never answers; the connection is closed.
	for _, req := range []string{
		"GET /?PATH_INFO=nosuch HTTP/1.0\r\n\r\n",
		post("/", "PATH_INFO=nosuch"),
		"GET /index.html;x?action=refresh HTTP/1.0\r\n\r\n",
	} {
		if got := roundTrip(t, ep, req); got != "" {
			t.Errorf("%q: answer %q, want none", req, got)
		}
	}
}

// TestPostBrokenBody: a truncated body or one that is not UTF-8 gets no
// answer and runs nothing, as in the reference; the server goes on serving.
func TestPostBrokenBody(t *testing.T) {
	f := newFake()
	ep := startUI(t, f, nil)
	for _, req := range []string{
		"POST / HTTP/1.0\r\nContent-Length: 100\r\n\r\nprocessname=web&action=stop",
		"POST / HTTP/1.0\r\nContent-Length: 29\r\n\r\nprocessname=web&action=stop\xff\xfe",
	} {
		c, err := net.DialTimeout("unix", ep.Config.File, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		io.WriteString(c, req)
		_ = c.(*net.UnixConn).CloseWrite()
		got, err := io.ReadAll(c)
		c.Close()
		if err != nil || len(got) != 0 {
			t.Errorf("%q: answer %q, %v; want none", req, got, err)
		}
	}
	if calls := f.takeCalls(); len(calls) != 0 || f.state("web") != 20 {
		t.Errorf("calls %q, web state %d; want nothing done", calls, f.state("web"))
	}
	if raw := roundTrip(t, ep, "GET /ok.html HTTP/1.0\r\n\r\n"); !strings.HasSuffix(raw, "\r\n\r\nOK") {
		t.Errorf("after broken bodies: %q", raw)
	}
}

// TestPostKeepAlive: on one HTTP/1.1 connection the bytes after a POST's
// body are the next request (RPC-HTTP-009).
func TestPostKeepAlive(t *testing.T) {
	f := newFake()
	ep := startUI(t, f, nil)
	body := "processname=web&action=stop"
	raw := roundTrip(t, ep, fmt.Sprintf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: %d\r\n\r\n%s", len(body), body)+
		"GET /ok.html HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
	if !strings.HasPrefix(raw, "HTTP/1.1 301 ") || !strings.HasSuffix(raw, "\r\n\r\nOK") || f.state("web") != 0 {
		t.Errorf("web state %d, answers:\n%s", f.state("web"), raw)
	}
}

// TestStatic: the embedded files under the reference's paths
// (RPC-STATIC-001..003).
func TestStatic(t *testing.T) {
	ep := startUI(t, newFake(), nil)
	for _, tt := range []struct{ path, ct string }{
		{"/stylesheets/supervisor.css", "text/css"},
		{"/images/icon.png", "image/png"},
		{"/images/rule.gif", "image/gif"},
		{"/images/state0.gif", "image/gif"},
		{"/images/state1.gif", "image/gif"},
		{"/images/state2.gif", "image/gif"},
		{"/images/state3.gif", "image/gif"},
		{"/images/supervisor.gif", "image/gif"},
		{"/status.html", "text/html"},
	} {
		resp, body := get(t, ep, tt.path)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != tt.ct || body == "" ||
			resp.Header.Get("Content-Length") != fmt.Sprint(len(body)) || resp.Header.Get("Last-Modified") == "" {
			t.Errorf("GET %s: %d %v (%d bytes)", tt.path, resp.StatusCode, resp.Header, len(body))
		}
		raw := roundTrip(t, ep, "HEAD "+tt.path+" HTTP/1.0\r\n\r\n")
		if !strings.HasSuffix(raw, "\r\n\r\n") || !strings.Contains(raw, "Content-Length: "+fmt.Sprint(len(body))) {
			t.Errorf("HEAD %s: %q", tt.path, raw)
		}
		lm := resp.Header.Get("Last-Modified")
		resp, _ = parse(t, roundTrip(t, ep, "GET "+tt.path+" HTTP/1.0\r\nIf-Modified-Since: "+lm+"\r\n\r\n"))
		if resp.StatusCode != 304 {
			t.Errorf("GET %s If-Modified-Since its own date: %d, want 304", tt.path, resp.StatusCode)
		}
		resp, _ = parse(t, roundTrip(t, ep, "GET "+tt.path+" HTTP/1.0\r\nIf-Modified-Since: "+lm+"; length=1\r\n\r\n"))
		if resp.StatusCode != 200 {
			t.Errorf("GET %s If-Modified-Since with another length: %d, want 200", tt.path, resp.StatusCode)
		}
	}
	// HEAD /tail.html is the static template, as in the reference.
	if raw := roundTrip(t, ep, "HEAD /tail.html HTTP/1.0\r\n\r\n"); !strings.Contains(raw, "Content-Type: text/html\r\n") {
		t.Errorf("HEAD /tail.html: %q", raw)
	}
	for _, tt := range []struct {
		req      string
		code     int
		location string
	}{
		{"GET /images HTTP/1.0\r\n\r\n", 301, "http://<unix domain socket>/images/"}, // the server's name, whatever the Host
		{"GET /images/ HTTP/1.0\r\n\r\n", 404, ""},
		{"GET /nosuch HTTP/1.0\r\n\r\n", 404, ""},
		{"GET /../ui.go HTTP/1.0\r\n\r\n", 404, ""},
		{"HEAD / HTTP/1.0\r\n\r\n", 404, ""},
		{"POST /stylesheets/supervisor.css HTTP/1.0\r\n\r\n", 400, ""},
		{"PUT / HTTP/1.0\r\n\r\n", 400, ""},
	} {
		resp, _ := parse(t, roundTrip(t, ep, tt.req))
		if resp.StatusCode != tt.code || resp.Header.Get("Location") != tt.location {
			t.Errorf("%q: %d %q, want %d %q", tt.req, resp.StatusCode, resp.Header.Get("Location"), tt.code, tt.location)
		}
	}
}

func TestQuote(t *testing.T) {
	// want values from the reference's Python:
	//   python3 -c 'from urllib.parse import quote; print(quote("grp:a b/é~*"))'
	if got, want := quote("grp:a b/é~*"), "grp%3Aa%20b/%C3%A9~%2A"; got != want {
		t.Errorf("quote = %q, want %q", got, want)
	}
	//   python3 -c 'from urllib.parse import parse_qs; print(parse_qs("a=1&a=2&b=&c&d=x+y%2B%zz;e=1&%ff=v"))'
	got := parseQuery("a=1&a=2&b=&c&d=x+y%2B%zz;e=1&%ff=v")
	want := form{"a": "1", "d": "x y+%zz;e=1", "\uFFFD": "v"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseQuery = %q, want %q", got, want)
	}
	if got, want := ctime(time.Date(2026, 11, 5, 8, 2, 1, 0, time.UTC)), "Thu Nov  5 08:02:01 2026"; got != want {
		t.Errorf("ctime = %q, want %q", got, want)
	}
}

// TestKeepAlive: pages carry a length, so an HTTP/1.1 connection is reused.
func TestKeepAlive(t *testing.T) {
	ep := startUI(t, newFake(), nil)
	raw := roundTrip(t, ep, "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /ok.html HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
	if n := strings.Count(raw, "HTTP/1.1 200 OK"); n != 2 {
		t.Errorf("%d answers on one connection, want 2:\n%s", n, raw)
	}
}
