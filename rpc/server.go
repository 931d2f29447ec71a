package rpc

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Handler serves one request; the web UI plugs in through [Server.UI].
type Handler func(w *Response, r *Request)

// Server serves every endpoint with the same handlers (RPC-HTTP-001). Set the
// fields before the first Serve.
type Server struct {
	Dispatcher *Dispatcher // XML-RPC methods; nil: only the system namespace
	Logger     Logger      // nil: discarded
	Stderr     io.Writer   // auth complaints, as the reference writes them to stderr
	Logs       LogFiles    // log tails; nil: every tail is 404
	// UI receives every request the other handlers do not match (RPC-HTTP-002
	// 4 and 5: the web UI and static files). Nil: 404.
	UI Handler

	IdleTimeout    time.Duration // between requests; default 30 min (RPC-HTTP-010)
	ReadTimeout    time.Duration // to receive one request once started; default 5 min
	MaxHeaderBytes int           // default 64 KiB; larger: the connection is closed
	MaxBodyBytes   int64         // request bodies (XML-RPC, UI forms); default 64 MiB; larger: 413
	TailInterval   time.Duration // log tail poll; default 0.1 s (RPC-TAIL-002)
	Now            func() time.Time

	mu       sync.Mutex
	ctx      context.Context
	cancel   context.CancelFunc
	eps      map[*Endpoint]bool
	conns    map[net.Conn]bool
	closed   bool
	wg       sync.WaitGroup
	busy     int           // requests being answered
	draining bool          // Close has begun: answer what is in flight, take nothing new
	drained  chan struct{} // closed once draining and nothing is in flight
	initOnce sync.Once
	replies  sync.Pool // *[]byte: XML-RPC reply buffers, reused across requests
}

// ErrServerClosed is returned by Serve after Close.
var ErrServerClosed = errors.New("rpc: server closed")

func (s *Server) init() {
	s.initOnce.Do(func() {
		s.ctx, s.cancel = context.WithCancel(context.Background())
		s.eps = map[*Endpoint]bool{}
		s.conns = map[net.Conn]bool{}
		s.drained = make(chan struct{})
		if s.Dispatcher == nil {
			s.Dispatcher = NewDispatcher(s.Logger)
		}
		if s.Logger == nil {
			s.Logger = discard{}
		}
		if s.Stderr == nil {
			s.Stderr = io.Discard
		}
		if s.IdleTimeout == 0 {
			s.IdleTimeout = 30 * time.Minute
		}
		if s.ReadTimeout == 0 {
			s.ReadTimeout = 5 * time.Minute
		}
		if s.MaxHeaderBytes == 0 {
			s.MaxHeaderBytes = 64 << 10
		}
		if s.MaxBodyBytes == 0 {
			s.MaxBodyBytes = 64 << 20
		}
		if s.TailInterval == 0 {
			s.TailInterval = 100 * time.Millisecond
		}
		if s.Now == nil {
			s.Now = time.Now
		}
	})
}

// Serve accepts connections on ep until Close; it closes ep when it returns.
func (s *Server) Serve(ep *Endpoint) error {
	s.init()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ep.Close()
		return ErrServerClosed
	}
	s.eps[ep] = true
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()
	defer ep.Close()
	for {
		c, err := ep.ln.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed || s.draining
			s.mu.Unlock()
			if closed {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			return err
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return ErrServerClosed
		}
		s.conns[c] = true
		s.wg.Add(1)
		s.mu.Unlock()
		go s.serveConn(ep, c)
	}
}

// Close stops every endpoint (removing unix socket files), closes every
// connection, ends running tails and waits for all goroutines.
func (s *Server) Close() error {
	s.init()
	// Answers already being written go out first: supervisor.shutdown replies
	// true and then the daemon closes its servers, and the client must still
	// get that reply (RPC-SUP-008). A request that would block (a waiting
	// method whose loop is gone) is cut off after drainTimeout.
	s.mu.Lock()
	s.draining = true
	if s.busy == 0 {
		close(s.drained)
	}
	for ep := range s.eps {
		ep.Close()
	}
	s.mu.Unlock()
	select {
	case <-s.drained:
	case <-time.After(drainTimeout):
	}
	s.mu.Lock()
	s.closed = true
	s.cancel()
	for ep := range s.eps {
		ep.Close()
	}
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return nil
}

// Request is one parsed HTTP request (RPC-HTTP-003).
type Request struct {
	Method  string   // the request's command, e.g. "POST"
	URI     string   // percent-decoded path, then "?query" as received
	Version string   // "1.0", "1.1", ...; "" when the request line has none
	Line    string   // the request line as received, for the access log
	Header  []string // header lines, continuation lines joined
	Auth    []string // user and password when the server checks them

	ctx      context.Context
	conn     *conn
	bodyRead bool // Body has run; body and bodyErr are its result
	body     []byte
	bodyErr  error
}

// Context ends when the server closes or, during a streamed response, when
// the client goes away.
func (r *Request) Context() context.Context { return r.ctx }

// Endpoint is the server the request came in on.
func (r *Request) Endpoint() *Endpoint { return r.conn.ep }

// GetHeader is medusa's request.get_header: the rest of the first line that
// starts with "<name>: " (case-insensitive).
func (r *Request) GetHeader(name string) (string, bool) {
	h := strings.ToLower(name) + ": "
	for _, line := range r.Header {
		if len(line) >= len(h) && strings.ToLower(line[:len(h)]) == h {
			return line[len(h):], true
		}
	}
	return "", false
}

// matchHeader is medusa's get_header(regex, lines): the first line the regex
// matches completely.
func matchHeader(re *regexp.Regexp, lines []string) []string {
	for _, line := range lines {
		if m := re.FindStringSubmatch(line); m != nil {
			return m
		}
	}
	return nil
}

// matchRequestLine is medusa's request regex, ^([^ ]+) ([^ ]+)(?:
// HTTP/([0-9.]+))?$, matched by hand: [whole, command, uri, version] or nil.
func matchRequestLine(line string) []string {
	cmd, rest, ok := strings.Cut(line, " ")
	if !ok || cmd == "" {
		return nil
	}
	uri, tail, hasTail := strings.Cut(rest, " ")
	if uri == "" {
		return nil
	}
	version := ""
	if hasTail {
		v, ok := strings.CutPrefix(tail, "HTTP/")
		if !ok || v == "" || strings.Trim(v, "0123456789.") != "" {
			return nil
		}
		version = v
	}
	return []string{line, cmd, uri, version}
}

// connectionValue is medusa's Connection header regex,
// ^(?i:Connection): (.*)$, over the header lines: the first match's value.
func connectionValue(lines []string) (string, bool) {
	const name = "connection: "
	for _, line := range lines {
		if len(line) >= len(name) && strings.EqualFold(line[:len(name)], name) && !strings.Contains(line, "\n") {
			return line[len(name):], true
		}
	}
	return "", false
}

type conn struct {
	s      *Server
	ep     *Endpoint
	c      net.Conn
	br     *bufio.Reader
	remote string // "host:port" as the access log shows it
}

func (s *Server) serveConn(ep *Endpoint, c net.Conn) {
	defer s.wg.Done()
	defer func() {
		c.Close()
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
	}()
	cn := &conn{s: s, ep: ep, c: c, br: bufio.NewReaderSize(c, 16<<10), remote: "localhost:0"}
	if ta, ok := c.RemoteAddr().(*net.TCPAddr); ok {
		cn.remote = ta.IP.String() + ":" + strconv.Itoa(ta.Port)
	}
	for {
		req, ok := cn.readRequest()
		if !ok {
			return
		}
		if keep := cn.serve(req); !keep {
			return
		}
	}
}

// readRequest reads a header block ending in "\r\n\r\n". Malformed requests
// close the connection without an answer, as the reference does.
func (cn *conn) readRequest() (*Request, bool) {
	s := cn.s
	_ = cn.c.SetReadDeadline(time.Now().Add(s.IdleTimeout))
	var buf []byte
	started := false
	for !bytes.HasSuffix(buf, []byte("\r\n\r\n")) {
		line, err := cn.br.ReadSlice('\n')
		buf = append(buf, line...)
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, false
		}
		if len(buf) > s.MaxHeaderBytes {
			return nil, false
		}
		if !started && len(buf) > 0 {
			started = true
			_ = cn.c.SetReadDeadline(time.Now().Add(s.ReadTimeout))
		}
	}
	head := buf[:len(buf)-4]
	if !utf8.Valid(head) {
		return nil, false
	}
	lines := strings.Split(string(head), "\r\n")
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	if len(lines) == 0 {
		return nil, false
	}
	m := matchRequestLine(lines[0])
	if m == nil {
		return nil, false // RPC-HTTP-003
	}
	var header []string
	for _, l := range lines[1:] {
		if l != "" && (l[0] == ' ' || l[0] == '\t') {
			if len(header) == 0 {
				return nil, false
			}
			header[len(header)-1] += l[1:]
			continue
		}
		header = append(header, l)
	}
	uri := m[2]
	path, query, hasQuery := m[2], "", false
	if i := strings.LastIndexByte(uri, '?'); i >= 0 {
		path, query, hasQuery = uri[:i], uri[i+1:], true
	}
	if strings.Contains(path, "%") {
		uri = Unquote(path)
		if hasQuery && query != "" {
			uri += "?" + query
		}
	}
	return &Request{Method: m[1], URI: uri, Version: m[3], Line: lines[0], Header: header, ctx: cn.s.ctx, conn: cn}, true
}

// drainTimeout bounds how long Close waits for answers in flight.
const drainTimeout = 2 * time.Second

// begin counts a request in; false once Close has begun.
func (s *Server) begin() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.draining {
		return false
	}
	s.busy++
	return true
}

// end counts a request out.
func (s *Server) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.busy--
	if s.draining && s.busy == 0 {
		close(s.drained)
	}
}

// serve routes one request (RPC-HTTP-002) and reports whether the
// connection stays open.
func (cn *conn) serve(r *Request) bool {
	if !cn.s.begin() {
		return false
	}
	defer cn.s.end()
	w := &Response{conn: cn, req: r, date: cn.s.Now()}
	if cn.ep.Config.Username != nil && !cn.authorize(w, r) {
		return r.skipBody() && w.keep
	}
	switch {
	case strings.HasPrefix(r.URI, "/RPC2"):
		cn.s.serveXMLRPC(w, r)
	case strings.HasPrefix(r.URI, "/logtail"):
		cn.s.serveLogtail(w, r)
	case strings.HasPrefix(r.URI, "/mainlogtail"):
		cn.s.serveMainlogtail(w, r)
	case cn.s.UI != nil:
		cn.s.UI(w, r)
	default:
		w.Error(404)
	}
	if !w.done {
		w.Error(500)
	}
	return r.skipBody() && w.keep
}

// Unquote is urllib.parse.unquote: %XX escapes become bytes, the result is
// decoded as UTF-8 with U+FFFD for invalid sequences, bad escapes stay.
func Unquote(s string) string {
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

// medusaReasons is medusa's http_request.responses (RPC-HTTP-006).
var medusaReasons = map[int]string{
	100: "Continue", 101: "Switching Protocols", 200: "OK", 201: "Created", 202: "Accepted",
	203: "Non-Authoritative Information", 204: "No Content", 205: "Reset Content", 206: "Partial Content",
	300: "Multiple Choices", 301: "Moved Permanently", 302: "Moved Temporarily", 303: "See Other",
	304: "Not Modified", 305: "Use Proxy", 400: "Bad Request", 401: "Unauthorized", 402: "Payment Required",
	403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
	407: "Proxy Authentication Required", 408: "Request Time-out", 409: "Conflict", 410: "Gone",
	411: "Length Required", 412: "Precondition Failed", 413: "Request Entity Too Large",
	414: "Request-URI Too Large", 415: "Unsupported Media Type", 500: "Internal Server Error",
	501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Time-out",
	505: "HTTP Version not supported",
}

// Response builds one Medusa response: status line, Server, Date, then the
// handler's headers in the order first set (RPC-HTTP-004, -005).
type Response struct {
	conn    *conn
	req     *Request
	date    time.Time
	code    int
	headers [][2]string
	done    bool
	keep    bool
	sent    int
}

// Set sets a reply header; setting it again replaces the value in place.
func (w *Response) Set(name, value string) {
	for i := range w.headers {
		if w.headers[i][0] == name {
			w.headers[i][1] = value
			return
		}
	}
	w.headers = append(w.headers, [2]string{name, value})
}

func (w *Response) has(name string) (string, bool) {
	for _, h := range w.headers {
		if h[0] == name {
			return h[1], true
		}
	}
	return "", false
}

// Error sends medusa's error page for code (RPC-HTTP-006).
func (w *Response) Error(code int) {
	body := fmt.Sprintf("<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n<p>Error code %d.\r\n<p>Message: %s.\r\n</body>\r\n", code, medusaReasons[code])
	w.Set("Content-Length", strconv.Itoa(len(body)))
	w.Set("Content-Type", "text/html")
	w.Send(code, []byte(body))
}

// plan is medusa's done(): whether to close and whether to chunk
// (RPC-HTTP-007, -008).
func (w *Response) plan() (closeIt, chunked bool) {
	conn := ""
	if v, ok := connectionValue(w.req.Header); ok {
		conn = strings.ToLower(v)
	}
	_, hasLength := w.has("Content-Length")
	switch w.req.Version {
	case "1.0":
		if conn == "keep-alive" && hasLength {
			w.Set("Connection", "Keep-Alive")
		} else {
			closeIt = true
		}
	case "1.1":
		if conn == "close" {
			closeIt = true
		} else if !hasLength {
			if te, ok := w.has("Transfer-Encoding"); ok {
				closeIt = te != "chunked"
			} else {
				w.Set("Transfer-Encoding", "chunked")
				chunked = true
			}
		}
	case "":
		closeIt = true
	}
	return closeIt, chunked
}

func (w *Response) header(code int) []byte {
	w.code = code
	version := w.req.Version
	if version == "" {
		version = "None"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/%s %d %s\r\nServer: Medusa/1.12\r\nDate: %s\r\n", version, code, medusaReasons[code],
		w.date.UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT"))
	for _, h := range w.headers {
		b.WriteString(h[0] + ": " + h[1] + "\r\n")
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// Send writes a complete response; set Content-Length first (without it an
// HTTP/1.1 reply is sent as one chunk).
func (w *Response) Send(code int, body []byte) {
	if w.done {
		return
	}
	w.done = true
	closeIt, chunked := w.plan()
	out := w.header(code)
	if chunked {
		if len(body) > 0 {
			out = fmt.Appendf(out, "%x\r\n", len(body))
			out = append(out, body...)
			out = append(out, "\r\n"...)
		}
		out = append(out, "0\r\n\r\n"...)
	} else if len(body) < 16<<10 {
		out = append(out, body...)
	} else {
		// A large body goes out as it is, behind the head (writev).
		bufs := net.Buffers{out, body}
		n, err := bufs.WriteTo(w.conn.c)
		w.finish(int(n), err, closeIt)
		return
	}
	n, err := w.conn.c.Write(out)
	w.finish(n, err, closeIt)
}

// finish records what Send wrote and logs it.
func (w *Response) finish(n int, err error, closeIt bool) {
	w.sent += n
	w.keep = !closeIt && err == nil
	if err == nil {
		w.log()
	}
}

// log writes the access log line (RPC-LOG-001).
func (w *Response) log() {
	l := w.conn.s.Logger
	if !enabled(l, LevelTrace) && !partsMention([]any{w.conn.remote, w.req.Line}, "error") {
		return // nothing would be logged: skip building the line
	}
	logMedusaf(l, "%s - - [%s] \"%s\" %d %d", w.conn.remote, logDate(w.conn.s.Now()), w.req.Line, w.code, w.sent)
}

// logDate is medusa's log_date_string: the UTC time, then the local standard
// offset (QUIRK RPC-LOG-001).
func logDate(t time.Time) string {
	y := t.Year()
	_, jan := time.Date(y, 1, 1, 0, 0, 0, 0, time.Local).Zone()
	_, jul := time.Date(y, 7, 1, 0, 0, 0, 0, time.Local).Zone()
	off := min(jan, jul)
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	return t.UTC().Format("02/Jan/2006:15:04:05 ") + fmt.Sprintf("%s%02d%02d", sign, off/3600, off%3600/60)
}

// Stream starts a response of unknown length: chunked for HTTP/1.1, raw
// until close otherwise. next is called until it returns an error or the
// request's context ends; each non-empty result is written (one chunk each).
func (w *Response) Stream(code int, next func(ctx context.Context) ([]byte, error)) {
	if w.done {
		return
	}
	w.done = true
	closeIt, chunked := w.plan()
	w.keep = false // a stream only ends with the connection
	_ = closeIt
	ctx, cancel := context.WithCancel(w.req.ctx)
	defer cancel()
	cn := w.conn
	_ = cn.c.SetReadDeadline(time.Time{})
	readerDone := make(chan struct{})
	go func() { // the client hanging up ends the stream
		defer close(readerDone)
		_, _ = io.Copy(io.Discard, cn.br)
		cancel()
	}()
	defer func() {
		cn.c.Close() // a stream only ends with its connection; this ends the reader
		<-readerDone
	}()
	if _, err := cn.c.Write(w.header(code)); err != nil {
		return
	}
	for {
		data, err := next(ctx)
		if err != nil {
			return
		}
		if len(data) == 0 {
			continue
		}
		out := data
		if chunked {
			out = fmt.Appendf(nil, "%x\r\n", len(data))
			out = append(out, data...)
			out = append(out, "\r\n"...)
		}
		if _, err := cn.c.Write(out); err != nil {
			return
		}
	}
}
