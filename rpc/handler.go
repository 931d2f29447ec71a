package rpc

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

// serveXMLRPC is the reference's supervisor_xmlrpc_handler (RPC-XML-001..008,
// RPC-LOG-003, -004).
func (s *Server) serveXMLRPC(w *Response, r *Request) {
	if r.Method != "POST" {
		w.Error(400)
		return
	}
	cl, _ := r.GetHeader("content-length")
	if cl == "" {
		w.Error(411) // the body, if any, is read as the next request
		return
	}
	n, err := strconv.ParseInt(strings.TrimSpace(strings.ReplaceAll(cl, "_", "")), 10, 64)
	if err != nil || n < 0 {
		logMedusa(s.Logger, fmt.Sprintf("Server Error: <class 'ValueError'>, invalid literal for int() with base 10: %s", pyfmt.Repr(cl)))
		w.Error(500)
		return
	}
	if n > s.MaxBodyBytes {
		// Differs from the reference, which reads any size.
		w.Error(413)
		w.keep = false
		return
	}
	body := make([]byte, n)
	_ = r.conn.c.SetReadDeadline(time.Now().Add(s.ReadTimeout))
	if _, err := io.ReadFull(r.conn.br, body); err != nil {
		w.done, w.keep = true, false
		return
	}
	if !utf8.Valid(body) {
		// The reference fails decoding the body outside any handler and
		// drops the connection without an answer.
		w.done, w.keep = true, false
		return
	}
	data := string(body)
	method, params, err := xmlrpc.DecodeRequest(body)
	if err != nil {
		reason := "unmarshallable"
		if errors.Is(err, xmlrpc.ErrNoMethodName) {
			reason = "no method name"
		}
		s.Logger.Log(LevelError, fmt.Sprintf("XML-RPC request data %s is invalid: %s", pyfmt.Repr(data), reason))
		w.Error(400)
		return
	}
	if params == nil {
		params = []any{}
	}
	s.Logger.Log(LevelTrace, fmt.Sprintf("XML-RPC method called: %s()", method))
	v, err := s.Dispatcher.Call(r.ctx, method, params)
	var out []byte
	switch f := err.(type) {
	case nil:
		s.Logger.Log(LevelTrace, fmt.Sprintf("XML-RPC method %s() returned successfully", method))
		out, err = xmlrpc.AppendResponse(nil, v)
	case *Fault:
		s.Logger.Log(LevelTrace, fmt.Sprintf("XML-RPC method %s() returned fault: [%d] %s", method, f.Code, f.String))
		out, err = xmlrpc.AppendFault(nil, f), nil
	}
	if err != nil {
		s.Logger.Log(LevelCritical, fmt.Sprintf("Handling XML-RPC request with data %s raised an unexpected exception: %v", pyfmt.Repr(data), err))
		w.Error(500)
		return
	}
	w.Set("Content-Type", "text/xml")
	w.Set("Content-Length", strconv.Itoa(len(out)))
	w.Send(200, out)
}
