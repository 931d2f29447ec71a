package fcgi_test

import (
	"bufio"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/core/fcgi"
)

// freePort is a loopback port nobody listens on: config wants 1..65535, so
// bind :0, note the port and let it go.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func tcpConfig(t *testing.T) *config.SocketConfig {
	p := freePort(t)
	return &config.SocketConfig{URL: "tcp://127.0.0.1:" + strconv.Itoa(p), Host: "127.0.0.1", Port: p}
}

func unixConfig(t *testing.T) *config.SocketConfig {
	path := filepath.Join(t.TempDir(), "fcgi.sock")
	return &config.SocketConfig{URL: "unix://" + path, Path: path, Mode: 0o700}
}

// network and address of cfg, for net.Dial.
func dialArgs(cfg *config.SocketConfig) (string, string) {
	if cfg.IsUnix() {
		return "unix", cfg.Path
	}
	return "tcp4", net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
}

func dial(cfg *config.SocketConfig) (net.Conn, error) {
	network, addr := dialArgs(cfg)
	return net.Dial(network, addr)
}

// recorder collects the INFO lines a Socket logs.
type recorder struct{ lines []string }

func (r *recorder) info(msg string) { r.lines = append(r.lines, msg) }

func (r *recorder) take() string {
	s := strings.Join(r.lines, "\n")
	r.lines = nil
	return s
}

// wantRefused checks that nothing listens on cfg: a unix socket's file may
// be there (closed socket, FCGI-SOCK-005) or not (never created).
func wantRefused(t *testing.T, cfg *config.SocketConfig) {
	t.Helper()
	c, err := dial(cfg)
	if err == nil {
		c.Close()
		t.Fatalf("%s still accepts connections", cfg.URL)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) && !(cfg.IsUnix() && errors.Is(err, syscall.ENOENT)) {
		t.Fatalf("dial %s: %v, want connection refused", cfg.URL, err)
	}
}

// FCGI-SOCK-003: the first reference creates the socket, later ones share
// it, the last release closes it; the next acquire creates it again.
func TestRefCount(t *testing.T) {
	for _, kind := range []string{"tcp", "unix"} {
		t.Run(kind, func(t *testing.T) {
			cfg := tcpConfig(t)
			if kind == "unix" {
				cfg = unixConfig(t)
			}
			var log recorder
			s := fcgi.New(cfg, log.info)
			if s.URL() != cfg.URL || s.Open() || s.Refs() != 0 {
				t.Fatalf("new socket: url %q open %v refs %d", s.URL(), s.Open(), s.Refs())
			}
			wantRefused(t, cfg)

			f1, err := s.Acquire()
			if err != nil {
				t.Fatal(err)
			}
			if got := log.take(); got != "Creating socket "+cfg.URL {
				t.Fatalf("log %q", got)
			}
			f2, err := s.Acquire()
			if err != nil {
				t.Fatal(err)
			}
			if f1 != f2 || s.Refs() != 2 || !s.Open() {
				t.Fatalf("second acquire: same file %v, refs %d, open %v", f1 == f2, s.Refs(), s.Open())
			}
			if got := log.take(); got != "" {
				t.Fatalf("second acquire logged %q", got)
			}
			c, err := dial(cfg)
			if err != nil {
				t.Fatal(err)
			}
			c.Close()

			s.Release()
			if s.Refs() != 1 || !s.Open() || log.take() != "" {
				t.Fatalf("one release of two closed the socket")
			}
			if c, err := dial(cfg); err != nil {
				t.Fatal(err)
			} else {
				c.Close()
			}
			s.Release()
			if s.Refs() != 0 || s.Open() {
				t.Fatalf("last release: refs %d open %v", s.Refs(), s.Open())
			}
			if got := log.take(); got != "Closing socket "+cfg.URL {
				t.Fatalf("log %q", got)
			}
			wantRefused(t, cfg)
			if cfg.IsUnix() {
				// Differs from the reference (FCGI-SOCK-005): the file goes too.
				if _, err := os.Lstat(cfg.Path); !os.IsNotExist(err) {
					t.Fatalf("socket file left after the last release: %v", err)
				}
			}

			// Over-release does nothing.
			s.Release()
			if s.Refs() != 0 || log.take() != "" {
				t.Fatal("over-release changed something")
			}

			// Created again on the next use.
			if _, err := s.Acquire(); err != nil {
				t.Fatal(err)
			}
			if got := log.take(); got != "Creating socket "+cfg.URL {
				t.Fatalf("log %q", got)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if s.Refs() != 0 || s.Open() {
				t.Fatal("Close left the socket open")
			}
			if got := log.take(); got != "Closing socket "+cfg.URL {
				t.Fatalf("log %q", got)
			}
			wantRefused(t, cfg)
			if err := s.Close(); err != nil || log.take() != "" {
				t.Fatalf("second Close: %v", err)
			}
		})
	}
}

// FCGI-SOCK-001: Check creates and closes at once.
func TestCheck(t *testing.T) {
	cfg := tcpConfig(t)
	var log recorder
	s := fcgi.New(cfg, log.info)
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if got, want := log.take(), "Creating socket "+cfg.URL+"\nClosing socket "+cfg.URL; got != want {
		t.Fatalf("log %q, want %q", got, want)
	}
	if s.Open() || s.Refs() != 0 {
		t.Fatal("Check left the socket open")
	}
	wantRefused(t, cfg)
}

// FCGI-SOCK-002, FCGI-SOCK-004: a taken port; the error reads as the
// reference's exception, and no reference is held.
func TestAddressInUse(t *testing.T) {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	p := l.Addr().(*net.TCPAddr).Port
	url := "tcp://127.0.0.1:" + strconv.Itoa(p)
	var log recorder
	s := fcgi.New(&config.SocketConfig{URL: url, Host: "127.0.0.1", Port: p}, log.info)
	_, err = s.Acquire()
	if err == nil || err.Error() != "[Errno 98] Address already in use" || !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("Acquire: %v", err)
	}
	if s.Refs() != 0 || s.Open() {
		t.Fatalf("failed acquire holds a reference")
	}
	// The reference logs before it tries.
	if got := log.take(); got != "Creating socket "+url {
		t.Fatalf("log %q", got)
	}
	err = s.Check()
	var ce *fcgi.CreateError
	if !errors.As(err, &ce) || err.Error() != "Could not create FastCGI socket "+url+": [Errno 98] Address already in use" {
		t.Fatalf("Check: %v", err)
	}
	if got := log.take(); got != "Creating socket "+url {
		t.Fatalf("log %q", got)
	}
}

// Error texts of the reference's create_and_bind (observed with CPython
// 3.11 against supervisor/datatypes.py).
func TestCreateErrors(t *testing.T) {
	dir := t.TempDir()
	isDir := filepath.Join(dir, "isdir")
	if err := os.Mkdir(isDir, 0o755); err != nil {
		t.Fatal(err)
	}
	long := filepath.Join(dir, strings.Repeat("a", 108-len(dir)-1))
	if len(long) != 108 {
		t.Fatalf("len %d", len(long))
	}
	for _, tc := range []struct {
		name string
		cfg  *config.SocketConfig
		want string
	}{
		{"no directory", &config.SocketConfig{Path: filepath.Join(dir, "nodir", "s"), Mode: 0o700},
			"[Errno 2] No such file or directory"},
		{"directory in the way", &config.SocketConfig{Path: isDir, Mode: 0o700},
			"[Errno 21] Is a directory: '" + isDir + "'"},
		{"path too long", &config.SocketConfig{Path: long, Mode: 0o700},
			"AF_UNIX path too long"},
		{"address not local", &config.SocketConfig{Host: "192.0.2.1", Port: 8080},
			"[Errno 99] Cannot assign requested address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := fcgi.New(tc.cfg, nil)
			_, err := s.Acquire()
			if err == nil || err.Error() != tc.want {
				t.Fatalf("Acquire: %v, want %s", err, tc.want)
			}
			if s.Refs() != 0 || s.Open() {
				t.Fatal("failed acquire holds a reference")
			}
		})
	}
	// The path limit is sun_path less its NUL: 107 bytes work.
	ok := long[:107]
	s := fcgi.New(&config.SocketConfig{Path: ok, Mode: 0o700}, nil)
	if _, err := s.Acquire(); err != nil {
		t.Fatalf("107-byte path: %v", err)
	}
	s.Release()
}

// FCGI-SOCK-005: a stale file is replaced; mode and owner are applied; the
// file is removed when the socket is closed (the reference leaves it: a
// deliberate difference).
func TestUnixFile(t *testing.T) {
	cfg := unixConfig(t)
	if err := os.WriteFile(cfg.Path, []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg.Mode = 0o640
	uid, gid := os.Getuid(), os.Getgid()
	if uid == 0 {
		uid, gid = 65534, 65534 // nobody, as only root may give a file away
	}
	cfg.Owner = &[2]int{uid, gid}
	s := fcgi.New(cfg, nil)
	f, err := s.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	var st unix.Stat_t
	if err := unix.Stat(cfg.Path, &st); err != nil {
		t.Fatal(err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFSOCK || st.Mode&0o7777 != 0o640 {
		t.Fatalf("mode %o, want a socket with 0640", st.Mode)
	}
	if int(st.Uid) != uid || int(st.Gid) != gid {
		t.Fatalf("owner %d:%d, want %d:%d", st.Uid, st.Gid, uid, gid)
	}
	// The parent's copy is close-on-exec and blocking.
	if fl, err := unix.FcntlInt(f.Fd(), unix.F_GETFD, 0); err != nil || fl&unix.FD_CLOEXEC == 0 {
		t.Fatalf("F_GETFD %#x %v: want close-on-exec", fl, err)
	}
	if fl, err := unix.FcntlInt(f.Fd(), unix.F_GETFL, 0); err != nil || fl&unix.O_NONBLOCK != 0 {
		t.Fatalf("F_GETFL %#x %v: want blocking", fl, err)
	}
	s.Release()
	if _, err := os.Lstat(cfg.Path); !os.IsNotExist(err) {
		t.Fatalf("socket file left after close: %v", err)
	}
	wantRefused(t, cfg)

	// Owner with gid -1 leaves the group alone.
	cfg.Owner = &[2]int{uid, -1}
	cfg.Mode = 0o711
	if _, err := s.Acquire(); err != nil {
		t.Fatal(err)
	}
	if err := unix.Stat(cfg.Path, &st); err != nil {
		t.Fatal(err)
	}
	if st.Mode&0o7777 != 0o711 || int(st.Uid) != uid {
		t.Fatalf("mode %o owner %d", st.Mode&0o7777, st.Uid)
	}
	s.Release()
}

// FCGI-SOCK-005: a chown that fails closes the socket and removes its file.
func TestUnixChownFails(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root may chown to anyone")
	}
	cfg := unixConfig(t)
	cfg.Owner = &[2]int{0, 0}
	s := fcgi.New(cfg, nil)
	_, err := s.Acquire()
	want := "Could not change ownership of socket file: [Errno 1] Operation not permitted: '" + cfg.Path + "'"
	if err == nil || err.Error() != want {
		t.Fatalf("Acquire: %v, want %s", err, want)
	}
	if _, err := os.Lstat(cfg.Path); !os.IsNotExist(err) {
		t.Fatalf("socket file left behind: %v", err)
	}
}

// FCGI-SOCK-005: the reference's exists() follows symlinks: a dangling link
// is not removed, and bind fails on it.
func TestUnixDanglingSymlink(t *testing.T) {
	cfg := unixConfig(t)
	if err := os.Symlink(filepath.Join(filepath.Dir(cfg.Path), "nowhere"), cfg.Path); err != nil {
		t.Fatal(err)
	}
	_, err := fcgi.New(cfg, nil).Acquire()
	if err == nil || err.Error() != "[Errno 98] Address already in use" {
		t.Fatalf("Acquire: %v", err)
	}
	if _, err := os.Lstat(cfg.Path); err != nil {
		t.Fatalf("symlink removed: %v", err)
	}
}

// FCGI-SOCK-004, FCGI-CFG-005: SO_REUSEADDR, and the listen queue is
// socket_backlog or SOMAXCONN. A listening TCP socket's tcp_info reports its
// queue limit in tcpi_sacked.
func TestTCPOptions(t *testing.T) {
	somaxconn := 4096
	if b, err := os.ReadFile("/proc/sys/net/core/somaxconn"); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && n < somaxconn {
			somaxconn = n
		}
	}
	seven := 7
	for _, tc := range []struct {
		backlog *int
		want    int
	}{{nil, somaxconn}, {&seven, 7}} {
		cfg := tcpConfig(t)
		cfg.Backlog = tc.backlog
		s := fcgi.New(cfg, nil)
		f, err := s.Acquire()
		if err != nil {
			t.Fatal(err)
		}
		fd := int(f.Fd())
		if v, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR); err != nil || v != 1 {
			t.Errorf("SO_REUSEADDR %d %v", v, err)
		}
		ti, err := unix.GetsockoptTCPInfo(fd, unix.IPPROTO_TCP, unix.TCP_INFO)
		if err != nil {
			t.Fatal(err)
		}
		if int(ti.Sacked) != tc.want {
			t.Errorf("backlog %d, want %d", ti.Sacked, tc.want)
		}
		s.Release()
	}
}

// startChild runs the test binary as a child with f as its fd 0.
func startChild(t *testing.T, name string, f *os.File) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], childMarker, name)
	cmd.Stdin = f
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

func stopChild(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	cmd.Process.Kill()
	cmd.Wait()
}

// ask opens a connection and reads the answering child's line; the
// connection stays open (the child keeps it until we close it).
func ask(t *testing.T, cfg *config.SocketConfig) (net.Conn, string) {
	t.Helper()
	c, err := dial(cfg)
	if err != nil {
		t.Fatalf("dial %s: %v", cfg.URL, err)
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		c.Close()
		t.Fatalf("read: %v", err)
	}
	return c, strings.TrimSuffix(line, "\n")
}

// askAll opens n connections at once, so that each is answered by a
// different child, and returns the answering names.
func askAll(t *testing.T, cfg *config.SocketConfig, n int, ino uint64) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	var conns []net.Conn
	for range n {
		c, line := ask(t, cfg)
		conns = append(conns, c)
		name, got, mode := answer(t, line)
		if got != ino || mode != "blocking" {
			t.Errorf("%s sees inode %d (%s) on fd 0, want %d (blocking)", name, got, mode, ino)
		}
		names[name] = true
	}
	for _, c := range conns {
		c.Close()
	}
	return names
}

// FCGI-SPAWN-001, FCGI-SOCK-003: every child accepts on the same socket;
// one restarting while another runs keeps it listening; the last reap
// closes it.
func TestChildren(t *testing.T) {
	for _, kind := range []string{"tcp", "unix"} {
		t.Run(kind, func(t *testing.T) {
			cfg := tcpConfig(t)
			if kind == "unix" {
				cfg = unixConfig(t)
			}
			s := fcgi.New(cfg, nil)
			// The loop acquires before each spawn.
			fa, err := s.Acquire()
			if err != nil {
				t.Fatal(err)
			}
			var st unix.Stat_t
			if err := unix.Fstat(int(fa.Fd()), &st); err != nil {
				t.Fatal(err)
			}
			a := startChild(t, "a", fa)
			fb, err := s.Acquire()
			if err != nil {
				t.Fatal(err)
			}
			b := startChild(t, "b", fb)

			if got := askAll(t, cfg, 2, st.Ino); !got["a"] || !got["b"] {
				t.Fatalf("answers from %v, want a and b", got)
			}

			// a is restarted: reaped (release), then spawned again
			// (acquire). b keeps the socket listening in between.
			stopChild(t, a)
			s.Release()
			if !s.Open() || s.Refs() != 1 {
				t.Fatalf("after one reap: open %v refs %d", s.Open(), s.Refs())
			}
			c, line := ask(t, cfg)
			if name, _, _ := answer(t, line); name != "b" {
				t.Fatalf("answer from %s, want b", name)
			}
			c.Close()
			fa, err = s.Acquire()
			if err != nil {
				t.Fatal(err)
			}
			a = startChild(t, "a2", fa)
			if got := askAll(t, cfg, 2, st.Ino); !got["a2"] || !got["b"] {
				t.Fatalf("answers from %v, want a2 and b", got)
			}

			stopChild(t, a)
			s.Release()
			stopChild(t, b)
			s.Release()
			if s.Open() {
				t.Fatal("socket open after the last reap")
			}
			wantRefused(t, cfg)
		})
	}
}

// Closing removes the socket file only while it is still the one we bound:
// a file put there by someone else since is left alone.
func TestUnixFileReplacedIsKept(t *testing.T) {
	cfg := unixConfig(t)
	s := fcgi.New(cfg, nil)
	if _, err := s.Acquire(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(cfg.Path); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg.Path, []byte("someone else's"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.Release()
	if data, err := os.ReadFile(cfg.Path); err != nil || string(data) != "someone else's" {
		t.Fatalf("a file we did not bind was touched: %q, %v", data, err)
	}
}
