package xmlrpc

import "fmt"

// Member is one struct member.
type Member struct {
	Name  string
	Value any
}

// Struct is an XML-RPC struct whose members keep their order, as a Python dict
// does: the reference's structs are written in insertion order (RPC-XML-005).
type Struct []Member

// Get returns the value of the member called name.
func (s Struct) Get(name string) (any, bool) {
	for _, m := range s {
		if m.Name == name {
			return m.Value, true
		}
	}
	return nil, false
}

// set replaces the value of an existing member (keeping its position, like a
// dict assignment) or appends a new one.
func (s Struct) set(name string, v any) Struct {
	for i := range s {
		if s[i].Name == name {
			s[i].Value = v
			return s
		}
	}
	return append(s, Member{name, v})
}

// Fault is an XML-RPC fault. String is the whole faultString, for example
// "BAD_NAME: foo" (RPC-FAULT-001).
type Fault struct {
	Code   int
	String string
}

func (f *Fault) Error() string { return fmt.Sprintf("fault %d: %s", f.Code, f.String) }
