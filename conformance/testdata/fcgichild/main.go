// Command fcgichild is the FastCGI program of TestFastCGINginx: it serves on
// the listening socket supervisord passes as fd 0 (spec FCGI-SPAWN-001) and
// answers every request with "<SUPERVISOR_PROCESS_NAME> <pid>\n".
//
// On SIGTERM (the default stopsignal) it stops accepting, lets the requests it
// has already accepted finish, and exits 0. Connections still queued on the
// shared socket are left to the other processes of the pool, so stopping one
// process loses no request (spec FCGI-SOCK-003: the socket stays open while
// any process holds it).
package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/fcgi"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// drainTimeout bounds the wait for accepted requests after SIGTERM; it is
// well below supervisord's default stopwaitsecs (10).
const drainTimeout = 5 * time.Second

func main() {
	name := os.Getenv("SUPERVISOR_PROCESS_NAME")
	if name == "" {
		fail("SUPERVISOR_PROCESS_NAME is not set")
	}
	stdin := os.NewFile(0, "fcgi")
	ln, err := net.FileListener(stdin)
	if err != nil {
		fail("fd 0 is not a listening socket: %v", err)
	}
	stdin.Close() // the listener holds its own descriptor

	l := &trackingListener{Listener: ln}
	answer := fmt.Sprintf("%s %d\n", name, os.Getpid())
	handler := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, answer)
	})

	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	served := make(chan error, 1)
	go func() { served <- fcgi.Serve(l, handler) }()

	select {
	case err := <-served:
		fail("serving stopped: %v", err)
	case sig := <-term:
		fmt.Printf("%s: %v: draining\n", name, sig)
	}
	l.Close()
	<-served // every connection Accept returned is counted from here on
	drained := make(chan struct{})
	go func() { l.conns.Wait(); close(drained) }()
	select {
	case <-drained:
		fmt.Printf("%s: drained\n", name)
	case <-time.After(drainTimeout):
		fmt.Printf("%s: requests still open after %v\n", name, drainTimeout)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "fcgichild: "+format+"\n", args...)
	os.Exit(1)
}

// trackingListener counts the connections it has handed out until they are
// closed.
type trackingListener struct {
	net.Listener
	conns sync.WaitGroup
}

func (l *trackingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.conns.Add(1)
	return &trackedConn{Conn: c, done: l.conns.Done}, nil
}

// trackedConn reports its first Close; net/http/fcgi closes a connection
// more than once.
type trackedConn struct {
	net.Conn
	once sync.Once
	done func()
}

func (c *trackedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.done)
	return err
}
