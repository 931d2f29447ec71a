// Package rpc is supervisord's control plane: the HTTP servers of every
// [unix_http_server] and [inet_http_server] section, Basic authentication,
// the XML-RPC method table with the system namespace and the one place where
// errors become faults, and the /logtail and /mainlogtail streams.
//
// It speaks Medusa's HTTP/1.x exactly (status lines, header order, keep-alive
// and chunking rules, error pages), so it has its own small HTTP server rather
// than net/http. The supervisor namespace is registered from outside with
// [Dispatcher.Register]; log files are found through [LogFiles]; the web UI
// plugs in as a [Handler]. It may import core/config and compat, never
// core/supervisor.
//
// Spec: rpc.md RPC-HTTP, RPC-LOG, RPC-AUTH, RPC-XML, RPC-FAULT, RPC-SYS, RPC-TAIL.
// Reference: supervisor/http.py, supervisor/xmlrpc.py, supervisor/medusa/.
package rpc
