package rpc

import (
	"context"
	"os"
	"strings"
	"syscall"
	"time"
)

// LogFiles finds log files for the tail handlers; the supervisor implements
// it (on its loop). ok is false when there is no such process or group or
// the log is none; the handler then answers 404 (RPC-TAIL-001, -004).
type LogFiles interface {
	// ProcessLogFile resolves a percent-decoded name ("x", "g:x", RPC-NAME)
	// and a channel, "stdout" or "stderr", to the path of that log file.
	ProcessLogFile(ctx context.Context, name, channel string) (path string, ok bool)
	// MainLogFile is supervisord's own log file; ok is false for none or syslog.
	MainLogFile(ctx context.Context) (path string, ok bool)
}

const tailHead = 1024 // bytes of history sent first (RPC-TAIL-002)

// serveLogtail is the reference's logtail_handler (RPC-TAIL-001..003).
func (s *Server) serveLogtail(w *Response, r *Request) {
	if r.Method != "GET" {
		w.Error(400)
		return
	}
	path := r.URI
	if i := strings.IndexAny(path, ";?#"); i >= 0 {
		path = path[:i]
	}
	path = strings.TrimLeft(path, "/")
	_, rest, ok := strings.Cut(path, "/")
	if !ok {
		// The reference fails to unpack "logtail" alone: a server error.
		logMedusa(s.Logger, "Server Error: <class 'ValueError'>, not enough values to unpack (expected 2, got 1)")
		w.Error(500)
		return
	}
	name, channel, ok := strings.Cut(rest, "/")
	if !ok {
		channel = "stdout"
	}
	if s.Logs == nil || (channel != "stdout" && channel != "stderr") {
		w.Error(404)
		return
	}
	file, ok := s.Logs.ProcessLogFile(r.ctx, name, channel)
	if !ok {
		w.Error(404)
		return
	}
	s.tail(w, r, file, true)
}

// serveMainlogtail is the reference's mainlogtail_handler (RPC-TAIL-004).
func (s *Server) serveMainlogtail(w *Response, r *Request) {
	if r.Method != "GET" {
		w.Error(400)
		return
	}
	if s.Logs == nil {
		w.Error(404)
		return
	}
	file, ok := s.Logs.MainLogFile(r.ctx)
	if !ok {
		w.Error(404)
		return
	}
	s.tail(w, r, file, false)
}

func (s *Server) tail(w *Response, r *Request, file string, accel bool) {
	st, err := os.Stat(file)
	if err != nil {
		w.Error(404)
		return
	}
	f, err := newFollower(file)
	if err != nil {
		w.Error(500)
		return
	}
	defer f.close()
	w.Set("Last-Modified", st.ModTime().UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT"))
	w.Set("Content-Type", "text/plain;charset=utf-8")
	if accel {
		w.Set("X-Accel-Buffering", "no")
	}
	ticker := time.NewTicker(s.TailInterval)
	defer ticker.Stop()
	first := true
	w.Stream(200, func(ctx context.Context) ([]byte, error) {
		for {
			if !first {
				select {
				case <-ctx.Done():
					return nil, ctx.Err()
				case <-ticker.C:
				}
			}
			first = false
			if data := f.more(); data != nil {
				return data, nil
			}
		}
	})
}

// follower is the reference's tail_f_producer: it follows a file by name,
// reopening it when the inode changes and starting over when it shrinks.
type follower struct {
	name string
	file *os.File
	ino  uint64
	sz   int64
}

func newFollower(name string) (*follower, error) {
	f := &follower{name: name}
	if err := f.open(); err != nil {
		return nil, err
	}
	if sz, err := f.size(); err == nil && sz >= tailHead {
		f.sz = sz - tailHead
	}
	return f, nil
}

func (f *follower) open() error {
	file, err := os.Open(f.name)
	if err != nil {
		return err
	}
	st, err := file.Stat()
	if err != nil {
		file.Close()
		return err
	}
	f.file, f.ino, f.sz = file, inode(st), 0
	return nil
}

func inode(fi os.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ino
	}
	return 0
}

func (f *follower) close() {
	if f.file != nil {
		f.file.Close()
	}
}

func (f *follower) size() (int64, error) {
	st, err := f.file.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// more returns new data, the truncation notice, or nil when nothing changed.
func (f *follower) more() []byte {
	if st, err := os.Stat(f.name); err == nil && inode(st) != f.ino {
		f.close()
		if err := f.open(); err != nil {
			f.file = nil
		}
	}
	if f.file == nil {
		if err := f.open(); err != nil {
			return nil
		}
	}
	newsz, err := f.size()
	if err != nil {
		return nil
	}
	added := newsz - f.sz
	if added < 0 {
		f.sz = 0
		return []byte("==> File truncated <==\n")
	}
	if added == 0 {
		return nil
	}
	buf := make([]byte, added)
	n, _ := f.file.ReadAt(buf, newsz-added)
	f.sz = newsz
	return buf[:n]
}
