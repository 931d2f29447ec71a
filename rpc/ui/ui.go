package ui

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/rpc"
)

// Option configures [Handler].
type Option func(*handler)

// WithNamespace names the namespace whose methods the UI calls; default
// "supervisor". Differs from the reference, whose web UI always uses the
// standard interface whatever its [rpcinterface:x] section is called; pass
// the section's name when it is not "supervisor".
func WithNamespace(ns string) Option { return func(h *handler) { h.ns = ns } }

// WithClock sets the clock for the times in action messages and the
// copyright year; default time.Now.
func WithClock(now func() time.Time) Option { return func(h *handler) { h.now = now } }

// WithFallbackURL is the server URL used in redirects when a request has no
// Host header; default "http://localhost". The reference uses the listening
// server's name and port there ("http://<unix domain socket>:<path>" for a
// unix socket, RPC-UI-003), which one handler shared by every endpoint cannot
// know.
func WithFallbackURL(u string) Option {
	return func(h *handler) { h.fallbackURL = strings.TrimSuffix(u, "/") }
}

// WithServerName is the host named in the 301 for a static directory
// without its trailing slash (RPC-STATIC-003); default "localhost".
func WithServerName(name string) Option { return func(h *handler) { h.serverName = name } }

// Handler returns the web UI. d must hold the supervisor namespace (or the
// one named by [WithNamespace]); the UI calls nothing else, except
// system.multicall for the restart actions, as the reference does.
func Handler(d *rpc.Dispatcher, opts ...Option) rpc.Handler {
	h := &handler{
		d:           d,
		ns:          "supervisor",
		now:         time.Now,
		fallbackURL: "http://localhost",
		serverName:  "localhost",
	}
	for _, o := range opts {
		o(h)
	}
	h.modified = h.now().UTC().Truncate(time.Second)
	return h.serve
}

type handler struct {
	d           *rpc.Dispatcher
	ns          string
	now         func() time.Time
	fallbackURL string
	serverName  string
	modified    time.Time // Last-Modified of the embedded files: when the handler was built
}

// call runs one method of the UI's namespace.
func (h *handler) call(ctx context.Context, method string, args ...any) (any, error) {
	if args == nil {
		args = []any{}
	}
	return h.d.Call(ctx, h.ns+"."+method, args)
}

// views are the pages the reference's supervisor_ui_handler matches; every
// other path is a static file (RPC-UI-001, RPC-STATIC-001).
var views = map[string]func(*handler, *rpc.Response, *rpc.Request, form){
	"index.html": (*handler).status,
	"tail.html":  (*handler).tail,
	"ok.html":    (*handler).ok,
}

func (h *handler) serve(w *rpc.Response, r *rpc.Request) {
	path, query := splitURI(r.URI)
	name := strings.TrimLeft(path, "/")
	if name == "" {
		name = "index.html"
	}
	view, ok := views[name]
	if !ok || (r.Method != "GET" && r.Method != "POST") {
		h.static(w, r, path)
		return
	}
	f := parseQuery(query)
	if r.Method == "POST" {
		body, ok := readBody(r)
		if !ok {
			w.Error(400)
			return
		}
		for k, v := range parseQueryAll(body) { // body fields override query fields
			f[k] = v
		}
	}
	view(h, w, r, f)
}

// readBody returns a POST's form body. The rpc server does not yet hand
// bodies to the UI: a request that declares none is served from its query
// string; one that carries a body is refused with 400 rather than running
// an action its body may contradict. Once rpc.Request has
// Body() ([]byte, error), it is used. Differs from the reference, which
// merges x-www-form-urlencoded POST fields (RPC-UI-001).
func readBody(r *rpc.Request) (string, bool) {
	if b, ok := any(r).(interface{ Body() ([]byte, error) }); ok {
		data, err := b.Body()
		return string(data), err == nil
	}
	cl, _ := r.GetHeader("content-length")
	cl = strings.TrimSpace(cl)
	if cl == "" || cl == "0" {
		return "", true
	}
	return "", false
}

// splitURI is medusa's split_uri: the path ends at the first ';', '?' or
// '#'; the query runs from the first '?' to '#'.
func splitURI(uri string) (path, query string) {
	rest := uri
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i]
	}
	path, query, _ = strings.Cut(rest, "?")
	if i := strings.IndexByte(path, ';'); i >= 0 {
		path = path[:i]
	}
	return path, query
}

// form holds request fields; a missing key and an empty value are the same,
// since the reference's parse_qs drops blank values.
type form map[string]string

// parseQuery is Python's parse_qs(query) reduced to the first value of each
// key (RPC-UI-001): fields split on '&' only, pairs without '=' or with an
// empty value dropped, '+' is a space, %XX decoded as UTF-8 with U+FFFD.
func parseQuery(q string) form {
	f := form{}
	for _, kv := range parsePairs(q) {
		if _, dup := f[kv[0]]; !dup {
			f[kv[0]] = kv[1]
		}
	}
	return f
}

// parseQueryAll is the reference's loop over parse_qsl(body): the last
// value of a repeated key wins.
func parseQueryAll(q string) form {
	f := form{}
	for _, kv := range parsePairs(q) {
		f[kv[0]] = kv[1]
	}
	return f
}

func parsePairs(q string) [][2]string {
	var out [][2]string
	for _, field := range strings.Split(q, "&") {
		k, v, ok := strings.Cut(field, "=")
		if !ok || v == "" {
			continue
		}
		out = append(out, [2]string{unquotePlus(k), unquotePlus(v)})
	}
	return out
}

// unquotePlus is urllib.parse.unquote_plus with errors="replace".
func unquotePlus(s string) string {
	s = strings.ReplaceAll(s, "+", " ")
	if !strings.Contains(s, "%") {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && ishex(s[i+1]) && ishex(s[i+2]) {
			v, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b = append(b, byte(v))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

func ishex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// quote is Python's urllib.parse.quote(s) (safe "/"): every UTF-8 byte
// outside letters, digits, "_.-~/" becomes %XX.
func quote(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || strings.IndexByte("_.-~/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// serverURL is the reference's request.get_server_url: "http://" and the
// Host header, without a port 80 and without a trailing slash.
func (h *handler) serverURL(r *rpc.Request) string {
	host, ok := r.GetHeader("host")
	if !ok {
		return h.fallbackURL
	}
	host = strings.TrimSpace(host)
	if i := strings.LastIndexByte(host, ':'); i >= 0 && allDigits(host[i+1:]) {
		port := host[i+1:]
		host = host[:i]
		if port != "" && port != "80" {
			host += ":" + port
		}
	}
	return strings.TrimSuffix("http://"+host, "/")
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// noCache sets the headers of every rendered page (RPC-UI-002).
func noCache(w *rpc.Response) {
	w.Set("Content-Type", "text/html;charset=utf-8")
	w.Set("Pragma", "no-cache")
	w.Set("Cache-Control", "no-cache")
	w.Set("Expires", "Thu, 01 Jan 1970 00:00:00 GMT")
}

// sendPage answers 200 with a rendered page (RPC-UI-002).
func sendPage(w *rpc.Response, body []byte) {
	noCache(w)
	w.Set("Content-Length", strconv.Itoa(len(body)))
	w.Send(200, body)
}

// redirect answers an action as the reference does: 301 to the status page
// carrying the message, with medusa's 301 error page as body (RPC-UI-003).
func (h *handler) redirect(w *rpc.Response, r *rpc.Request, message string) {
	w.Set("Location", h.serverURL(r)+"/?message="+quote(message))
	noCache(w)
	w.Set("Content-Length", "0")
	w.Error(301) // replaces Content-Type and Content-Length in place, as medusa does
}

// ok is /ok.html, a liveness probe (RPC-UI-002).
func (h *handler) ok(w *rpc.Response, _ *rpc.Request, _ form) {
	w.Set("Content-Type", "text/plain")
	w.Set("Content-Length", "2")
	w.Send(200, []byte("OK"))
}

// text makes a value from the wire printable: log bytes need not be UTF-8.
func text(v any) string {
	s, _ := v.(string)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// ctime is Python's time.ctime: "Wed Nov 25 18:32:10 2026".
func ctime(t time.Time) string { return t.Format("Mon Jan _2 15:04:05 2006") }
