package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/gosupervisord/gosupervisord/core/logs"
	"github.com/gosupervisord/gosupervisord/core/supervisor"
	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/supervisorapi"
	"github.com/gosupervisord/gosupervisord/rpc/ui"
)

// addrInUse is the reference's usage error for a port already taken (PROC-BOOT-005).
const addrInUse = "Another program is already listening on a port that one of our HTTP servers is configured to use.  Shut this program down first before starting supervisord."

// servers are the HTTP servers of one life of supervisord.
type servers struct {
	srv  *rpc.Server
	eps  []*rpc.Endpoint
	done sync.WaitGroup
}

// Close stops serving and removes the unix socket files (PROC-DAEMON-003).
func (s *servers) Close() {
	if s.srv != nil {
		s.srv.Close()
	}
	for _, ep := range s.eps {
		ep.Close()
	}
	s.done.Wait()
}

// openServers binds every configured HTTP server and serves the system
// namespace and one supervisor namespace per [rpcinterface:x], logging the
// reference's start-up lines (PROC-MLOG-024..026, PROC-BOOT-003).
func openServers(cfg *config.Config, reload func() (*config.Config, error), sup *supervisor.Supervisor, logger *logs.Logger) (*servers, error) {
	d := rpc.NewDispatcher(rpcLog{logger})
	for _, ri := range cfg.RPCInterfaces {
		if len(ri.Kwargs) > 0 {
			// The standard factory takes no options: the reference logs the
			// TypeError and gives up (CFG-RPCI-004).
			logger.Warn(fmt.Sprintf("TypeError: make_main_rpcinterface() got an unexpected keyword argument %s", pyfmt.Repr(ri.Kwargs[0].Key)))
			return nil, fmt.Errorf("Could not make %s rpc interface", ri.Name)
		}
		if err := supervisorapi.Register(d, supervisorapi.Options{
			Namespace: ri.Name, Supervisor: sup, Config: cfg, Version: Version,
			Reload: reload, MainLog: logger,
		}); err != nil {
			return nil, err
		}
	}
	namespace := "supervisor"
	if len(cfg.RPCInterfaces) > 0 {
		namespace = cfg.RPCInterfaces[0].Name
	}
	s := &servers{srv: &rpc.Server{
		Dispatcher: d,
		Logger:     rpcLog{logger},
		Stderr:     os.Stderr,
		Logs:       logFiles{sup: sup, cfg: cfg},
		UI:         ui.Handler(d, ui.WithNamespace(namespace)),
	}}
	for _, sc := range cfg.Servers {
		ep, err := rpc.Listen(sc, os.Stderr)
		if err != nil {
			s.Close()
			if errors.Is(err, rpc.ErrAddrInUse) {
				return nil, errors.New(addrInUse)
			}
			return nil, err
		}
		s.eps = append(s.eps, ep)
		logger.Trace(medusaStarted(ep))
		for _, ri := range cfg.RPCInterfaces {
			logger.Info(fmt.Sprintf("RPC interface %s initialized", pyfmt.Repr(ri.Name)))
		}
		if sc.Username == nil {
			logger.Critical(fmt.Sprintf("Server %s running without any HTTP authentication checking", pyfmt.Repr(sc.Section)))
		}
	}
	for _, ep := range s.eps {
		s.done.Add(1)
		go func() {
			defer s.done.Done()
			s.srv.Serve(ep)
		}()
	}
	return s, nil
}

// medusaStarted is the reference's TRAC line for a started HTTP server; the
// host name is the server's own (its server_name).
func medusaStarted(ep *rpc.Endpoint) string {
	when := time.Now().Format("Mon Jan _2 15:04:05 2006")
	sc := ep.Config
	ip := sc.Host
	if sc.Family == config.ServerUnix {
		ip = sc.File
	}
	return fmt.Sprintf("%s:Medusa (V1.12) started at %s\n\tHostname: %s\n\tPort:%s", ip, when, ep.ServerName(), ep.ServerPort())
}

// rpcLog adapts the main log to the rpc package's Logger.
type rpcLog struct{ l *logs.Logger }

func (r rpcLog) Log(level rpc.Level, msg string) { r.l.Log(logs.Level(level), msg) }
func (r rpcLog) Enabled(level rpc.Level) bool    { return r.l.Enabled(logs.Level(level)) }

// logFiles resolves log tails to files for the HTTP handlers (RPC-TAIL).
type logFiles struct {
	sup *supervisor.Supervisor
	cfg *config.Config
}

func (l logFiles) ProcessLogFile(ctx context.Context, name, channel string) (string, bool) {
	var path string
	err := l.sup.Do(ctx, func(st *supervisor.State) error {
		_, p, err := st.Lookup(name)
		if err != nil || p == nil {
			return supervisor.ErrBadName
		}
		info := st.Info(p)
		path = info.StdoutLogfile
		if channel == "stderr" {
			path = info.StderrLogfile
		}
		return nil
	})
	return path, err == nil && path != ""
}

func (l logFiles) MainLogFile(context.Context) (string, bool) {
	p := l.cfg.Supervisord.Logfile
	return p, p != logs.SyslogPath
}
