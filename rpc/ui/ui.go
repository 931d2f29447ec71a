package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
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

// Handler returns the web UI. d must hold the supervisor namespace (or the
// one named by [WithNamespace]); the UI calls nothing else, except
// system.multicall for the restart actions, as the reference does.
func Handler(d *rpc.Dispatcher, opts ...Option) rpc.Handler {
	h := &handler{
		d:   d,
		ns:  "supervisor",
		now: time.Now,
	}
	for _, o := range opts {
		o(h)
	}
	h.modified = h.now().UTC().Truncate(time.Second)
	return h.serve
}

type handler struct {
	d        *rpc.Dispatcher
	ns       string
	now      func() time.Time
	modified time.Time // Last-Modified of the embedded files: when the handler was built
}

// call runs one method of the UI's namespace.
func (h *handler) call(ctx context.Context, method string, args ...any) (any, error) {
	if args == nil {
		args = []any{}
	}
	v, err := h.d.Call(ctx, h.ns+"."+method, args)
	if err != nil {
		return nil, err
	}
	return xmlrpc.Plain(v)
}

// views are the pages the reference's supervisor_ui_handler matches; every
// other path is a static file (RPC-UI-001, RPC-STATIC-001).
var views = map[string]func(*handler, *rpc.Response, *rpc.Request, form){
	"index.html": (*handler).status,
	"tail.html":  (*handler).tail,
	"ok.html":    (*handler).ok,
}

// serve is the reference's supervisor_ui_handler: a GET or POST whose path
// names a view (RPC-HTTP-002 4) gets that view, anything else is a static
// file. The view then runs with the form continue_request builds
// (RPC-UI-001): the CGI environment, then the query's fields (first value
// of a repeated key), then for a POST the body's x-www-form-urlencoded
// fields (last value; any Content-Type), then SERVER_URL. As there, the
// form's PATH_INFO picks the view, so a query or body field PATH_INFO
// overrides the path, and a path with ";params" names no view.
func (h *handler) serve(w *rpc.Response, r *rpc.Request) {
	path, params, query := splitURI(r.URI)
	if _, ok := views[viewName(path)]; !ok || (r.Method != "GET" && r.Method != "POST") {
		h.static(w, r, path)
		return
	}
	var body []byte
	if r.Method == "POST" {
		var err error
		if body, err = r.Body(); err != nil {
			w.FailBody(err)
			return
		}
	}
	host, hasHost, err := hostHeader(r.Header)
	if err != nil {
		// The reference's cgi_environment cannot split the line. A GET
		// fails inside the handler (500); a POST fails after its body is
		// read, outside any handler, which drops the connection.
		if r.Method == "POST" {
			w.Drop()
		} else {
			w.Error(500)
		}
		return
	}
	f := form{"PATH_INFO": "/" + strings.TrimLeft(path, "/") + params}
	for k, v := range parseQuery(query) {
		f[k] = v
	}
	for k, v := range parseQueryAll(string(body)) {
		f[k] = v
	}
	f["SERVER_URL"] = serverURL(r.Endpoint(), host, hasHost)
	view, ok := views[viewName(f["PATH_INFO"])]
	if !ok {
		// Differs from the reference, which never answers such a request
		// and keeps the connection until the client closes it.
		w.Drop()
		return
	}
	view(h, w, r, f)
}

// viewName is the view a path asks for: leading '/'s removed, "" is
// index.html.
func viewName(path string) string {
	if name := strings.TrimLeft(path, "/"); name != "" {
		return name
	}
	return "index.html"
}

// splitURI is medusa's split_uri: the path ends at the first ';', '?' or
// '#'; params run from that ';' (included) to '?' or '#'; the query from the
// first '?' (excluded) to '#'.
func splitURI(uri string) (path, params, query string) {
	rest := uri
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i]
	}
	path, query, _ = strings.Cut(rest, "?")
	if i := strings.IndexByte(path, ';'); i >= 0 {
		path, params = path[:i], path[i:]
	}
	return path, params, query
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
	return rpc.Unquote(strings.ReplaceAll(s, "+", " "))
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

// hostHeader finds HTTP_HOST as the reference's cgi_environment builds it:
// each header line is split at its first ':' into a name and a value; the
// name, lower-cased, '-' turned into '_' and upper-cased, must be HOST; the
// first such line whose stripped value is not empty gives that value. A line
// without ':' is an error, as the reference's split fails on it.
func hostHeader(lines []string) (host string, ok bool, err error) {
	for _, line := range lines {
		name, value, found := strings.Cut(line, ":")
		if !found {
			return "", false, fmt.Errorf("ui: header line %q has no ':'", line)
		}
		if ok || strings.ToUpper(strings.ReplaceAll(strings.ToLower(name), "-", "_")) != "HOST" {
			continue
		}
		if value = strings.TrimFunc(value, pySpace); value != "" {
			host, ok = value, true
		}
	}
	return host, ok, nil
}

// pySpace is Python's str.isspace: Unicode white space and the separators
// U+001C..U+001F.
func pySpace(r rune) bool { return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f) }

// serverURL is the reference's request.get_server_url (RPC-UI-003):
// "http://" and the Host header or, without one, the server's own name and
// port ("http://<unix domain socket>:<socket path>" for a unix server); a
// port 80 is left out, and so is an empty one; one trailing '/' is dropped.
func serverURL(ep *rpc.Endpoint, host string, hasHost bool) string {
	var port string
	if hasHost {
		// urllib's splitport: the port is what follows the last ':' when
		// that is all digits (an empty port counts as none).
		if i := strings.LastIndexByte(host, ':'); i >= 0 && allDigits(host[i+1:]) {
			host, port = host[:i], host[i+1:]
		}
	} else {
		host, port = strings.TrimFunc(ep.ServerName(), pySpace), ep.ServerPort()
	}
	if port != "" && port != "80" {
		host += ":" + port
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
func redirect(w *rpc.Response, f form, message string) {
	w.Set("Location", f["SERVER_URL"]+"/?message="+quote(message))
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
