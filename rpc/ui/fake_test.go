package ui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

// fakeProc is one process of the fake supervisor namespace.
type fakeProc struct {
	group, name, desc string
	state             int
	log               string // stdout log; "" with noFile: NO_FILE
	noFile            bool   // startProcess and readProcessStdoutLog answer NO_FILE
}

var stateNames = map[int]string{0: "STOPPED", 10: "STARTING", 20: "RUNNING", 30: "BACKOFF", 40: "STOPPING", 100: "EXITED", 200: "FATAL", 1000: "UNKNOWN"}

// fakeSupervisor is a supervisor namespace over a process table that
// records every call as "method(arg, ...)".
type fakeSupervisor struct {
	mu       sync.Mutex
	procs    []*fakeProc
	calls    []string
	shutdown bool // every call faults SHUTDOWN_STATE
}

func (f *fakeSupervisor) record(method string, args []any) {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = fmt.Sprint(a)
	}
	f.calls = append(f.calls, method+"("+strings.Join(parts, ", ")+")")
}

// takeCalls returns and forgets the calls recorded so far.
func (f *fakeSupervisor) takeCalls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.calls
	f.calls = nil
	return c
}

func (f *fakeSupervisor) state(ns string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.find(ns).state
}

func (f *fakeSupervisor) find(ns string) *fakeProc {
	group, name, ok := strings.Cut(ns, ":")
	if !ok {
		name = group
	}
	for _, p := range f.procs {
		if p.group == group && p.name == name {
			return p
		}
	}
	return nil
}

func info(p *fakeProc) xmlrpc.Struct {
	return xmlrpc.Struct{
		{Name: "name", Value: p.name}, {Name: "group", Value: p.group},
		{Name: "state", Value: p.state}, {Name: "statename", Value: stateNames[p.state]},
		{Name: "description", Value: p.desc},
	}
}

// register puts the namespace on d. Each method locks f, records the call
// and answers as the reference would for this small model.
func (f *fakeSupervisor) register(t testing.TB, d *rpc.Dispatcher) {
	t.Helper()
	m := func(name string, min, max int, fn func(args []any) (any, error)) (string, rpc.Method) {
		return name, rpc.Method{MinArgs: min, MaxArgs: max, Func: func(_ context.Context, args []any) (any, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.record(name, args)
			if f.shutdown {
				return nil, rpc.NewFault(rpc.FaultShutdownState)
			}
			return fn(args)
		}}
	}
	named := func(fn func(p *fakeProc, ns string) (any, error)) func([]any) (any, error) {
		return func(args []any) (any, error) {
			ns, _ := args[0].(string)
			p := f.find(ns)
			if p == nil {
				return nil, rpc.NewFault(rpc.FaultBadName, ns)
			}
			return fn(p, ns)
		}
	}
	methods := map[string]rpc.Method{}
	add := func(name string, m rpc.Method) { methods[name] = m }
	add(m("getSupervisorVersion", 0, 0, func([]any) (any, error) { return "4.2.5", nil }))
	add(m("getAllProcessInfo", 0, 0, func([]any) (any, error) {
		out := []any{}
		for _, p := range f.procs {
			out = append(out, info(p))
		}
		return out, nil
	}))
	add(m("getProcessInfo", 1, 1, named(func(p *fakeProc, _ string) (any, error) { return info(p), nil })))
	add(m("startProcess", 1, 2, named(func(p *fakeProc, ns string) (any, error) {
		switch {
		case p.noFile:
			return nil, rpc.NewFault(rpc.FaultNoFile, "no such file")
		case p.state == 20:
			return nil, rpc.NewFault(rpc.FaultAlreadyStarted, ns)
		}
		p.state = 20
		return true, nil
	})))
	add(m("stopProcess", 1, 2, named(func(p *fakeProc, ns string) (any, error) {
		if p.state != 20 {
			return nil, rpc.NewFault(rpc.FaultNotRunning, ns)
		}
		p.state = 0
		return true, nil
	})))
	add(m("startAllProcesses", 0, 1, func([]any) (any, error) {
		for _, p := range f.procs {
			if !p.noFile {
				p.state = 20
			}
		}
		return []any{}, nil
	}))
	add(m("stopAllProcesses", 0, 1, func([]any) (any, error) {
		for _, p := range f.procs {
			if p.state == 20 {
				p.state = 0
			}
		}
		return []any{}, nil
	}))
	add(m("clearProcessLogs", 1, 1, named(func(p *fakeProc, _ string) (any, error) {
		p.log = ""
		return true, nil
	})))
	add(m("readProcessStdoutLog", 3, 3, named(func(p *fakeProc, ns string) (any, error) {
		if p.noFile {
			return nil, rpc.NewFault(rpc.FaultNoFile, ns)
		}
		return p.log, nil
	})))
	if err := d.Register("supervisor", methods); err != nil {
		t.Fatal(err)
	}
}

// fixedNow is the clock of the tests: ctime "Wed Nov 25 18:32:10 2026".
func fixedNow() time.Time { return time.Date(2026, 11, 25, 18, 32, 10, 0, time.Local) }

// startUI serves the UI over a fake namespace on a server listening on cfg
// (a unix socket in t.TempDir() when nil) and returns the endpoint.
func startUI(t testing.TB, f *fakeSupervisor, cfg *config.Server, opts ...Option) *rpc.Endpoint {
	t.Helper()
	d := rpc.NewDispatcher(nil)
	f.register(t, d)
	c := config.Server{Family: config.ServerUnix, File: filepath.Join(t.TempDir(), "ui.sock"), Chmod: 0o700, Chown: [2]int{-1, -1}}
	if cfg != nil {
		c = *cfg
	}
	ep, err := rpc.Listen(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &rpc.Server{Dispatcher: d, UI: Handler(d, append([]Option{WithClock(fixedNow)}, opts...)...)}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ep) }()
	t.Cleanup(func() {
		s.Close()
		select {
		case err := <-done:
			if !errors.Is(err, rpc.ErrServerClosed) {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return within 10s of Close")
		}
	})
	return ep
}

// roundTrip sends one raw request and reads until the server closes the
// connection (HTTP/1.0 without keep-alive).
func roundTrip(t testing.TB, ep *rpc.Endpoint, req string) string {
	t.Helper()
	network, addr := "tcp", ep.Addr().String()
	if ep.Config.Family == config.ServerUnix {
		network, addr = "unix", ep.Config.File // Addr is the temporary name bound before the link
	}
	c, err := net.DialTimeout(network, addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("reading the answer to %q: %v (got %q)", req, err, b)
	}
	return string(b)
}

// get is roundTrip for a GET with a Host header, parsed.
func get(t testing.TB, ep *rpc.Endpoint, uri string) (*http.Response, string) {
	t.Helper()
	return parse(t, roundTrip(t, ep, "GET "+uri+" HTTP/1.0\r\nHost: ui.test:9001\r\n\r\n"))
}

func parse(t testing.TB, raw string) (*http.Response, string) {
	t.Helper()
	resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(raw)), nil)
	if err != nil {
		t.Fatalf("parsing %q: %v", raw, err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading body of %q: %v", raw, err)
	}
	return resp, string(body)
}
