// Package ui is the web interface: the status page at / (and /index.html),
// the per-process tail page /tail.html, the /ok.html probe and the static
// files beside them. It plugs into [rpc.Server.UI] through [Handler].
//
// Like the reference's web.py it talks to supervisord only through the RPC
// interface: every read and every action is a supervisor.* (or
// system.multicall) call on an [rpc.Dispatcher], so it never imports core/.
// URLs, form parameters, action messages and redirects are the reference's,
// so bookmarks and scripts keep working; the markup, stylesheet and images
// are our own and embedded in the binary.
//
// Callers: cmd/supervisord sets rpc.Server.UI = ui.Handler(dispatcher).
// Authentication is done by rpc.Server before the handler runs.
// Forbidden imports: core/..., rpc/supervisorapi.
//
// Spec: rpc.md RPC-UI-001..010, RPC-STATIC-001..003.
// Reference: supervisor/web.py, supervisor/medusa/default_handler.py.
package ui
