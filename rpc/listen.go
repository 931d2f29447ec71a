package rpc

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/user"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gosupervisord/gosupervisord/core/config"
)

// Endpoint is one listening [unix_http_server] or [inet_http_server].
type Endpoint struct {
	Config config.Server
	ln     net.Listener
	once   sync.Once
	name   string // see ServerName
}

// ErrAddrInUse: another server answers on the configured socket (RPC-HTTP-011).
var ErrAddrInUse = syscall.EADDRINUSE

// staleRetryDelay is the reference's pause after unlinking a stale socket.
const staleRetryDelay = 300 * time.Millisecond

// Listen binds the server of cfg as the reference does (RPC-HTTP-001, -011,
// -012). stderr receives "Unlinking stale socket <file>" (nil: discarded).
func Listen(cfg config.Server, stderr io.Writer) (*Endpoint, error) {
	if stderr == nil {
		stderr = io.Discard
	}
	if cfg.Family == config.ServerInet {
		// The reference binds AF_INET only; SO_REUSEADDR is Go's default.
		ln, err := net.Listen("tcp4", net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)))
		if err != nil {
			return nil, err
		}
		return &Endpoint{Config: cfg, ln: ln, name: inetServerName(cfg.Host)}, nil
	}
	ln, err := listenUnix(cfg, stderr)
	if err != nil {
		return nil, err
	}
	return &Endpoint{Config: cfg, ln: ln, name: "<unix domain socket>"}, nil
}

// inetServerName is the reference's server_name for an inet server, found
// once when it binds: the name its address reverse-resolves to, else the
// configured host. Without a host (every address) the address is the one
// this machine's own name resolves to.
//
// Differs from the reference: when this machine's name does not resolve,
// the reference refuses to start; here the name itself is used.
func inetServerName(host string) string {
	addr := host
	if addr == "" {
		h, err := os.Hostname()
		if err != nil {
			return ""
		}
		addr = h
		if ips, err := net.LookupIP(h); err == nil {
			for _, ip := range ips {
				if ip.To4() != nil {
					addr = ip.String()
					break
				}
			}
		}
	}
	ip := addr
	if net.ParseIP(ip) == nil { // gethostbyaddr also takes a name
		addrs, err := net.LookupHost(ip)
		if err != nil || len(addrs) == 0 {
			return addr
		}
		ip = addrs[0]
	}
	names, err := net.LookupAddr(ip)
	if err != nil || len(names) == 0 {
		return addr
	}
	return strings.TrimSuffix(names[0], ".")
}

// listenUnix binds "<file>.<pid>", chmods it and hard-links it to <file>, so
// the final name never exists with a wider mode; a dead socket in the way is
// replaced, a live one is an error.
func listenUnix(cfg config.Server, stderr io.Writer) (net.Listener, error) {
	file := cfg.File
	temp := fmt.Sprintf("%s.%d", file, os.Getpid())
	_ = os.Remove(temp)
	for attempt := 0; ; attempt++ {
		ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: temp, Net: "unix"})
		if err != nil {
			return nil, err
		}
		ln.SetUnlinkOnClose(false)
		if err := os.Chmod(temp, os.FileMode(cfg.Chmod)); err != nil {
			ln.Close()
			return nil, err
		}
		err = os.Link(temp, file)
		_ = os.Remove(temp) // the reference's finally: the temporary name never stays
		if err != nil {
			if socketInUse(file) || attempt >= 10 {
				ln.Close()
				return nil, fmt.Errorf("%s: %w", file, ErrAddrInUse)
			}
			fmt.Fprintf(stderr, "Unlinking stale socket %s\n", file)
			_ = os.Remove(file)
			ln.Close()
			time.Sleep(staleRetryDelay) // the reference's pause before retrying
			continue
		}
		if err := os.Chown(file, cfg.Chown[0], cfg.Chown[1]); err != nil {
			ln.Close()
			_ = os.Remove(file)
			if errors.Is(err, syscall.EPERM) {
				name := strconv.Itoa(os.Geteuid())
				if u, uerr := user.LookupId(name); uerr == nil {
					name = u.Username
				}
				return nil, fmt.Errorf("Not permitted to chown %s to uid/gid (%d, %d); adjust \"sockchown\" value in config file or on command line to values that the current user (%s) can successfully chown",
					file, cfg.Chown[0], cfg.Chown[1], name)
			}
			return nil, err
		}
		return ln, nil
	}
}

// socketInUse is the reference's checkused: connect, send a request, and
// wait for one byte of answer.
func socketInUse(path string) bool {
	c, err := net.DialTimeout("unix", path, 5*time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte("GET / HTTP/1.0\r\n\r\n")); err != nil {
		return false
	}
	var b [1]byte
	_, err = c.Read(b[:])
	return err == nil
}

// Addr is the listening address.
func (e *Endpoint) Addr() net.Addr { return e.ln.Addr() }

// ServerName is what the reference's HTTP server calls itself
// (server_name): for an inet server the name its address reverse-resolves
// to (the address when that fails), for a unix server "<unix domain
// socket>". URLs built without a Host header use it (RPC-UI-003,
// RPC-STATIC-003).
func (e *Endpoint) ServerName() string { return e.name }

// ServerPort is the reference's SERVER_PORT: the port number of an inet
// server (the one bound when the configured port is 0, which only tests
// use), the socket path of a unix server (RPC-UI-003).
func (e *Endpoint) ServerPort() string {
	if e.Config.Family == config.ServerUnix {
		return e.Config.File
	}
	if ta, ok := e.ln.Addr().(*net.TCPAddr); ok && e.Config.Port == 0 {
		return strconv.Itoa(ta.Port)
	}
	return strconv.Itoa(e.Config.Port)
}

// Close stops listening and removes the socket file of a unix server.
func (e *Endpoint) Close() error {
	var err error
	e.once.Do(func() {
		err = e.ln.Close()
		if e.Config.Family == config.ServerUnix {
			if rerr := os.Remove(e.Config.File); rerr != nil && !errors.Is(rerr, os.ErrNotExist) && err == nil {
				err = rerr
			}
		}
	})
	return err
}
