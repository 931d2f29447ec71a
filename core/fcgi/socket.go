package fcgi

import (
	"context"
	"errors"
	"net"
	"os"

	"golang.org/x/sys/unix"

	"github.com/gosupervisord/gosupervisord/core/config"
)

// defaultBacklog is the listen queue without socket_backlog=: Python's
// socket.SOMAXCONN on the reference's Linux build (FCGI-CFG-005). The kernel
// caps it at net.core.somaxconn.
const defaultBacklog = unix.SOMAXCONN

// Socket is the shared listening socket of one [fcgi-program:x] group: the
// reference's SocketManager (FCGI-SOCK-003). It is not safe for concurrent
// use; the supervisor loop owns it.
type Socket struct {
	cfg  *config.SocketConfig
	info func(msg string)
	f    *os.File // nil while closed
	refs int
	// file identifies the unix socket file we bound, so that closing removes
	// it only if it is still ours.
	file *unix.Stat_t
}

// New returns the closed socket of cfg. info, when not nil, receives the INFO
// lines "Creating socket <url>" and "Closing socket <url>" (FCGI-SOCK-001).
func New(cfg *config.SocketConfig, info func(msg string)) *Socket {
	return &Socket{cfg: cfg, info: info}
}

// URL is the socket's url, as the reference prints it: tcp://host:port or
// unix://path.
func (s *Socket) URL() string { return s.cfg.URL }

// Config is the socket's configuration.
func (s *Socket) Config() *config.SocketConfig { return s.cfg }

// Refs is the number of references held.
func (s *Socket) Refs() int { return s.refs }

// Open reports whether the socket is listening (at least one reference held).
func (s *Socket) Open() bool { return s.f != nil }

// Acquire takes one reference, creating, binding and listening the socket when
// it is the first (FCGI-SOCK-003..005), and returns the listening socket to
// hand to the child as its fd 0. The file is in blocking mode and
// close-on-exec; the caller must not close it. On error no reference is
// held; the error reads as the reference's exception would, e.g.
// "[Errno 98] Address already in use".
func (s *Socket) Acquire() (*os.File, error) {
	if s.refs == 0 {
		s.logf("Creating socket " + s.cfg.URL)
		f, err := create(s.cfg)
		if err != nil {
			return nil, err
		}
		s.f = f
		if s.cfg.IsUnix() {
			var st unix.Stat_t
			if unix.Lstat(s.cfg.Path, &st) == nil {
				s.file = &st
			}
		}
	}
	s.refs++
	return s.f, nil
}

// Release drops one reference; the last one closes the socket (FCGI-SOCK-003).
// A unix socket's file stays (FCGI-SOCK-005). Releasing more than was
// acquired does nothing (the reference's ReferenceCounter raises, but from a
// __del__, where Python prints and ignores it).
func (s *Socket) Release() {
	if s.refs == 0 {
		return
	}
	s.refs--
	if s.refs == 0 {
		s.close()
	}
}

// Close closes the socket whatever references are held (the processes keep
// their own copies of it) and forgets them: for group removal and teardown.
// With no reference held, as the reference's removeProcessGroup requires, it
// does nothing.
func (s *Socket) Close() error {
	s.refs = 0
	return s.close()
}

// Check creates the socket and closes it again, as the reference does when it
// builds the group (FastCGIProcessGroup.__init__, FCGI-SOCK-001). On failure
// the error is a [*CreateError] ("Could not create FastCGI socket <url>:
// <error>", FCGI-SOCK-002).
func (s *Socket) Check() error {
	if _, err := s.Acquire(); err != nil {
		return &CreateError{URL: s.cfg.URL, Err: err}
	}
	s.Release()
	return nil
}

func (s *Socket) close() error {
	if s.f == nil {
		return nil
	}
	s.logf("Closing socket " + s.cfg.URL)
	f := s.f
	s.f = nil
	err := f.Close()
	// Differs from the reference (FCGI-SOCK-005), which leaves the file of a
	// closed unix socket behind until the next create replaces it: we remove
	// it, if it is still the one we bound, so no dead socket file lingers.
	if s.file != nil {
		var st unix.Stat_t
		if unix.Lstat(s.cfg.Path, &st) == nil && st.Dev == s.file.Dev && st.Ino == s.file.Ino {
			os.Remove(s.cfg.Path)
		}
		s.file = nil
	}
	return err
}

func (s *Socket) logf(msg string) {
	if s.info != nil {
		s.info(msg)
	}
}

// create makes the listening socket of cfg: create_and_bind, then listen.
func create(cfg *config.SocketConfig) (*os.File, error) {
	var fd int
	var err error
	if cfg.IsUnix() {
		fd, err = createUnix(cfg)
	} else {
		fd, err = createInet(cfg)
	}
	if err != nil {
		return nil, err
	}
	backlog := defaultBacklog
	if cfg.Backlog != nil {
		backlog = *cfg.Backlog
	}
	if err := unix.Listen(fd, backlog); err != nil {
		// The reference leaks the socket here; we close it.
		unix.Close(fd)
		return nil, osError(err, "")
	}
	// A blocking fd: os.NewFile leaves it out of the poller, as a child's
	// accept() on fd 0 wants it (FCGI-SPAWN-001).
	return os.NewFile(uintptr(fd), cfg.URL), nil
}

// createInet is InetStreamSocketConfig.create_and_bind (FCGI-SOCK-004).
func createInet(cfg *config.SocketConfig) (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, osError(err, "")
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		unix.Close(fd)
		return -1, osError(err, "")
	}
	addr, err := resolve(cfg.Host)
	if err == nil {
		sa := &unix.SockaddrInet4{Port: cfg.Port, Addr: addr}
		if err = unix.Bind(fd, sa); err != nil {
			err = osError(err, "")
		}
	}
	if err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// resolve is CPython's setipaddr for AF_INET: "<broadcast>", a dotted quad,
// else the first IPv4 address of the name; errors are its socket.gaierror.
func resolve(host string) ([4]byte, error) {
	if host == "<broadcast>" {
		return [4]byte{255, 255, 255, 255}, nil
	}
	if ip := net.ParseIP(host).To4(); ip != nil {
		return [4]byte(ip), nil
	}
	ips, err := net.DefaultResolver.LookupIP(context.Background(), "ip4", host)
	if err == nil && len(ips) > 0 {
		if ip := ips[0].To4(); ip != nil {
			return [4]byte(ip), nil
		}
	}
	var de *net.DNSError
	if err == nil || errors.As(err, &de) && de.IsNotFound {
		return [4]byte{}, &OSError{Code: -2, Text: "Name or service not known"}
	}
	return [4]byte{}, &OSError{Code: -3, Text: "Temporary failure in name resolution"}
}

// maxUnixPath is the size of sun_path: CPython wants room for the
// terminating NUL and refuses a path this long or longer before binding.
const maxUnixPath = len(unix.RawSockaddrUnix{}.Path)

// createUnix is UnixStreamSocketConfig.create_and_bind (FCGI-SOCK-005): unlink
// what is at the path, bind, chown, chmod; on failure close and unlink.
func createUnix(cfg *config.SocketConfig) (int, error) {
	path := cfg.Path
	if exists(path) {
		if err := unix.Unlink(path); err != nil {
			return -1, osError(err, path)
		}
	}
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, osError(err, "")
	}
	err = bindUnix(fd, cfg)
	if err != nil {
		unix.Close(fd)
		if exists(path) {
			unix.Unlink(path)
		}
		return -1, err
	}
	return fd, nil
}

func bindUnix(fd int, cfg *config.SocketConfig) error {
	path := cfg.Path
	if len(path) >= maxUnixPath {
		return &OSError{Text: "AF_UNIX path too long"}
	}
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: path}); err != nil {
		return osError(err, "")
	}
	if cfg.Owner != nil {
		if err := unix.Chown(path, cfg.Owner[0], cfg.Owner[1]); err != nil {
			return &OwnerError{Err: osError(err, path)}
		}
	}
	if err := unix.Chmod(path, uint32(cfg.Mode)); err != nil {
		return &ModeError{Err: osError(err, path)}
	}
	return nil
}

// exists is os.path.exists: stat follows symlinks, and any error is false.
func exists(path string) bool {
	var st unix.Stat_t
	return unix.Stat(path, &st) == nil
}
