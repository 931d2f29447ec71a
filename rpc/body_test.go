package rpc

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/core/config"
)

func TestParseLength(t *testing.T) {
	// want values from the reference's int():
	//   python3 -c 'for s in ["14"," 14 ","1_4","1__4","\x1c5"]: print(repr(s), int(s))'
	tests := []struct {
		in     string
		want   int64
		wantPy string // the ValueError text; "" when int() accepts it
		bad    bool
	}{
		{in: "14", want: 14},
		{in: " 14 ", want: 14},
		{in: "+14", want: 14},
		{in: "1_4", want: 14},
		{in: "0_0", want: 0},
		{in: "-0", want: 0},
		{in: "\u00a014", want: 14},
		{in: "99999999999999999999999", want: math.MaxInt64},
		{in: "-1", bad: true},
		{in: "1__4", bad: true, wantPy: "invalid literal for int() with base 10: '1__4'"},
		{in: "_14", bad: true, wantPy: "invalid literal for int() with base 10: '_14'"},
		{in: "14_", bad: true, wantPy: "invalid literal for int() with base 10: '14_'"},
		{in: "abc", bad: true, wantPy: "invalid literal for int() with base 10: 'abc'"},
		{in: "  ", bad: true, wantPy: "invalid literal for int() with base 10: '  '"},
		{in: "- 5", bad: true, wantPy: "invalid literal for int() with base 10: '- 5'"},
		{in: "1 4", bad: true, wantPy: "invalid literal for int() with base 10: '1 4'"},
		{in: "\x1c5", bad: true, wantPy: "invalid literal for int() with base 10: '\\x1c5'"},
	}
	for _, tt := range tests {
		n, err := parseLength(tt.in)
		var le *lengthError
		switch {
		case tt.bad && (!errors.As(err, &le) || !errors.Is(err, ErrBadLength) || le.py != tt.wantPy):
			t.Errorf("parseLength(%q) = %d, %v; want ErrBadLength with %q", tt.in, n, err, tt.wantPy)
		case !tt.bad && (err != nil || n != tt.want):
			t.Errorf("parseLength(%q) = %d, %v; want %d", tt.in, n, err, tt.want)
		}
	}
}

// bodyServer serves a unix socket whose UI handler echoes Request.Body, or
// answers its error with FailBody; limit is MaxBodyBytes.
func bodyServer(t *testing.T, limit int64) (sock string, lr *logRec) {
	t.Helper()
	sock = filepath.Join(t.TempDir(), "s.sock")
	ep, err := Listen(config.Server{Family: config.ServerUnix, File: sock, Chmod: 0o700, Chown: [2]int{-1, -1}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	lr = &logRec{}
	s := &Server{Logger: lr, MaxBodyBytes: limit, ReadTimeout: 5 * time.Second}
	s.UI = func(w *Response, r *Request) {
		b, err := r.Body()
		if err != nil {
			w.FailBody(err)
			return
		}
		if again, err2 := r.Body(); string(again) != string(b) || err2 != nil {
			t.Errorf("second Body() = %q, %v; want the first result", again, err2)
		}
		w.Set("Content-Length", strconv.Itoa(len(b)))
		w.Send(200, b)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ep) }()
	t.Cleanup(func() {
		s.Close()
		if err := <-done; !errors.Is(err, ErrServerClosed) {
			t.Errorf("Serve: %v", err)
		}
	})
	return sock, lr
}

// exchange sends data, half-closes when asked, and reads until the server
// closes the connection.
func exchange(t *testing.T, sock, data string, halfClose bool) string {
	t.Helper()
	c, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, data); err != nil {
		t.Fatal(err)
	}
	if halfClose {
		_ = c.(*net.UnixConn).CloseWrite()
	}
	b, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("reading the answer to %q: %v (got %q)", data, err, b)
	}
	return string(b)
}

// TestBody: bodies are read as the reference's collector reads them, and
// each failure gets its answer without harming the server (RPC-HTTP-009).
func TestBody(t *testing.T) {
	sock, lr := bodyServer(t, 16)
	post := func(headers, body string) string {
		return "POST /x HTTP/1.0\r\n" + headers + "\r\n" + body
	}
	tests := []struct {
		name, req string
		halfClose bool
		want      string // a prefix of the answer; "" for none at all
	}{
		{name: "exact", req: post("Content-Length: 5\r\n", "a=b&cGET /ignored HTTP/1.0\r\n\r\n"), want: "HTTP/1.0 200 OK\r\n"},
		{name: "no length", req: post("", "a=b"), want: "HTTP/1.0 411 Length Required\r\n"},
		{name: "empty length", req: post("Content-Length: \r\n", ""), want: "HTTP/1.0 411 Length Required\r\n"},
		{name: "length without space", req: post("Content-Length:3\r\n", "a=b"), want: "HTTP/1.0 411 Length Required\r\n"},
		{name: "bad length", req: post("Content-Length: abc\r\n", ""), want: "HTTP/1.0 500 Internal Server Error\r\n"},
		{name: "negative length", req: post("Content-Length: -1\r\n", "ab"), want: "HTTP/1.0 500 Internal Server Error\r\n"},
		{name: "python length", req: post("Content-Length:  1_6 \r\n", "0123456789abcdef"), want: "HTTP/1.0 200 OK\r\n"},
		{name: "too large", req: post("Content-Length: 17\r\n", "0123456789abcdefg"), want: "HTTP/1.0 413 Request Entity Too Large\r\n"},
		{name: "huge", req: post("Content-Length: 99999999999999999999999\r\n", ""), want: "HTTP/1.0 413 Request Entity Too Large\r\n"},
		{name: "truncated", req: post("Content-Length: 10\r\n", "abc"), halfClose: true},
		{name: "not utf-8", req: post("Content-Length: 3\r\n", "a=\xff"), halfClose: true},
	}
	for _, tt := range tests {
		got := exchange(t, sock, tt.req, tt.halfClose)
		if tt.want == "" && got != "" || !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: answer %q, want it to start with %q", tt.name, got, tt.want)
		}
	}
	if got := exchange(t, sock, post("Content-Length: 5\r\n", "a=b&c"), false); !strings.HasSuffix(got, "\r\n\r\na=b&c") {
		t.Errorf("echo: %q", got)
	}
	logs := lr.all()
	if want := "40 Server Error: <class 'ValueError'>, invalid literal for int() with base 10: 'abc'"; !strings.Contains(logs, want) {
		t.Errorf("log lacks %q:\n%s", want, logs)
	}
	if strings.Contains(logs, "'-1'") {
		t.Errorf("a negative length is no ValueError in the reference, but was logged as one:\n%s", logs)
	}
}

// TestBodyKeepAlive: the bytes after a body are the next request, also after
// a 411, where the body itself is read as one (RPC-HTTP-009).
func TestBodyKeepAlive(t *testing.T) {
	sock, _ := bodyServer(t, 1<<10)
	got := exchange(t, sock, "POST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"+
		"POST /x HTTP/1.1\r\n\r\n"+
		"GET /y HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nde", false)
	want := []string{"HTTP/1.1 200 OK", "abc", "HTTP/1.1 411 Length Required", "HTTP/1.1 200 OK", "de"}
	rest := got
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Fatalf("answers lack %q (in order %q):\n%s", w, want, got)
		}
		rest = rest[i+len(w):]
	}
}

// TestBodySlowClient: clients that declare large bodies and send little
// hold only their own connections; others are served meanwhile.
func TestBodySlowClient(t *testing.T) {
	sock, _ := bodyServer(t, 64<<20)
	var conns []net.Conn
	for i := 0; i < 8; i++ {
		c, err := net.Dial("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		fmt.Fprintf(c, "POST /x HTTP/1.0\r\nContent-Length: %d\r\n\r\nab", 64<<20)
	}
	if got := exchange(t, sock, "POST /x HTTP/1.0\r\nContent-Length: 2\r\n\r\nok", false); !strings.HasSuffix(got, "\r\n\r\nok") {
		t.Errorf("served alongside stalled bodies: %q", got)
	}
	for _, c := range conns {
		c.Close()
	}
}

// TestServerName: what an endpoint calls itself in URLs built without a Host
// header (RPC-UI-003, RPC-STATIC-003).
func TestServerName(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "s.sock")
	ep, err := Listen(config.Server{Family: config.ServerUnix, File: sock, Chmod: 0o700, Chown: [2]int{-1, -1}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ep.Close()
	if ep.ServerName() != "<unix domain socket>" || ep.ServerPort() != sock {
		t.Errorf("unix: %q %q, want %q %q", ep.ServerName(), ep.ServerPort(), "<unix domain socket>", sock)
	}
	in, err := Listen(config.Server{Family: config.ServerInet, Host: "127.0.0.1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	// The name is what 127.0.0.1 reverse-resolves to here, as for the
	// reference's gethostbyaddr; the conformance suite compares the two.
	if port := strconv.Itoa(in.Addr().(*net.TCPAddr).Port); in.ServerName() == "" || in.ServerPort() != port {
		t.Errorf("inet: %q %q, want a name and port %s", in.ServerName(), in.ServerPort(), port)
	}
}

// TestUnreadBodySkipped: a body no handler reads is read and dropped. After
// a 404 the next request on the connection is answered; after a 401, which
// closes the connection as the reference does, the close waits for the
// body, so the client can finish sending it (no EPIPE).
func TestUnreadBodySkipped(t *testing.T) {
	user, pass := "user", "secret"
	for _, auth := range []bool{false, true} {
		ts := startServer(t, func(c *config.Server) {
			if auth {
				c.Username, c.Password = &user, &pass
			}
		})
		c, err := net.Dial("unix", ts.sock)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		br := bufio.NewReader(c)
		// The head alone: the answer comes before the body is sent.
		io.WriteString(c, "POST /nothing HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n")
		resp, err := http.ReadResponse(br, nil)
		want := map[bool]int{false: 404, true: 401}[auth]
		if err != nil || resp.StatusCode != want {
			t.Fatalf("auth %v: first answer %v %v, want %d", auth, resp, err, want)
		}
		io.Copy(io.Discard, resp.Body)
		// The server is waiting for the body, not gone.
		_ = c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		if _, err := br.Peek(1); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("auth %v: before the body was sent the connection gave %v, want it still open", auth, err)
		}
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.WriteString(c, "hello world"+"GET /nothing HTTP/1.1\r\nHost: h\r\n\r\n"); err != nil {
			t.Fatalf("auth %v: sending the body after the answer: %v", auth, err)
		}
		resp, err = http.ReadResponse(br, nil)
		if auth {
			if err == nil {
				t.Errorf("after a 401 the connection answered again: %v", resp.Status)
			}
			continue
		}
		if err != nil || resp.StatusCode != 404 {
			t.Fatalf("second answer: %v %v, want the 404 of GET /nothing", resp, err)
		}
	}
}
