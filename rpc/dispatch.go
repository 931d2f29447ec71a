package rpc

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

// Func is one XML-RPC method. args are the decoded parameters (see package
// xmlrpc for their Go types); the result is any value package xmlrpc can
// encode. A method that must wait (the reference's deferred methods) simply
// blocks; ctx ends when the server closes.
type Func func(ctx context.Context, args []any) (any, error)

// Method describes one method for [Dispatcher.Register].
type Method struct {
	Func Func
	// MinArgs and MaxArgs are the Python arity: a call with fewer or more
	// arguments is the fault INCORRECT_PARAMETERS (RPC-XML-003). MaxArgs < 0
	// means no upper bound. The zero value takes no arguments.
	MinArgs, MaxArgs int
	// Help is the system.methodHelp text. Empty: the reference's text for this
	// wire name when there is one (methods_gen.go), else "None" (a Python
	// method without a docstring).
	Help string
	// Signature is the system.methodSignature answer. Nil: derived from the
	// @param/@return tags of Help, as the reference does.
	Signature []string
}

// MethodInfo is the documentation the system namespace reports for a method.
type MethodInfo struct {
	Help      string
	Signature []string // nil: SIGNATURE_UNSUPPORTED
}

// ReferenceMethod returns the reference's help text and signature for a wire
// name such as "supervisor.startProcess".
func ReferenceMethod(name string) (MethodInfo, bool) {
	mi, ok := referenceMethods[name]
	return mi, ok
}

type entry struct {
	Method
	info MethodInfo
}

// Dispatcher is the method table, keyed by wire name. It always holds the
// system namespace. Safe for concurrent use; register before serving.
type Dispatcher struct {
	logger Logger

	mu         sync.RWMutex
	methods    map[string]*entry
	namespaces map[string]bool
	errCodes   []errCode
}

// NewDispatcher returns a dispatcher holding the system namespace (RPC-SYS).
// A nil logger discards.
func NewDispatcher(logger Logger) *Dispatcher {
	if logger == nil {
		logger = discard{}
	}
	d := &Dispatcher{logger: logger, methods: map[string]*entry{}, namespaces: map[string]bool{}}
	s := &system{d: d}
	must(d.Register("system", map[string]Method{
		"listMethods":     {Func: s.listMethods},
		"methodHelp":      {Func: s.methodHelp, MinArgs: 1, MaxArgs: 1},
		"methodSignature": {Func: s.methodSignature, MinArgs: 1, MaxArgs: 1},
		"multicall":       {Func: s.multicall, MinArgs: 1, MaxArgs: 1},
	}))
	return d
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// Register adds a namespace's methods, keyed by the name after the dot
// ("getState" for "supervisor.getState"). Names must not contain dots or
// start with "_", which the reference never publishes.
func (d *Dispatcher) Register(namespace string, methods map[string]Method) error {
	if namespace == "" || strings.Contains(namespace, ".") {
		return fmt.Errorf("rpc: bad namespace %q", namespace)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for name, m := range methods {
		wire := namespace + "." + name
		if name == "" || strings.Contains(name, ".") || strings.HasPrefix(name, "_") {
			return fmt.Errorf("rpc: bad method name %q", wire)
		}
		if m.Func == nil {
			return fmt.Errorf("rpc: method %s has no Func", wire)
		}
		if _, dup := d.methods[wire]; dup {
			return fmt.Errorf("rpc: method %s registered twice", wire)
		}
		e := &entry{Method: m, info: MethodInfo{Help: m.Help, Signature: m.Signature}}
		if e.info.Help == "" {
			if ref, ok := referenceMethods[wire]; ok {
				e.info.Help = ref.Help
			} else {
				e.info.Help = "None"
			}
		}
		if e.info.Signature == nil {
			e.info.Signature = signatureFromHelp(e.info.Help)
		}
		d.methods[wire] = e
	}
	d.namespaces[namespace] = true
	return nil
}

// MapError makes every error that errors.Is sentinel a fault with code; its
// text is the error's text (STYLE §5: "BAD_NAME: foo").
func (d *Dispatcher) MapError(sentinel error, code int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.errCodes = append(d.errCodes, errCode{sentinel, code})
}

// Call runs one method as the reference's traverse does (RPC-XML-003). The
// error is nil, a *Fault, or an *InternalError.
func (d *Dispatcher) Call(ctx context.Context, name string, args []any) (any, error) {
	ns, method, ok := strings.Cut(name, ".")
	if !ok || strings.Contains(method, ".") || strings.HasPrefix(method, "_") {
		return nil, NewFault(FaultUnknownMethod)
	}
	d.mu.RLock()
	e := d.methods[name]
	known := d.namespaces[ns]
	d.mu.RUnlock()
	if !known || e == nil {
		return nil, NewFault(FaultUnknownMethod)
	}
	if len(args) < e.MinArgs || (e.MaxArgs >= 0 && len(args) > e.MaxArgs) {
		return nil, NewFault(FaultIncorrectParameters)
	}
	v, err := e.Func(ctx, args)
	if err == nil {
		return v, nil
	}
	if f, ok := d.toFault(err); ok {
		return nil, f
	}
	return nil, &InternalError{err}
}

// system is the reference's SystemNamespaceRPCInterface (RPC-SYS).
type system struct{ d *Dispatcher }

func (s *system) names() []string {
	s.d.mu.RLock()
	defer s.d.mu.RUnlock()
	names := make([]string, 0, len(s.d.methods))
	for n := range s.d.methods {
		names = append(names, n)
	}
	sort.Strings(names) // Python sorts str by code point: the same as byte order for UTF-8
	return names
}

func (s *system) info(name any) (MethodInfo, bool) {
	n, ok := name.(string)
	if !ok {
		return MethodInfo{}, false
	}
	s.d.mu.RLock()
	defer s.d.mu.RUnlock()
	e := s.d.methods[n]
	if e == nil {
		return MethodInfo{}, false
	}
	return e.info, true
}

func (s *system) listMethods(context.Context, []any) (any, error) {
	return s.names(), nil
}

func (s *system) methodHelp(_ context.Context, args []any) (any, error) {
	mi, ok := s.info(args[0])
	if !ok {
		return nil, NewFault(FaultSignatureUnsupported)
	}
	return mi.Help, nil
}

func (s *system) methodSignature(_ context.Context, args []any) (any, error) {
	mi, ok := s.info(args[0])
	if !ok || mi.Signature == nil {
		return nil, NewFault(FaultSignatureUnsupported)
	}
	return mi.Signature, nil
}

// multicall runs the calls in order; each result is the bare value or a
// fault struct (RPC-SYS-004).
func (s *system) multicall(ctx context.Context, args []any) (any, error) {
	calls, ok := args[0].([]any)
	if !ok {
		return nil, &PyError{"TypeError", fmt.Sprintf("'%s' object is not subscriptable", pyTypeName(args[0]))}
	}
	results := make([]any, 0, len(calls))
	for _, c := range calls {
		results = append(results, s.one(ctx, c))
	}
	return results, nil
}

func faultStruct(code int, text string) xmlrpc.Struct {
	return xmlrpc.Struct{{Name: "faultCode", Value: code}, {Name: "faultString", Value: text}}
}

func (s *system) one(ctx context.Context, c any) any {
	call, ok := c.(xmlrpc.Struct)
	if !ok {
		return faultStruct(FaultFailed, "FAILED: "+(&PyError{"AttributeError",
			fmt.Sprintf("'%s' object has no attribute 'get'", pyTypeName(c))}).Error())
	}
	nameV, hasName := call.Get("methodName")
	if !hasName || nameV == nil {
		return faultStruct(FaultIncorrectParameters, "INCORRECT_PARAMETERS: No methodName")
	}
	name, ok := nameV.(string)
	if !ok {
		return faultStruct(FaultFailed, "FAILED: "+(&PyError{"AttributeError",
			fmt.Sprintf("'%s' object has no attribute 'split'", pyTypeName(nameV))}).Error())
	}
	if name == "system.multicall" {
		return faultStruct(FaultIncorrectParameters, "INCORRECT_PARAMETERS: Recursive system.multicall forbidden")
	}
	var params []any
	if p, ok := call.Get("params"); ok {
		switch x := p.(type) {
		case []any:
			params = x
		case string: // func(*"ab") passes the characters
			for _, r := range x {
				params = append(params, string(r))
			}
		case xmlrpc.Struct: // func(*dict) passes the keys
			for _, m := range x {
				params = append(params, m.Name)
			}
		default:
			if _, _, ok := strings.Cut(name, "."); ok {
				return faultStruct(FaultIncorrectParameters, "INCORRECT_PARAMETERS")
			}
		}
	}
	v, err := s.d.Call(ctx, name, params)
	if err == nil {
		return v
	}
	if f, ok := err.(*Fault); ok {
		return faultStruct(f.Code, f.String)
	}
	return faultStruct(FaultFailed, "FAILED: "+err.Error())
}

// pyTypeName is Python's type(v).__name__ for decoded XML-RPC values.
func pyTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case string:
		return "str"
	case float64:
		return "float"
	case []any:
		return "list"
	case xmlrpc.Struct:
		return "dict"
	}
	if _, ok := v.(fmt.Stringer); ok {
		return "datetime"
	}
	return "int"
}

// signatureFromHelp is the reference's methodSignature over gettags: the
// @return type then each @param type; nil without @return.
func signatureFromHelp(help string) []string {
	var rtype *string
	var ptypes []string
	for _, line := range strings.Split(help, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "@") {
			continue
		}
		parts := strings.Fields(line)
		datatype := ""
		if len(parts) > 1 {
			datatype = parts[1]
		}
		switch parts[0][1:] {
		case "return":
			dt := datatype
			rtype = &dt
		case "param":
			ptypes = append(ptypes, datatype)
		}
	}
	if rtype == nil {
		return nil
	}
	return append([]string{*rtype}, ptypes...)
}
