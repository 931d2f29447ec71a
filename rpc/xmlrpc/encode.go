package xmlrpc

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Errors for values the reference cannot marshal either; the caller answers
// them as an internal error (HTTP 500, RPC-XML-004).
var (
	ErrIntRange    = errors.New("int exceeds XML-RPC limits")
	ErrNil         = errors.New("cannot marshal None unless allow_none is enabled")
	ErrInvalidUTF8 = errors.New("string is not valid UTF-8")
)

const (
	header       = "<?xml version='1.0'?>\n"
	responseHead = header + "<methodResponse>\n<params>\n<param>\n"
	responseTail = "</param>\n</params>\n</methodResponse>\n"
)

// AppendResponse appends the methodResponse document carrying v to dst,
// byte for byte as xmlrpc.client.dumps((v,), methodresponse=True) (RPC-XML-005).
// A *Fault is written as a fault response.
func AppendResponse(dst []byte, v any) ([]byte, error) {
	if f, ok := v.(*Fault); ok {
		return AppendFault(dst, f), nil
	}
	dst = append(dst, responseHead...)
	dst, err := appendValue(dst, v, 0)
	if err != nil {
		return nil, err
	}
	return append(dst, responseTail...), nil
}

// AppendFault appends a fault response (RPC-XML-006).
func AppendFault(dst []byte, f *Fault) []byte {
	dst = append(dst, header+"<methodResponse>\n<fault>\n"...)
	dst = appendFaultStruct(dst, f.Code, f.String)
	return append(dst, "</fault>\n</methodResponse>\n"...)
}

func appendFaultStruct(dst []byte, code int, text string) []byte {
	dst = append(dst, "<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>"...)
	dst = strconv.AppendInt(dst, int64(code), 10)
	dst = append(dst, "</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>"...)
	dst = appendEscaped(dst, text)
	return append(dst, "</string></value>\n</member>\n</struct></value>\n"...)
}

// AppendCall appends a methodCall document as xmlrpc.client.dumps(params,
// method) writes it: what supervisorctl sends.
func AppendCall(dst []byte, method string, params ...any) ([]byte, error) {
	dst = append(dst, header+"<methodCall>\n<methodName>"...)
	dst = appendEscaped(dst, method)
	dst = append(dst, "</methodName>\n<params>\n"...)
	var err error
	for _, p := range params {
		dst = append(dst, "<param>\n"...)
		if dst, err = appendValue(dst, p, 0); err != nil {
			return nil, err
		}
		dst = append(dst, "</param>\n"...)
	}
	return append(dst, "</params>\n</methodCall>\n"...), nil
}

// maxDepth bounds recursion for self-referencing values (Python raises
// "cannot marshal recursive ..." for those).
const maxDepth = 1000

func appendValue(dst []byte, v any, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, errors.New("cannot marshal recursive or too deeply nested value")
	}
	switch x := v.(type) {
	case nil:
		return nil, ErrNil
	case string:
		return appendString(dst, x)
	case int:
		return appendInt(dst, int64(x))
	case int64:
		return appendInt(dst, x)
	case int32:
		return appendInt(dst, int64(x))
	case bool:
		if x {
			return append(dst, "<value><boolean>1</boolean></value>\n"...), nil
		}
		return append(dst, "<value><boolean>0</boolean></value>\n"...), nil
	case float64:
		return appendDouble(dst, x), nil
	case Struct:
		return appendStruct(dst, x, depth)
	case []any:
		dst = append(dst, "<value><array><data>\n"...)
		var err error
		for _, e := range x {
			if dst, err = appendValue(dst, e, depth+1); err != nil {
				return nil, err
			}
		}
		return append(dst, "</data></array></value>\n"...), nil
	case []string:
		dst = append(dst, "<value><array><data>\n"...)
		var err error
		for _, e := range x {
			if dst, err = appendString(dst, e); err != nil {
				return nil, err
			}
		}
		return append(dst, "</data></array></value>\n"...), nil
	case []byte:
		return appendBase64(dst, x), nil
	case time.Time:
		dst = append(dst, "<value><dateTime.iso8601>"...)
		dst = fmt.Appendf(dst, "%04d%02d%02dT%02d:%02d:%02d", x.Year(), int(x.Month()), x.Day(), x.Hour(), x.Minute(), x.Second())
		return append(dst, "</dateTime.iso8601></value>\n"...), nil
	case *big.Int:
		if !x.IsInt64() {
			return nil, ErrIntRange
		}
		return appendInt(dst, x.Int64())
	case *Fault:
		return nil, errors.New("a fault can only be a whole response")
	case Appender:
		return x.AppendXMLRPC(dst)
	}
	return appendReflect(dst, reflect.ValueOf(v), depth)
}

// Appender is a value that writes its own encoding: one <value> element and
// the newline after it, exactly as the same value built of Struct, []any and
// scalars would be written. Large replies (getAllProcessInfo) use it so that
// no member is boxed on the way to the wire; build it with the Append*
// helpers below.
type Appender interface {
	AppendXMLRPC(dst []byte) ([]byte, error)
}

// AppendStructOpen starts a struct value; members follow, then
// AppendStructClose.
func AppendStructOpen(dst []byte) []byte { return append(dst, "<value><struct>\n"...) }

// AppendStructClose ends a struct value.
func AppendStructClose(dst []byte) []byte { return append(dst, "</struct></value>\n"...) }

// AppendArrayOpen starts an array value; values follow, then
// AppendArrayClose.
func AppendArrayOpen(dst []byte) []byte { return append(dst, "<value><array><data>\n"...) }

// AppendArrayClose ends an array value.
func AppendArrayClose(dst []byte) []byte { return append(dst, "</data></array></value>\n"...) }

// AppendStringMember appends a struct member holding a string.
func AppendStringMember(dst []byte, name, v string) ([]byte, error) {
	dst, err := appendMemberName(dst, name)
	if err != nil {
		return nil, err
	}
	if dst, err = appendString(dst, v); err != nil {
		return nil, err
	}
	return append(dst, "</member>\n"...), nil
}

// AppendIntMember appends a struct member holding an int.
func AppendIntMember(dst []byte, name string, v int64) ([]byte, error) {
	dst, err := appendMemberName(dst, name)
	if err != nil {
		return nil, err
	}
	if dst, err = appendInt(dst, v); err != nil {
		return nil, err
	}
	return append(dst, "</member>\n"...), nil
}

func appendMemberName(dst []byte, name string) ([]byte, error) {
	if !utf8.ValidString(name) {
		return nil, ErrInvalidUTF8
	}
	dst = append(dst, "<member>\n<name>"...)
	dst = appendEscaped(dst, name)
	return append(dst, "</name>\n"...), nil
}

func appendInt(dst []byte, i int64) ([]byte, error) {
	if i > math.MaxInt32 || i < math.MinInt32 {
		return nil, ErrIntRange
	}
	dst = append(dst, "<value><int>"...)
	dst = strconv.AppendInt(dst, i, 10)
	return append(dst, "</int></value>\n"...), nil
}

func appendString(dst []byte, s string) ([]byte, error) {
	if !utf8.ValidString(s) {
		return nil, ErrInvalidUTF8
	}
	dst = append(dst, "<value><string>"...)
	dst = appendEscaped(dst, s)
	return append(dst, "</string></value>\n"...), nil
}

// appendEscaped escapes &, < and > only, as xmlrpc.client.escape does; control
// characters and non-ASCII go out raw (RPC-XML-005).
func appendEscaped(dst []byte, s string) []byte {
	for {
		i := strings.IndexAny(s, "&<>")
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		switch s[i] {
		case '&':
			dst = append(dst, "&amp;"...)
		case '<':
			dst = append(dst, "&lt;"...)
		default:
			dst = append(dst, "&gt;"...)
		}
		s = s[i+1:]
	}
}

func appendStruct(dst []byte, s Struct, depth int) ([]byte, error) {
	dst = append(dst, "<value><struct>\n"...)
	var err error
	for _, m := range s {
		if dst, err = appendMemberName(dst, m.Name); err != nil {
			return nil, err
		}
		if dst, err = appendValue(dst, m.Value, depth+1); err != nil {
			return nil, err
		}
		dst = append(dst, "</member>\n"...)
	}
	return append(dst, "</struct></value>\n"...), nil
}

// appendBase64 writes bytes as base64.encodebytes does: lines of at most 76
// characters, each ending in a newline.
func appendBase64(dst []byte, p []byte) []byte {
	dst = append(dst, "<value><base64>\n"...)
	enc := base64.StdEncoding.EncodeToString(p)
	for len(enc) > 76 {
		dst = append(dst, enc[:76]...)
		dst = append(dst, '\n')
		enc = enc[76:]
	}
	if enc != "" {
		dst = append(dst, enc...)
		dst = append(dst, '\n')
	}
	return append(dst, "</base64></value>\n"...)
}

func appendDouble(dst []byte, f float64) []byte {
	dst = append(dst, "<value><double>"...)
	dst = append(dst, FloatRepr(f)...)
	return append(dst, "</double></value>\n"...)
}

// FloatRepr is Python's repr(float): the shortest round-tripping digits, in
// fixed notation when the decimal exponent is in [-4, 16), else scientific
// with a signed exponent of at least two digits; "inf", "-inf", "nan".
func FloatRepr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // [-]d[.ddd]e±XX
	sign := ""
	if e[0] == '-' {
		sign, e = "-", e[1:]
	}
	mant, expText, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expText)
	digits := strings.Replace(mant, ".", "", 1)
	if exp < -4 || exp >= 16 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		es := "+"
		if exp < 0 {
			es, exp = "-", -exp
		}
		return fmt.Sprintf("%s%se%s%02d", sign, m, es, exp)
	}
	var s string
	switch {
	case exp < 0:
		s = "0." + strings.Repeat("0", -exp-1) + digits
	case exp+1 >= len(digits):
		s = digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
	default:
		s = digits[:exp+1] + "." + digits[exp+1:]
	}
	return sign + s
}

var timeType = reflect.TypeFor[time.Time]()

func appendReflect(dst []byte, rv reflect.Value, depth int) ([]byte, error) {
	switch rv.Kind() {
	case reflect.Invalid:
		return nil, ErrNil
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil, ErrNil
		}
		return appendValue(dst, rv.Elem().Interface(), depth+1)
	case reflect.Bool:
		return appendValue(dst, rv.Bool(), depth)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return appendInt(dst, rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > math.MaxInt32 {
			return nil, ErrIntRange
		}
		return appendInt(dst, int64(u))
	case reflect.Float32, reflect.Float64:
		return appendDouble(dst, rv.Float()), nil
	case reflect.String:
		return appendString(dst, rv.String())
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Uint8 {
			return appendBase64(dst, rv.Bytes()), nil
		}
		dst = append(dst, "<value><array><data>\n"...)
		var err error
		for i := 0; i < rv.Len(); i++ {
			if dst, err = appendReflect(dst, rv.Index(i), depth+1); err != nil {
				return nil, err
			}
		}
		return append(dst, "</data></array></value>\n"...), nil
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return nil, errors.New("dictionary key must be string")
		}
		keys := rv.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		dst = append(dst, "<value><struct>\n"...)
		var err error
		for _, k := range keys {
			if !utf8.ValidString(k.String()) {
				return nil, ErrInvalidUTF8
			}
			dst = append(dst, "<member>\n<name>"...)
			dst = appendEscaped(dst, k.String())
			dst = append(dst, "</name>\n"...)
			if dst, err = appendReflect(dst, rv.MapIndex(k), depth+1); err != nil {
				return nil, err
			}
			dst = append(dst, "</member>\n"...)
		}
		return append(dst, "</struct></value>\n"...), nil
	case reflect.Struct:
		if rv.Type() == timeType {
			return appendValue(dst, rv.Interface(), depth)
		}
		dst = append(dst, "<value><struct>\n"...)
		var err error
		for _, f := range fieldsOf(rv.Type()) {
			dst = append(dst, "<member>\n<name>"...)
			dst = append(dst, f.escName...)
			dst = append(dst, "</name>\n"...)
			if dst, err = appendReflect(dst, rv.Field(f.index), depth+1); err != nil {
				return nil, err
			}
			dst = append(dst, "</member>\n"...)
		}
		return append(dst, "</struct></value>\n"...), nil
	}
	return nil, fmt.Errorf("cannot marshal %s objects", rv.Type())
}

type field struct {
	index   int
	escName string
}

var fieldCache sync.Map // reflect.Type -> []field

// fieldsOf lists the exported fields of t in declaration order, named by their
// xmlrpc tag (or the Go name), skipping `xmlrpc:"-"`.
func fieldsOf(t reflect.Type) []field {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]field)
	}
	var fs []field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name := sf.Name
		if tag, ok := sf.Tag.Lookup("xmlrpc"); ok {
			if tag == "-" {
				continue
			}
			if tag != "" {
				name = tag
			}
		}
		fs = append(fs, field{index: i, escName: string(appendEscaped(nil, name))})
	}
	fieldCache.Store(t, fs)
	return fs
}

// Plain is for in-process callers that inspect a method's result: when v is
// an Appender, it returns what v's encoding decodes to (Struct, []any,
// string, int, ...), as a remote client would see it; any other v is
// returned as it is.
func Plain(v any) (any, error) {
	if _, ok := v.(Appender); !ok {
		return v, nil
	}
	b, err := AppendResponse(nil, v)
	if err != nil {
		return nil, err
	}
	return DecodeResponse(b)
}
