package xmlrpc

import (
	"bytes"
	"errors"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The golden files are reference responses captured by
// rpc/testdata/capture_reference.py (types_*.xml: xmlrpc.client.dumps, which
// the reference's xmlrpc_marshal calls).
func golden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".xml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEncodeGolden(t *testing.T) {
	// spec: RPC-XML-005, RPC-XML-006
	tests := []struct {
		name string
		v    any
	}{
		{"getstate", Struct{{"statecode", 1}, {"statename", "RUNNING"}}},
		{"apiversion", "3.0"},
		{"readlog_weird", "caf\u00e9 \x01\x02\x1b[0m <a&b> \u20ac\U0001F600\n"},
		{"fault_bad_name", &Fault{10, "BAD_NAME: n<o>&pe"}},
		{"fault_unknown_method", &Fault{1, "UNKNOWN_METHOD"}},
		{"fault_incorrect_parameters", &Fault{2, "INCORRECT_PARAMETERS"}},
		{"methodsignature", []string{"boolean", "string", "boolean"}},
		{"types_binary", []any{bytes.Repeat([]byte("\x00\x01hello"), 10), time.Date(2026, 11, 25, 18, 13, 47, 0, time.UTC)}},
		{"types_scalars", []any{0, math.MinInt32, int64(math.MaxInt32), true, false, "", "a&b<c>d\"e'f", 1.5, 0.1, math.Copysign(0, -1),
			1e100, 1e-7, 123456789.0, math.Inf(1), math.NaN()}},
		{"types_nested", []any{Struct{{"a", []any{}}, {"b", Struct{}}, {"c", []any{[]any{1, []int{2}}, map[string]any{"x": map[string]string{"y": "z"}}}},
			{"d\u00e9\x01", "tab\there\r\nnl\x7f"}}}},
		{"tail_weird", []any{"caf\u00e9 \x01\x02\x1b[0m <a&b> \u20ac\U0001F600\n", 27, false}},
	}
	for _, tt := range tests {
		got, err := AppendResponse(nil, tt.v)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if want := golden(t, tt.name); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, want)
		}
	}
}

// TestRoundTripGolden decodes every captured response and encodes it again:
// the bytes must not change (all of them carry only ints, strings, booleans,
// arrays, structs and doubles).
func TestRoundTripGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.xml")
	if len(files) < 10 {
		t.Fatalf("only %d golden files", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".xml")
		want := golden(t, name)
		if name == "types_binary" || bytes.ContainsAny(want, "\x01\x02") {
			// base64 decodes to text, as in the reference; raw control
			// characters are not XML, and Python's expat refuses them too.
			continue
		}
		v, err := DecodeResponse(want)
		var fault *Fault
		if errors.As(err, &fault) {
			v = fault
		} else if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		got, err := AppendResponse(nil, v)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: round trip changed the bytes:\n got %q\nwant %q", name, got, want)
		}
	}
}

type info struct {
	Name  string `xmlrpc:"name"`
	Group string `xmlrpc:"group"`
	PID   int    `xmlrpc:"pid"`
	//lint:ignore U1000 unexported on purpose: the encoder must skip it
	skipped int
	Ignored bool `xmlrpc:"-"`
}

func TestEncodeStructFields(t *testing.T) {
	got, err := AppendResponse(nil, []info{{Name: "a", Group: "g", PID: 7}})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := AppendResponse(nil, []any{Struct{{"name", "a"}, {"group", "g"}, {"pid", 7}}})
	if !bytes.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestEncodeErrors(t *testing.T) {
	// spec: RPC-XML-004 (out-of-range ints and undecodable log data are internal errors)
	tests := []struct {
		v    any
		want error
	}{
		{int64(math.MaxInt32) + 1, ErrIntRange},
		{int64(math.MinInt32) - 1, ErrIntRange},
		{uint32(math.MaxUint32), ErrIntRange},
		{[]any{Struct{{"x", nil}}}, ErrNil},
		{nil, ErrNil},
		{"\xff", ErrInvalidUTF8},
		{"caf\xc3", ErrInvalidUTF8},
	}
	for _, tt := range tests {
		if _, err := AppendResponse(nil, tt.v); !errors.Is(err, tt.want) {
			t.Errorf("AppendResponse(%#v) error = %v, want %v", tt.v, err, tt.want)
		}
	}
}

func TestFloatRepr(t *testing.T) {
	// want values: python3 -c 'print(repr(X))'
	tests := map[float64]string{
		0: "0.0", 1: "1.0", -2.5: "-2.5", 1e16: "1e+16", 1e15: "1000000000000000.0", 0.0001: "0.0001",
		0.00001: "1e-05", 1.2345e-10: "1.2345e-10", 123.456: "123.456", 1.7976931348623157e308: "1.7976931348623157e+308",
		5e-324: "5e-324", 9007199254740993: "9007199254740992.0", 0.3: "0.3", 1.0 / 3: "0.3333333333333333",
	}
	for f, want := range tests {
		if got := FloatRepr(f); got != want {
			t.Errorf("FloatRepr(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestDecodeRequest(t *testing.T) {
	// spec: RPC-XML-002; want values: the reference's supervisor_xmlrpc_handler.loads
	call := func(params string) string {
		return "<?xml version='1.0'?>\n<methodCall>\n<methodName>a.b</methodName>\n<params>\n" + params + "</params>\n</methodCall>\n"
	}
	p := func(v string) string { return "<param>\n<value>" + v + "</value>\n</param>\n" }
	big1, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	tests := []struct {
		body string
		want []any
	}{
		{call(p("<int>42</int>") + p("<i4> -7 </i4>") + p("<int>1_000</int>")), []any{int64(42), int64(-7), int64(1000)}},
		{call(p("<int>123456789012345678901234567890</int>")), []any{big1}},
		{call(p("<boolean>1</boolean>") + p("<boolean>true</boolean>") + p("<boolean/>")), []any{true, false, false}},
		{call(p("<string>a&amp;b&lt;&gt;\u00e9</string>") + p("<string/>") + p("plain") + p("")), []any{"a&b<>\u00e9", "", "plain", ""}},
		{call(p("<double>1.5</double>") + p("<double> inf </double>") + p("<double>1e3</double>")), []any{1.5, math.Inf(1), 1000.0}},
		{call(p("<dateTime.iso8601>20261125T18:13:47</dateTime.iso8601>")), []any{time.Date(2026, 11, 25, 18, 13, 47, 0, time.UTC)}},
		{call(p("<base64>aGVs\nbG8=\n</base64>")), []any{"hello"}},
		{call(p("<array><data>\n<value><int>1</int></value>\n<value><string>x</string></value>\n</data></array>") + p("<array><data/></array>")),
			[]any{[]any{int64(1), "x"}, []any{}}},
		{call(p("<struct>\n<member>\n<name>k</name>\n<value><int>1</int></value>\n</member>\n<member>\n<name>j</name>\n<value>v</value>\n</member>\n<member>\n<name>k</name>\n<value><int>2</int></value>\n</member>\n</struct>")),
			[]any{Struct{{"k", int64(2)}, {"j", "v"}}}},
		{call(p("<nil/>") + p("<foo>bar</foo>")), []any{nil, "bar"}},
		{"<methodCall><methodName>a.b</methodName></methodCall>", nil},
		{"<methodCall><methodName>a.b</methodName><params/></methodCall>", []any{}},
	}
	for _, tt := range tests {
		m, got, err := DecodeRequest([]byte(tt.body))
		if err != nil || m != "a.b" || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("DecodeRequest(%q) = %q, %#v, %v; want a.b, %#v", tt.body, m, got, err, tt.want)
		}
	}
}

func TestDecodeRequestErrors(t *testing.T) {
	// spec: RPC-XML-002 (400 cases)
	bad := []string{
		"", "<a><b", "<methodCall><methodName>a.b</methodName></methodCall><x/>",
		"<methodCall><methodName>a.b</methodName><params><param><value><int>x</int></value></param></params></methodCall>",
		"<methodCall><methodName>a.b</methodName><params><param><value><int/></value></param></params></methodCall>",
		"<methodCall><methodName>a.b</methodName><params><param/></params></methodCall>",
		"<methodCall><methodName>a.b</methodName><params><param><value><array/></value></param></params></methodCall>",
		"<methodCall><methodName>a.b</methodName><params><param><value><struct><member><name>a</name></member></struct></value></param></params></methodCall>",
		"<methodCall><methodName>a.b</methodName><params><param><value><double>1x</double></value></param></params></methodCall>",
		"<methodCall><methodName>a.b</methodName><params><param><value><dateTime.iso8601>20260230T00:00:00</dateTime.iso8601></value></param></params></methodCall>",
		"<methodCall><methodName>a.b</methodName><params><param><value><base64>a</base64></value></param></params></methodCall>",
		"<methodCall><methodName>a.b</methodName><params><param><value><base64>/w==</base64></value></param></params></methodCall>",
		"<methodCall>&undefined;</methodCall>",
		"\xff",
	}
	for _, b := range bad {
		var ue *UnmarshalError
		if _, _, err := DecodeRequest([]byte(b)); !errors.As(err, &ue) {
			t.Errorf("DecodeRequest(%q) error = %v, want *UnmarshalError", b, err)
		}
	}
	for _, b := range []string{"<methodCall/>", "<methodCall><methodName></methodName></methodCall>", "<x><params/></x>"} {
		if _, _, err := DecodeRequest([]byte(b)); !errors.Is(err, ErrNoMethodName) {
			t.Errorf("DecodeRequest(%q) error = %v, want ErrNoMethodName", b, err)
		}
	}
}

func TestAppendCallMatchesPython(t *testing.T) {
	// python3 -c 'import xmlrpc.client as x; print(repr(x.dumps((1, "a<", [True]), "supervisor.m")))'
	want := "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.m</methodName>\n<params>\n<param>\n<value><int>1</int></value>\n</param>\n<param>\n<value><string>a&lt;</string></value>\n</param>\n<param>\n<value><array><data>\n<value><boolean>1</boolean></value>\n</data></array></value>\n</param>\n</params>\n</methodCall>\n"
	got, err := AppendCall(nil, "supervisor.m", 1, "a<", []any{true})
	if err != nil || string(got) != want {
		t.Errorf("AppendCall = %q, %v\nwant %q", got, err, want)
	}
}

func FuzzDecodeRequest(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, name := range files {
		b, _ := os.ReadFile(name)
		f.Add(b)
	}
	f.Add([]byte("<methodCall><methodName>a.b</methodName><params><param><value><struct><member><name>k</name><value><array><data><value>x</value></data></array></value></member></struct></value></param></params></methodCall>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		m, params, err := DecodeRequest(body)
		if err != nil {
			return
		}
		if m == "" {
			t.Fatal("empty method name without error")
		}
		// Whatever decodes must encode again unless it holds a value the
		// reference could not send back either.
		for _, p := range params {
			_, _ = AppendResponse(nil, p)
		}
	})
}

// TestBareCallMatchesParse: the fast path for calls without arguments gives
// exactly what the full parser gives, and leaves everything else to it.
func TestBareCallMatchesParse(t *testing.T) {
	for _, body := range []string{
		"<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getState</methodName>\n<params>\n</params>\n</methodCall>\n",
		`<?xml version="1.0"?><methodCall><methodName>supervisor.getState</methodName><params></params></methodCall>`,
		"<methodCall><methodName>system.listMethods</methodName></methodCall>",
		" <methodCall>\r\n\t<methodName>a_b:c.D9</methodName> </methodCall> \n",
		// not bare: the full parser decides
		"<methodCall><methodName>x</methodName><params><param><value>1</value></param></params></methodCall>",
		"<methodCall><methodName></methodName></methodCall>",
		"<methodCall><methodName>a&amp;b</methodName></methodCall>",
		"<methodCall><methodName>a b</methodName></methodCall>",
		"<methodCall><methodName>x</methodName></methodCall><extra/>",
		"<?xml version='1.0' encoding='utf-8'?><methodCall><methodName>x</methodName></methodCall>",
		"<methodCall><methodName>x</methodName><params></params>",
	} {
		m1, p1, err1 := DecodeRequest([]byte(body))
		st, err := parse([]byte(body))
		var m2 string
		var p2 []any
		if err == nil {
			m2, _ = st.method.(string)
			p2 = st.params
		}
		if _, _, ok := bareCall([]byte(body)); ok {
			if err != nil || m1 != m2 || len(p1) != 0 || len(p2) != 0 || (p1 == nil) != (p2 == nil && !st.hasParams) {
				t.Errorf("%q: fast path gave %q %#v %v; full parse %q %#v (params present %v) %v", body, m1, p1, err1, m2, p2, st.hasParams, err)
			}
		}
	}
	if _, _, ok := bareCall([]byte("<methodCall><methodName>supervisor.getState</methodName><params></params></methodCall>")); !ok {
		t.Error("the commonest call did not take the fast path")
	}
}
