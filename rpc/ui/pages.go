package ui

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

// assets are the files served under the reference's static paths
// (RPC-STATIC-001); status.html and tail.html are also the page templates.
//
//go:embed assets
var assets embed.FS

// The page templates, parsed when a page is first asked for: the daemon
// starts without paying for them, and many never serve a page.
var (
	statusTmpl = sync.OnceValue(func() *template.Template {
		return template.Must(template.ParseFS(assets, "assets/status.html"))
	})
	tailTmpl = sync.OnceValue(func() *template.Template {
		return template.Must(template.ParseFS(assets, "assets/tail.html"))
	})
)

// Process state codes (supervisor/states.py; RPC-INFO-001).
const (
	stateStopped = 0
	stateRunning = 20
	stateBackoff = 30
	stateExited  = 100
	stateFatal   = 200
)

// link is one action of a process row.
type link struct {
	Label  string
	Href   string
	Target string // "" or "_blank"
}

// row is one process of the status table.
type row struct {
	Namespec    string
	State       string // lower-case state name
	StateClass  string // statusrunning, statuserror or statusnominal (RPC-UI-005)
	Description string
	TailHref    string
	Shade       bool
	Actions     []link
}

type statusPage struct {
	Message    string
	HasMessage bool
	Rows       []row
	Version    string
	Year       int
}

// status is the status page and its actions (RPC-UI-003..008).
func (h *handler) status(w *rpc.Response, r *rpc.Request, f form) {
	ctx := r.Context()
	if action := f["action"]; action != "" {
		msg, err := h.act(ctx, f["processname"], action)
		if err != nil {
			w.Error(500)
			return
		}
		redirect(w, f, msg)
		return
	}
	rows, err := h.rows(ctx)
	if err != nil {
		w.Error(500)
		return
	}
	msg, hasMsg := f["message"]
	page := statusPage{Message: msg, HasMessage: hasMsg, Rows: rows, Version: h.version(ctx), Year: h.now().Year()}
	var b bytes.Buffer
	if err := statusTmpl().Execute(&b, page); err != nil {
		w.Error(500)
		return
	}
	sendPage(w, b.Bytes())
}

// rows reads every process through getAllProcessInfo, sorted by group then
// name (RPC-UI-005).
func (h *handler) rows(ctx context.Context) ([]row, error) {
	v, err := h.call(ctx, "getAllProcessInfo")
	if err != nil {
		return nil, err
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("getAllProcessInfo answered %T", v)
	}
	type proc struct {
		group, name, statename, desc string
		state                        int
	}
	procs := make([]proc, 0, len(list))
	for _, item := range list {
		s, ok := item.(xmlrpc.Struct)
		if !ok {
			return nil, fmt.Errorf("getAllProcessInfo item is %T", item)
		}
		p := proc{group: str(s, "group"), name: str(s, "name"), statename: str(s, "statename"), desc: str(s, "description")}
		p.state, ok = integer(s, "state")
		if !ok {
			return nil, errors.New("getAllProcessInfo item without an integer state")
		}
		procs = append(procs, p)
	}
	sort.SliceStable(procs, func(i, j int) bool {
		if procs[i].group != procs[j].group {
			return procs[i].group < procs[j].group
		}
		return procs[i].name < procs[j].name
	})
	rows := make([]row, 0, len(procs))
	for i, p := range procs {
		ns := namespec(p.group, p.name)
		rows = append(rows, row{
			Namespec:    ns,
			State:       strings.ToLower(p.statename),
			StateClass:  stateClass(p.state),
			Description: p.desc,
			TailHref:    "tail.html?processname=" + quote(ns),
			Shade:       i%2 == 1,
			Actions:     actions(ns, p.state),
		})
	}
	return rows, nil
}

// version is the footer's version, from getSupervisorVersion (RPC-UI-008).
func (h *handler) version(ctx context.Context) string {
	v, err := h.call(ctx, "getSupervisorVersion")
	if err != nil {
		return ""
	}
	return text(v)
}

// namespec is the reference's make_namespec.
func namespec(group, name string) string {
	if group == name {
		return name
	}
	return group + ":" + name
}

func stateClass(state int) string {
	switch state {
	case stateRunning:
		return "statusrunning"
	case stateBackoff, stateFatal:
		return "statuserror"
	}
	return "statusnominal"
}

// actions are a row's links (RPC-UI-006): the reference's hidden
// placeholders are simply left out.
func actions(ns string, state int) []link {
	q := quote(ns)
	act := func(label, action string) link {
		return link{Label: label, Href: "index.html?processname=" + q + "&action=" + action}
	}
	var out []link
	switch state {
	case stateRunning:
		out = append(out, act("Restart", "restart"), act("Stop", "stop"))
	case stateStopped, stateExited, stateFatal:
		out = append(out, act("Start", "start"))
	}
	return append(out,
		act("Clear Log", "clearlog"),
		link{Label: "Tail -f Stdout", Href: "logtail/" + q, Target: "_blank"},
		link{Label: "Tail -f Stderr", Href: "logtail/" + q + "/stderr", Target: "_blank"},
	)
}

type tailPage struct {
	Name        string // "None" without a process name, as the reference's title says
	Tail        string
	RefreshHref string // "" without a process name
}

// tail is /tail.html: the end of a process's stdout log (RPC-UI-009).
func (h *handler) tail(w *rpc.Response, r *rpc.Request, f form) {
	page := tailPage{Name: "None", Tail: "No process name found"}
	if name := f["processname"]; name != "" {
		limit := 1024
		if n, err := strconv.Atoi(f["limit"]); err == nil && allDigits(f["limit"]) && n > limit {
			limit = n // the window can only grow
		}
		page.Name = name
		page.RefreshHref = "tail.html?processname=" + quote(name) + "&limit=" + strconv.Itoa(limit)
		v, err := h.call(r.Context(), "readProcessStdoutLog", name, -limit, 0)
		switch ft, isFault := fault(err); {
		case err == nil:
			page.Tail = text(v)
		case isFault && ft.Code == rpc.FaultNoFile:
			page.Tail = "No file for " + name
		case isFault:
			page.Tail = "ERROR: " + unexpected(ft)
		default:
			w.Error(500)
			return
		}
	}
	var b bytes.Buffer
	if err := tailTmpl().Execute(&b, page); err != nil {
		w.Error(500)
		return
	}
	sendPage(w, b.Bytes())
}

func str(s xmlrpc.Struct, key string) string {
	v, _ := s.Get(key)
	return text(v)
}

func integer(s xmlrpc.Struct, key string) (int, bool) {
	v, _ := s.Get(key)
	switch n := v.(type) {
	case int:
		return n, true
	case int32:
		return int(n), true
	case int64:
		return int(n), true
	}
	return 0, false
}
