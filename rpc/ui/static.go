package ui

import (
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gosupervisord/gosupervisord/rpc"
)

// ifModifiedSince is medusa's IF_MODIFIED_SINCE header pattern.
var ifModifiedSince = regexp.MustCompile(`(?i)^If-Modified-Since: ([^;]+)((; length=([0-9]+)$)|$)`)

const httpDate = "Mon, 02 Jan 2006 15:04:05 GMT"

// static serves the embedded files under the reference's paths as medusa's
// default_handler serves its ui/ directory (RPC-STATIC-001..003).
//
// Differs from the reference: the files are ours, not copies of its assets
// (and status.html and tail.html are our page templates); Last-Modified is
// the time the handler was built, since embedded files have no mtime.
func (h *handler) static(w *rpc.Response, r *rpc.Request, p string) {
	if r.Method != "GET" && r.Method != "HEAD" {
		w.Error(400)
		return
	}
	p = strings.TrimLeft(p, "/")
	name := path.Clean("assets/" + p)
	if name != "assets" && !strings.HasPrefix(name, "assets/") {
		w.Error(404)
		return
	}
	st, err := fs.Stat(assets, name)
	if err != nil {
		w.Error(404)
		return
	}
	if st.IsDir() {
		if p != "" && !strings.HasSuffix(p, "/") {
			w.Set("Location", "http://"+r.Endpoint().ServerName()+"/"+p+"/")
			w.Error(301)
			return
		}
		// The reference looks for index.html and default.html; there are none.
		w.Error(404)
		return
	}
	data, err := fs.ReadFile(assets, name)
	if err != nil {
		w.Error(404)
		return
	}
	if h.notModified(r, len(data)) {
		w.Send(304, nil)
		return
	}
	w.Set("Last-Modified", h.modified.Format(httpDate))
	w.Set("Content-Length", strconv.Itoa(len(data)))
	w.Set("Content-Type", contentType(name))
	if r.Method == "HEAD" {
		data = nil
	}
	w.Send(200, data)
}

// notModified is medusa's If-Modified-Since check: a date not older than
// the file's, and a matching length when one is given.
func (h *handler) notModified(r *rpc.Request, length int) bool {
	var m []string
	for _, line := range r.Header {
		if m = ifModifiedSince.FindStringSubmatch(line); m != nil {
			break
		}
	}
	if m == nil {
		return false
	}
	if m[4] != "" {
		if n, err := strconv.Atoi(m[4]); err == nil && n != length {
			return false
		}
	}
	t, err := time.Parse(httpDate, strings.TrimSpace(m[1]))
	if err != nil {
		return false
	}
	return !h.modified.After(t)
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".css":
		return "text/css"
	case ".png":
		return "image/png"
	case ".gif":
		return "image/gif"
	case ".html":
		return "text/html"
	}
	return "text/plain"
}
