// Package xmlrpc is the XML-RPC wire codec of the control plane: it writes
// exactly the bytes the reference writes (Python's xmlrpc.client.dumps, as
// called by supervisor/xmlrpc.py xmlrpc_marshal) and reads requests the way
// the reference's supervisor_xmlrpc_handler.loads does (ElementTree iterparse
// plus a table of unmarshallers), leniencies and failures included.
//
// Values going out may be nil (an error, as in the reference), bool, any
// integer type (32-bit range only, RPC-XML-004), float32/64, string (valid
// UTF-8 only), []byte (base64), time.Time (dateTime.iso8601), [Struct]
// (members in order), map[string]V (sorted keys), slices and arrays, Go
// structs (exported fields in declaration order, renamed by an `xmlrpc:"name"`
// tag, skipped by `xmlrpc:"-"`) and pointers to any of these.
//
// Values coming in are int64 (or *big.Int beyond 64 bits), bool, string,
// float64, time.Time, []any, [Struct] and nil.
//
// It imports nothing from core. Spec: rpc.md RPC-XML-002, -004..006.
// Reference: supervisor/xmlrpc.py, Python 3.11 Lib/xmlrpc/client.py.
//
// github.com/kolo/xmlrpc is not used for the wire: it is a client library
// whose request layout differs from xmlrpc.client's and which writes struct
// member names unescaped; TestKoloDivergence keeps that decision checkable.
package xmlrpc
