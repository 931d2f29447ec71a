package xmlrpc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrNoMethodName: the request parsed but has no (or an empty) methodName
// (RPC-XML-002; the reference logs "is invalid: no method name" and answers 400).
var ErrNoMethodName = errors.New("no method name")

// UnmarshalError: the request body is not something the reference's loads
// accepts (RPC-XML-002; logged as "is invalid: unmarshallable", answered 400).
type UnmarshalError struct{ Err error }

func (e *UnmarshalError) Error() string { return "unmarshallable: " + e.Err.Error() }
func (e *UnmarshalError) Unwrap() error { return e.Err }

// maxNesting bounds element depth so hostile input cannot exhaust the stack.
const maxNesting = 10000

// node mirrors an ElementTree element as the reference's loads sees it: text
// is elem.text (nil for None, a string, or the value an unmarshaller stored
// there), children are dropped once an unmarshaller has run (elem.clear()).
type node struct {
	tag      string
	text     any
	textSet  bool
	children []*node
}

type decodeState struct {
	method    any
	params    []any
	hasParams bool
	fault     any
	hasFault  bool
}

// DecodeRequest parses an XML-RPC methodCall as supervisor_xmlrpc_handler.loads
// does: a missing <params> means no arguments (nil), unknown type tags yield
// their text, <nil/> yields nil. Errors are *UnmarshalError or ErrNoMethodName.
func DecodeRequest(body []byte) (method string, params []any, err error) {
	if m, hasParams, ok := bareCall(body); ok {
		if hasParams {
			return m, []any{}, nil
		}
		return m, nil, nil
	}
	if !utf8.Valid(body) {
		return "", nil, &UnmarshalError{errors.New("body is not UTF-8")}
	}
	st, err := parse(body)
	if err != nil {
		return "", nil, &UnmarshalError{err}
	}
	m, _ := st.method.(string)
	if m == "" {
		return "", nil, ErrNoMethodName
	}
	return m, st.params, nil
}

// bareCall recognises the commonest request of all, a call without
// arguments written the way clients write it (an optional plain XML
// declaration, the method name in [A-Za-z0-9_.:], an optional empty
// <params>, whitespace between elements), and returns what the full parse
// would: the method name and whether <params> was there. Anything else is
// not ok and goes to the full parser.
func bareCall(b []byte) (method string, hasParams, ok bool) {
	for _, decl := range []string{`<?xml version='1.0'?>`, `<?xml version="1.0"?>`} {
		if bytes.HasPrefix(b, []byte(decl)) {
			b = b[len(decl):]
			break
		}
	}
	tag := func(t string) bool {
		b = bytes.TrimLeft(b, " \t\r\n")
		if !bytes.HasPrefix(b, []byte(t)) {
			return false
		}
		b = b[len(t):]
		return true
	}
	if !tag("<methodCall>") || !tag("<methodName>") {
		return "", false, false
	}
	end := bytes.IndexByte(b, '<')
	if end <= 0 {
		return "", false, false
	}
	for _, c := range b[:end] {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == ':') {
			return "", false, false
		}
	}
	method, b = string(b[:end]), b[end:]
	if !tag("</methodName>") {
		return "", false, false
	}
	if tag("<params>") {
		if !tag("</params>") {
			return "", false, false
		}
		hasParams = true
	}
	if !tag("</methodCall>") || len(bytes.TrimLeft(b, " \t\r\n")) != 0 {
		return "", false, false
	}
	return method, hasParams, true
}

// DecodeResponse parses a methodResponse (used by Go clients and tests). A
// fault response returns a *Fault error.
func DecodeResponse(body []byte) (any, error) {
	st, err := parse(body)
	if err != nil {
		return nil, &UnmarshalError{err}
	}
	if st.hasFault {
		s, _ := st.fault.(Struct)
		code, _ := s.Get("faultCode")
		text, _ := s.Get("faultString")
		c, _ := code.(int64)
		t, _ := text.(string)
		return nil, &Fault{Code: int(c), String: t}
	}
	if len(st.params) != 1 {
		return nil, &UnmarshalError{fmt.Errorf("response has %d params", len(st.params))}
	}
	return st.params[0], nil
}

func parse(body []byte) (*decodeState, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	st := &decodeState{}
	var stack []*node
	rootSeen := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 && rootSeen {
				return nil, errors.New("junk after document element")
			}
			if len(stack) >= maxNesting {
				return nil, errors.New("too deeply nested")
			}
			rootSeen = true
			tag := t.Name.Local
			if t.Name.Space != "" {
				tag = "{" + t.Name.Space + "}" + tag
			}
			n := &node{tag: tag}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if err := st.end(n); err != nil {
				return nil, err
			}
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimLeft(t, " \t\r\n")) > 0 {
					return nil, errors.New("text outside the document element")
				}
				continue
			}
			n := stack[len(stack)-1]
			if len(n.children) == 0 { // text before the first child; tails are ignored
				s, _ := n.text.(string)
				n.text = s + string(t)
				n.textSet = true
			}
		}
	}
	if !rootSeen {
		return nil, errors.New("no element found")
	}
	return st, nil
}

// end runs the reference's unmarshaller for an element that just closed.
func (st *decodeState) end(n *node) error {
	raw := func() (string, bool) { s, ok := n.text.(string); return s, ok }
	var v any
	switch n.tag {
	case "int", "i4":
		s, ok := raw()
		if !ok {
			return errors.New("int() argument must be a string")
		}
		i, err := pyInt(s)
		if err != nil {
			return err
		}
		v = i
	case "boolean":
		s, ok := raw()
		v = ok && s == "1"
	case "string":
		s, _ := raw()
		v = s
	case "double":
		s, ok := raw()
		if !ok {
			return errors.New("float() argument must be a string")
		}
		f, err := pyFloat(s)
		if err != nil {
			return err
		}
		v = f
	case "dateTime.iso8601":
		s, ok := raw()
		if !ok {
			return errors.New("strptime() argument must be str")
		}
		t, err := pyDateTime(s)
		if err != nil {
			return err
		}
		v = t
	case "array", "param":
		if len(n.children) == 0 {
			return errors.New("list index out of range")
		}
		v = n.children[0].text
	case "data":
		l := make([]any, len(n.children))
		for i, c := range n.children {
			l[i] = c.text
		}
		v = l
	case "struct":
		s := Struct{}
		for _, m := range n.children {
			if len(m.children) != 2 {
				return fmt.Errorf("struct member has %d children, want 2", len(m.children))
			}
			k := m.children[0].text
			var key string
			switch x := k.(type) {
			case nil:
			case string:
				key = x
			default:
				// Differs from the reference: Python would use a non-string key as is.
				key = fmt.Sprint(x)
			}
			s = s.set(key, m.children[1].text)
		}
		v = s
	case "base64":
		s, _ := raw()
		b, err := DecodeBase64(s)
		if err != nil {
			return err
		}
		if !utf8.Valid(b) {
			return errors.New("base64 data is not UTF-8")
		}
		v = string(b)
	case "value":
		if len(n.children) > 0 {
			v = n.children[0].text
		} else {
			s, _ := raw()
			v = s
		}
	case "methodName":
		st.method = n.text
		return nil
	case "params":
		ps := make([]any, len(n.children))
		for i, c := range n.children {
			ps[i] = c.text
		}
		st.params, st.hasParams = ps, true
		return nil
	case "fault":
		if len(n.children) > 0 {
			st.fault, st.hasFault = n.children[0].text, true
		}
		return nil
	default:
		return nil // untouched: text stays the raw text (or None), children stay
	}
	n.text, n.textSet, n.children = v, true, nil
	return nil
}

// isPySpace reports whether Python's str.strip() removes r.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// digitsWithUnderscores reports whether s is digits with single underscores
// between them, as Python's int() and float() accept.
func digitsWithUnderscores(s string) bool {
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// pyInt is Python's int(str) for ASCII digits (Differs from the reference:
// non-ASCII decimal digits are refused). Values beyond int64 are *big.Int.
func pyInt(s string) (any, error) {
	t := strings.TrimFunc(s, isPySpace)
	body := t
	if body != "" && (body[0] == '+' || body[0] == '-') {
		body = body[1:]
	}
	if !digitsWithUnderscores(body) {
		return nil, fmt.Errorf("invalid literal for int() with base 10: %q", s)
	}
	t = strings.ReplaceAll(t, "_", "")
	if i, err := strconv.ParseInt(t, 10, 64); err == nil {
		return i, nil
	}
	b, ok := new(big.Int).SetString(t, 10)
	if !ok {
		return nil, fmt.Errorf("invalid literal for int() with base 10: %q", s)
	}
	return b, nil
}

var pyFloatRE = regexp.MustCompile(`^[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.(?:[eE][+-]?\d(?:_?\d)*)?|(?i:inf|infinity|nan))$`)

// pyFloat is Python's float(str).
func pyFloat(s string) (float64, error) {
	t := strings.TrimFunc(s, isPySpace)
	if !pyFloatRE.MatchString(t) {
		return 0, fmt.Errorf("could not convert string to float: %q", s)
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(t, "_", ""), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, err
	}
	return f, nil // out of range: ±inf or 0, as Python
}

// pyDateTimeRE is time.strptime's pattern for "%Y%m%dT%H:%M:%S" (IGNORECASE).
var pyDateTimeRE = regexp.MustCompile(`^(?i)(\d\d\d\d)(1[0-2]|0[1-9]|[1-9])(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])T(2[0-3]|[0-1]\d|\d):([0-5]\d|\d):(6[0-1]|[0-5]\d|\d)$`)

// pyDateTime is the reference's make_datetime: strptime, then datetime().
func pyDateTime(s string) (time.Time, error) {
	m := pyDateTimeRE.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("time data %q does not match format '%%Y%%m%%dT%%H:%%M:%%S'", s)
	}
	var f [6]int
	for i := range f {
		f[i], _ = strconv.Atoi(strings.TrimSpace(m[i+1]))
	}
	if f[5] > 59 {
		return time.Time{}, errors.New("second must be in 0..59")
	}
	t := time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], 0, time.UTC)
	if t.Day() != f[2] {
		return time.Time{}, errors.New("day is out of range for month")
	}
	if f[0] == 0 {
		return time.Time{}, errors.New("year 0 is out of range")
	}
	return t, nil
}

// DecodeBase64 is base64.decodebytes (binascii.a2b_base64) in its default, non-strict mode:
// characters outside the alphabet are skipped and decoding stops at complete
// padding.
func DecodeBase64(s string) ([]byte, error) {
	var out []byte
	quad, pads := 0, 0
	var left byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			pads++
			if quad >= 2 && quad+pads >= 4 {
				return out, nil
			}
			continue
		}
		v := b64val(c)
		if v < 0 {
			continue
		}
		pads = 0
		switch quad {
		case 0:
			left, quad = byte(v), 1
		case 1:
			out = append(out, left<<2|byte(v)>>4)
			left, quad = byte(v)&0x0f, 2
		case 2:
			out = append(out, left<<4|byte(v)>>2)
			left, quad = byte(v)&0x03, 3
		case 3:
			out = append(out, left<<6|byte(v))
			quad = 0
		}
	}
	switch quad {
	case 0:
		return out, nil
	case 1:
		return nil, errors.New("Invalid base64-encoded string")
	}
	return nil, errors.New("Incorrect padding")
}

func b64val(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	}
	return -1
}
