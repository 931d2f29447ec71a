package rpc

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

// maxPooledReply bounds the reply buffers kept for reuse; a larger reply's
// buffer is left to the collector.
const maxPooledReply = 4 << 20

// serveXMLRPC is the reference's supervisor_xmlrpc_handler (RPC-XML-001..008,
// RPC-LOG-003, -004).
func (s *Server) serveXMLRPC(w *Response, r *Request) {
	if r.Method != "POST" {
		w.Error(400)
		return
	}
	body, err := r.Body()
	if err != nil {
		w.FailBody(err)
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
	trace := enabled(s.Logger, LevelTrace)
	if trace {
		s.Logger.Log(LevelTrace, fmt.Sprintf("XML-RPC method called: %s()", method))
	}
	v, err := s.Dispatcher.Call(r.ctx, method, params)
	buf, _ := s.replies.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	defer func() {
		if cap(*buf) <= maxPooledReply {
			s.replies.Put(buf)
		}
	}()
	var out []byte
	switch f := err.(type) {
	case nil:
		if trace {
			s.Logger.Log(LevelTrace, fmt.Sprintf("XML-RPC method %s() returned successfully", method))
		}
		out, err = xmlrpc.AppendResponse((*buf)[:0], v)
	case *Fault:
		if trace {
			s.Logger.Log(LevelTrace, fmt.Sprintf("XML-RPC method %s() returned fault: [%d] %s", method, f.Code, f.String))
		}
		out, err = xmlrpc.AppendFault((*buf)[:0], f), nil
	}
	if out != nil {
		*buf = out[:0] // Send writes before returning: the buffer is free after it
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
