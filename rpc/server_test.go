package rpc

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

type logRec struct {
	mu    sync.Mutex
	lines []string
}

func (l *logRec) Log(level Level, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf("%d %s", level, msg))
}

func (l *logRec) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

var errBadName = errors.New("BAD_NAME")

// fakeSupervisor registers every reference supervisor.* name; a few do
// something, as in the captures of rpc/testdata/capture_reference.py.
func fakeSupervisor(t testing.TB, d *Dispatcher) {
	ms := map[string]Method{}
	for name := range referenceMethods {
		if short, ok := strings.CutPrefix(name, "supervisor."); ok {
			ms[short] = Method{Func: func(context.Context, []any) (any, error) { return true, nil }, MaxArgs: -1}
		}
	}
	ms["getState"] = Method{Func: func(context.Context, []any) (any, error) {
		return xmlrpc.Struct{{Name: "statecode", Value: 1}, {Name: "statename", Value: "RUNNING"}}, nil
	}}
	ms["getAPIVersion"] = Method{Func: func(context.Context, []any) (any, error) { return "3.0", nil }}
	ms["getPID"] = Method{Func: func(context.Context, []any) (any, error) { return 42, nil }}
	ms["getProcessInfo"] = Method{MinArgs: 1, MaxArgs: 1, Func: func(_ context.Context, a []any) (any, error) {
		name, ok := a[0].(string)
		if !ok {
			return nil, &PyError{"AttributeError", fmt.Sprintf("'%s' object has no attribute 'split'", pyTypeName(a[0]))}
		}
		return nil, fmt.Errorf("%w: %s", errBadName, name)
	}}
	ms["readProcessStdoutLog"] = Method{MinArgs: 3, MaxArgs: 3, Func: func(context.Context, []any) (any, error) {
		return "caf\u00e9 \x01\x02\x1b[0m <a&b> \u20ac\U0001F600\n", nil
	}}
	if err := d.Register("supervisor", ms); err != nil {
		t.Fatal(err)
	}
	d.MapError(errBadName, FaultBadName)
}

type fakeLogs struct{ dir string }

func (f fakeLogs) ProcessLogFile(_ context.Context, name, channel string) (string, bool) {
	if name != "weird" {
		return "", false
	}
	return filepath.Join(f.dir, "weird-"+channel+".log"), true
}

func (f fakeLogs) MainLogFile(context.Context) (string, bool) {
	return filepath.Join(f.dir, "supervisord.log"), true
}

type testServer struct {
	s    *Server
	sock string
	log  *logRec
	err  *bytes.Buffer
	dir  string
}

func startServer(t testing.TB, cfg func(*config.Server)) *testServer {
	t.Helper()
	dir := t.TempDir()
	lr := &logRec{}
	d := NewDispatcher(lr)
	fakeSupervisor(t, d)
	ts := &testServer{log: lr, err: &bytes.Buffer{}, dir: dir, sock: filepath.Join(dir, "s.sock")}
	ts.s = &Server{Dispatcher: d, Logger: lr, Stderr: ts.err, Logs: fakeLogs{dir}, TailInterval: 5 * time.Millisecond}
	c := config.Server{Family: config.ServerUnix, File: ts.sock, Chmod: 0o700, Chown: [2]int{-1, -1}}
	if cfg != nil {
		cfg(&c)
	}
	ep, err := Listen(c, ts.err)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- ts.s.Serve(ep) }()
	t.Cleanup(func() {
		ts.s.Close()
		select {
		case err := <-done:
			if !errors.Is(err, ErrServerClosed) {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return within 10s of Close")
		}
	})
	return ts
}

// raw sends data and reads until the server closes the connection.
func (ts *testServer) raw(t testing.TB, data string) string {
	t.Helper()
	c, err := net.Dial("unix", ts.sock)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, data); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("reading the response to %q: %v (got %q)", data, err, b)
	}
	return string(b)
}

var dateRE = regexp.MustCompile(`Date: [^\r]*`)

func normDate(s string) string {
	return dateRE.ReplaceAllString(s, "Date: Thu, 01 Jan 1970 00:00:00 GMT")
}

func call(method string, params ...any) string {
	b, err := xmlrpc.AppendCall(nil, method, params...)
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf("POST /RPC2 HTTP/1.0\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n%s", len(b), b)
}

// TestWireGolden compares whole responses with the reference's
// (rpc/testdata/*.http, captured by capture_reference.py).
func TestWireGolden(t *testing.T) {
	// spec: RPC-HTTP-004..009, RPC-XML-001..006, RPC-AUTH-003
	ts := startServer(t, nil)
	body := "<methodCall><methodName>supervisor.getAPIVersion</methodName></methodCall>"
	tests := map[string]string{
		"getstate":        call("supervisor.getState"),
		"internal_error":  call("supervisor.getProcessInfo", 1),
		"not_found":       "GET /logtail/nope HTTP/1.0\r\n\r\n",
		"get_rpc2":        "GET /RPC2 HTTP/1.0\r\n\r\n",
		"length_required": "POST /RPC2 HTTP/1.0\r\n\r\n",
		"unmarshallable":  "POST /RPC2 HTTP/1.0\r\nContent-Length: 5\r\n\r\n<a><b",
		"no_method_name":  "POST /RPC2 HTTP/1.0\r\nContent-Length: 13\r\n\r\n<methodCall/>",
		"keepalive10":     fmt.Sprintf("POST /RPC2 HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: %d\r\n\r\n%sGET /x HTTP/1.0\r\n\r\n", len(body), body),
		"noversion":       fmt.Sprintf("POST /RPC2\r\nContent-Length: %d\r\n\r\n%s", len(body), body),
		"http11_close": fmt.Sprintf("POST /RPC2 HTTP/1.1\r\nContent-Length: %d\r\n\r\n%sPOST /RPC2 HTTP/1.1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s",
			len(body), body, len(body), body),
	}
	for name, req := range tests {
		want, err := os.ReadFile(filepath.Join("testdata", name+".http"))
		if err != nil {
			t.Fatal(err)
		}
		if got := normDate(ts.raw(t, req)); got != string(want) {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
	logs := ts.log.all()
	for _, want := range []string{
		"5 XML-RPC method called: supervisor.getState()",
		"5 XML-RPC method supervisor.getState() returned successfully",
		"50 Handling XML-RPC request with data ",
		"40 XML-RPC request data '<a><b' is invalid: unmarshallable",
		"40 XML-RPC request data '<methodCall/>' is invalid: no method name",
		"5 localhost:0 - - [",
		"\"POST /RPC2 HTTP/1.0\" 200 ",
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

func TestAuth(t *testing.T) {
	// spec: RPC-AUTH-001..004
	user, pass := "user", "{SHA}a94a8fe5ccb19ba61c4c0873d391e987982fbbd3" // sha1("test")
	ts := startServer(t, func(c *config.Server) { c.Username, c.Password = &user, &pass })
	req := call("supervisor.getState")
	withAuth := func(v string) string {
		return strings.Replace(req, "Content-Type", "Authorization: "+v+"\r\nContent-Type", 1)
	}
	for name, r := range map[string]string{
		"unauthorized": req,
		"authorized":   withAuth("Basic dXNlcjp0ZXN0"),
	} {
		want, _ := os.ReadFile(filepath.Join("testdata", name+".http"))
		if got := normDate(ts.raw(t, r)); got != string(want) {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
	checks := []struct{ hdr, status string }{
		{"Basic dXNlcjp3cm9uZw==", "401"}, // user:wrong
		{"Basic b3RoZXI6dGVzdA==", "401"}, // other:test
		{"Digest abc", "401"},             // unknown scheme
		{"basic dXNlcjp0ZXN0", "200"},     // scheme is case-insensitive
		{"Basic a", "400"},                // malformed
		{"Basic dXNlcg==", "500"},         // "user": no colon
	}
	for _, c := range checks {
		got := ts.raw(t, withAuth(c.hdr))
		if !strings.HasPrefix(got, "HTTP/1.0 "+c.status) {
			t.Errorf("Authorization: %s: got %q, want status %s", c.hdr, got, c.status)
		}
	}
	if got := ts.err.String(); !strings.Contains(got, "unknown/unsupported auth method: digest\n") ||
		!strings.Contains(got, "malformed authorization info <a>\n") {
		t.Errorf("stderr = %q", got)
	}
}

func FuzzParseAuthorization(f *testing.F) {
	for _, s := range []string{"Authorization: Basic dXNlcjp0ZXN0", "authorization: basic", "Authorization: x y z", "Authorization: Basic ===="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		res, _, _, user, pass := parseAuthorization([]string{line})
		if res != authOK && (user != "" || pass != "") {
			t.Fatalf("credentials without success: %q", line)
		}
		_ = checkPassword("{SHA}"+line, line)
	})
}

func TestSocketFile(t *testing.T) {
	// spec: RPC-HTTP-011, RPC-HTTP-012
	ts := startServer(t, func(c *config.Server) { c.Chmod = 0o640 })
	st, err := os.Stat(ts.sock)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o640 || st.Mode()&os.ModeSocket == 0 {
		t.Errorf("socket mode = %v, want socket 0640", st.Mode())
	}
	if _, err := os.Stat(fmt.Sprintf("%s.%d", ts.sock, os.Getpid())); !os.IsNotExist(err) {
		t.Errorf("temporary socket name left behind: %v", err)
	}
	// A live server on the name: refused.
	if _, err := Listen(config.Server{Family: config.ServerUnix, File: ts.sock, Chmod: 0o700, Chown: [2]int{-1, -1}}, nil); !errors.Is(err, ErrAddrInUse) {
		t.Errorf("Listen on a live socket: %v, want ErrAddrInUse", err)
	}
	// A dead one: replaced, with the reference's stderr line.
	dead := filepath.Join(t.TempDir(), "dead.sock")
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: dead, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	l.SetUnlinkOnClose(false)
	l.Close()
	var stderr bytes.Buffer
	ep, err := Listen(config.Server{Family: config.ServerUnix, File: dead, Chmod: 0o700, Chown: [2]int{-1, -1}}, &stderr)
	if err != nil {
		t.Fatalf("Listen over a stale socket: %v", err)
	}
	if want := "Unlinking stale socket " + dead + "\n"; stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
	ep.Close()
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("socket file not removed on Close: %v", err)
	}
}

func TestInetListen(t *testing.T) {
	ep, err := Listen(config.Server{Family: config.ServerInet, Host: "127.0.0.1", Port: 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ep) }()
	c, err := net.Dial("tcp", ep.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, call("system.listMethods"))
	b, _ := io.ReadAll(c)
	c.Close()
	if !strings.Contains(string(b), "<string>system.multicall</string>") {
		t.Errorf("listMethods over inet: %q", b)
	}
	s.Close()
	if err := <-done; !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve: %v", err)
	}
}

func TestSystemNamespace(t *testing.T) {
	// spec: RPC-SYS-001..004, RPC-SUP-031
	ts := startServer(t, nil)
	for name, req := range map[string]string{
		"listmethods":     call("system.listMethods"),
		"methodhelp":      call("system.methodHelp", "supervisor.startProcess"),
		"methodsignature": call("system.methodSignature", "supervisor.startProcess"),
		"multicall": call("system.multicall", []any{
			xmlrpc.Struct{{Name: "methodName", Value: "supervisor.getState"}},
			xmlrpc.Struct{{Name: "methodName", Value: "supervisor.getProcessInfo"}, {Name: "params", Value: []any{"nope"}}},
			xmlrpc.Struct{{Name: "params", Value: []any{}}},
			xmlrpc.Struct{{Name: "methodName", Value: "system.multicall"}, {Name: "params", Value: []any{[]any{}}}},
			xmlrpc.Struct{{Name: "methodName", Value: "supervisor.getProcessInfo"}, {Name: "params", Value: []any{1}}},
			xmlrpc.Struct{{Name: "methodName", Value: "system.methodSignature"}, {Name: "params", Value: []any{"supervisor.getPID"}}},
		}),
		"fault_unknown_method":       call("supervisor.nope"),
		"fault_incorrect_parameters": call("supervisor.getState", 1),
		"fault_bad_name":             call("supervisor.getProcessInfo", "n<o>&pe"),
	} {
		want, err := os.ReadFile(filepath.Join("xmlrpc", "testdata", name+".xml"))
		if err != nil {
			t.Fatal(err)
		}
		resp := ts.raw(t, req)
		_, got, _ := strings.Cut(resp, "\r\n\r\n")
		if got != string(want) {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
}

// TestSignaturesFromHelp: deriving signatures from the help texts gives the
// reference's methodSignature answers for all 41 methods.
func TestSignaturesFromHelp(t *testing.T) {
	if len(referenceMethods) != 41 {
		t.Errorf("%d reference methods, want 41", len(referenceMethods))
	}
	for name, mi := range referenceMethods {
		if got := signatureFromHelp(mi.Help); fmt.Sprint(got) != fmt.Sprint(mi.Signature) || (got == nil) != (mi.Signature == nil) {
			t.Errorf("%s: derived %q, reference %q", name, got, mi.Signature)
		}
	}
}

func TestLogtail(t *testing.T) {
	// spec: RPC-TAIL-001..003
	ts := startServer(t, nil)
	logf := filepath.Join(ts.dir, "weird-stdout.log")
	content := "caf\u00e9 \x01\x02\x1b[0m <a&b> \u20ac\U0001F600\n"
	if err := os.WriteFile(logf, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(filepath.Join("testdata", "logtail11.http"))
	lm := regexp.MustCompile(`Last-Modified: ([^\r]*)`).FindSubmatch(want)
	mtime, err := time.Parse("Mon, 02 Jan 2006 15:04:05 GMT", string(lm[1]))
	if err != nil {
		t.Fatal(err)
	}
	os.Chtimes(logf, mtime, mtime)

	c, err := net.Dial("unix", ts.sock)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, "GET /logtail/weird HTTP/1.1\r\n\r\n")
	br := bufio.NewReader(c)
	got := make([]byte, len(want))
	if _, err := io.ReadFull(br, got); err != nil {
		t.Fatalf("reading the tail: %v (got %q)", err, got)
	}
	if normDate(string(got)) != string(want) {
		t.Errorf("tail:\n got %q\nwant %q", got, want)
	}
	readChunk := func(what string) string {
		t.Helper()
		var n int
		if _, err := fmt.Fscanf(br, "%x\r\n", &n); err != nil {
			t.Fatalf("awaiting the chunk with %s: %v", what, err)
		}
		b := make([]byte, n+2)
		if _, err := io.ReadFull(br, b); err != nil {
			t.Fatalf("awaiting the chunk with %s: %v", what, err)
		}
		return string(b[:n])
	}
	f, _ := os.OpenFile(logf, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("more\n")
	f.Close()
	if got := readChunk("appended data"); got != "more\n" {
		t.Errorf("appended chunk = %q", got)
	}
	os.WriteFile(logf, []byte("x"), 0o644) // truncate in place
	if got := readChunk("the truncation notice"); got != "==> File truncated <==\n" {
		t.Errorf("truncation chunk = %q", got)
	}
	if got := readChunk("the whole new content"); got != "x" {
		t.Errorf("after truncation = %q", got)
	}
	os.Remove(logf) // replaced by a new file: followed from its start
	os.WriteFile(logf, []byte("new file\n"), 0o644)
	if got := readChunk("the new file"); got != "new file\n" {
		t.Errorf("after replacement = %q", got)
	}

	for _, tt := range []struct{ req, status string }{
		{"GET /logtail/nope HTTP/1.0\r\n\r\n", "404"},
		{"GET /logtail/weird/other HTTP/1.0\r\n\r\n", "404"},
		{"GET /logtail/weird/stderr HTTP/1.0\r\n\r\n", "404"}, // no such file
		{"POST /logtail/weird HTTP/1.0\r\n\r\n", "400"},
		{"GET /mainlogtail HTTP/1.0\r\n\r\n", "404"},
		{"GET /logtail HTTP/1.0\r\n\r\n", "500"},
		{"GET /index.html HTTP/1.0\r\n\r\n", "404"},
	} {
		if got := ts.raw(t, tt.req); !strings.HasPrefix(got, "HTTP/1.0 "+tt.status) {
			t.Errorf("%q: got %q, want %s", tt.req, got, tt.status)
		}
	}
}

// TestPythonClient drives the server with the reference's own client stack:
// xmlrpc.client.ServerProxy over supervisor.xmlrpc.SupervisorTransport, as
// supervisorctl connects.
func TestPythonClient(t *testing.T) {
	py := "/usr/bin/python3"
	ref := os.Getenv("SUPERVISOR_REF")
	if ref == "" {
		ref = "../.cache/reference/supervisor_4.2.5-1"
	}
	pkgs, _ := filepath.Abs(filepath.Join(ref, "usr/lib/python3/dist-packages"))
	if _, err := os.Stat(filepath.Join(pkgs, "supervisor", "xmlrpc.py")); err != nil {
		t.Skipf("reference not unpacked (scripts/reference): %v", err)
	}
	if _, err := os.Stat(py); err != nil {
		t.Skip("no python3")
	}
	user, pass := "user", "secret"
	ts := startServer(t, func(c *config.Server) { c.Username, c.Password = &user, &pass })
	echo := func(_ context.Context, a []any) (any, error) { return a[0], nil }
	if err := ts.s.Dispatcher.Register("test", map[string]Method{
		"echo": {Func: echo, MinArgs: 1, MaxArgs: 1},
		"fault": {Func: func(context.Context, []any) (any, error) {
			return nil, NewFault(FaultBadName, "x<&>\u00e9")
		}},
		"big": {Func: func(context.Context, []any) (any, error) { return int64(1) << 40, nil }},
	}); err != nil {
		t.Fatal(err)
	}
	script := `
import sys, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport
def proxy(user, pw):
    return xmlrpc.client.ServerProxy('http://127.0.0.1', SupervisorTransport(user, pw, 'unix://' + sys.argv[1]))
p = proxy('user', 'secret')
values = [0, -2147483648, 2147483647, True, False, '', 'caf\u00e9 <&> \u20ac\U0001F600 \t\n', 1.5, -0.0, 1e100,
          [], {}, [[1, [2, {'a': []}]]], {'n\u00e9': {'x': {'y': ['z']}}}]
for v in values:
    got = p.test.echo(v)
    assert got == v and type(got) == type(v), (v, got)
assert p.test.echo(xmlrpc.client.Binary(b'hello')) == 'hello'
try:
    p.test.fault(); raise SystemExit('no fault')
except xmlrpc.client.Fault as f:
    assert f.faultCode == 10 and f.faultString == 'BAD_NAME: x<&>\u00e9', f
for m, code in [('supervisor.nope', 1), ('nope.x', 1), ('a.b.c', 1), ('supervisor._x', 1)]:
    try:
        getattr(p, m)(); raise SystemExit('no fault for ' + m)
    except xmlrpc.client.Fault as f:
        assert f.faultCode == code, (m, f)
try:
    p.test.echo(); raise SystemExit('no fault')
except xmlrpc.client.Fault as f:
    assert (f.faultCode, f.faultString) == (2, 'INCORRECT_PARAMETERS'), f
try:
    p.test.big(); raise SystemExit('no error')
except xmlrpc.client.ProtocolError as e:
    assert e.errcode == 500, e
p = proxy('user', 'secret')
m = xmlrpc.client.MultiCall(p)
m.supervisor.getState(); m.supervisor.getPID()
res = p.system.multicall([{'methodName': 'supervisor.getPID'}, {'methodName': 'nope'}])
assert res == [42, {'faultCode': 1, 'faultString': 'UNKNOWN_METHOD'}], res
# keep-alive: one connection for many calls
t = p._ServerProxy__transport
conn = t.connection
for i in range(20):
    assert p.supervisor.getState()['statename'] == 'RUNNING'
assert t.connection is conn
assert 'supervisor.startProcess' in p.system.listMethods()
try:
    proxy('user', 'wrong').supervisor.getState(); raise SystemExit('no 401')
except xmlrpc.client.ProtocolError as e:
    assert e.errcode == 401, e
print('ok')
`
	cmd := exec.Command(py, "-c", script, ts.sock)
	cmd.Env = append(os.Environ(), "PYTHONPATH="+pkgs)
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("python client: %v\n%s", err, out)
	}
}
