package conformance

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// benchClient is a small XML-RPC client for the benchmarks: net/http over a
// unix socket, keep-alive, no dependency on the module. It speaks only what
// the benchmarks call: string, int and boolean parameters; replies decoded
// into string, int, bool, []any and map[string]any.
type benchClient struct {
	hc *http.Client
}

// errNoDaemon is returned when nothing answers on the socket yet.
var errNoDaemon = errors.New("no daemon on the socket")

func newBenchClient(sock string, conns int) *benchClient {
	return newBenchClientOn("unix", sock, conns)
}

// newBenchClientOn is newBenchClient for any network ("unix", "tcp").
func newBenchClientOn(network, addr string, conns int) *benchClient {
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		DisableCompression:  true,
	}
	return &benchClient{hc: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

func (c *benchClient) close() { c.hc.CloseIdleConnections() }

// request encodes one methodCall.
func xmlrpcRequest(method string, args ...any) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><methodCall><methodName>`)
	xml.EscapeText(&b, []byte(method))
	b.WriteString(`</methodName><params>`)
	for _, a := range args {
		b.WriteString(`<param><value>`)
		switch v := a.(type) {
		case string:
			b.WriteString(`<string>`)
			xml.EscapeText(&b, []byte(v))
			b.WriteString(`</string>`)
		case int:
			fmt.Fprintf(&b, `<int>%d</int>`, v)
		case bool:
			if v {
				b.WriteString(`<boolean>1</boolean>`)
			} else {
				b.WriteString(`<boolean>0</boolean>`)
			}
		default:
			panic(fmt.Sprintf("xmlrpcRequest: unsupported argument %T", a))
		}
		b.WriteString(`</value></param>`)
	}
	b.WriteString(`</params></methodCall>`)
	return b.Bytes()
}

// raw posts a ready-made request body and returns the reply body.
func (c *benchClient) raw(body []byte) ([]byte, error) {
	var out bytes.Buffer
	if err := c.rawInto(body, &out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// rawInto is raw into buf, which measuring loops reuse from call to call
// so that the client's own garbage does not weigh on the figures.
func (c *benchClient) rawInto(body []byte, buf *bytes.Buffer) error {
	resp, err := c.hc.Post("http://localhost/RPC2", "text/xml", bytes.NewReader(body))
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) && op.Op == "dial" {
			return fmt.Errorf("%w: %v", errNoDaemon, err)
		}
		return err
	}
	defer resp.Body.Close()
	buf.Reset()
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %s: %.200s", resp.Status, buf.Bytes())
	}
	return nil
}

// call runs one method and decodes its result; a fault is an error.
func (c *benchClient) call(method string, args ...any) (any, error) {
	out, err := c.raw(xmlrpcRequest(method, args...))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	v, err := decodeResponse(out)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	return v, nil
}

// processInfo returns the pid and statename of one process.
func (c *benchClient) processInfo(name string) (pid int, state string, err error) {
	v, err := c.call("supervisor.getProcessInfo", name)
	if err != nil {
		return 0, "", err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return 0, "", fmt.Errorf("getProcessInfo(%q): not a struct: %v", name, v)
	}
	pid, _ = m["pid"].(int)
	state, _ = m["statename"].(string)
	return pid, state, nil
}

// countState calls getAllProcessInfo and counts the processes in state, out of all.
func (c *benchClient) countState(state string) (n, all int, err error) {
	v, err := c.call("supervisor.getAllProcessInfo")
	if err != nil {
		return 0, 0, err
	}
	list, ok := v.([]any)
	if !ok {
		return 0, 0, fmt.Errorf("getAllProcessInfo: not an array: %v", v)
	}
	for _, e := range list {
		if m, ok := e.(map[string]any); ok && m["statename"] == state {
			n++
		}
	}
	return n, len(list), nil
}

// decodeResponse decodes a methodResponse: its one param, or the fault as an error.
func decodeResponse(body []byte) (any, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	fault := false
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("no value in reply: %v: %.200s", err, body)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "fault":
			fault = true
		case "value":
			v, err := decodeValue(d)
			if err != nil {
				return nil, err
			}
			if fault {
				m, _ := v.(map[string]any)
				return nil, fmt.Errorf("fault %v: %v", m["faultCode"], m["faultString"])
			}
			return v, nil
		}
	}
}

// decodeValue reads what follows a <value> start tag, up to its end tag.
func decodeValue(d *xml.Decoder) (any, error) {
	var text strings.Builder
	var v any
	typed := false
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			text.Write(t)
		case xml.EndElement: // </value>
			if !typed {
				return text.String(), nil
			}
			return v, nil
		case xml.StartElement:
			typed = true
			if v, err = decodeTyped(d, t.Name.Local); err != nil {
				return nil, err
			}
		}
	}
}

func decodeTyped(d *xml.Decoder, kind string) (any, error) {
	switch kind {
	case "array":
		var list []any
		for {
			tok, err := d.Token()
			if err != nil {
				return nil, err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				if t.Name.Local == "value" {
					v, err := decodeValue(d)
					if err != nil {
						return nil, err
					}
					list = append(list, v)
				}
			case xml.EndElement:
				if t.Name.Local == "array" {
					return list, nil
				}
			}
		}
	case "struct":
		m := map[string]any{}
		var name string
		for {
			tok, err := d.Token()
			if err != nil {
				return nil, err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				switch t.Name.Local {
				case "name":
					var s string
					if err := d.DecodeElement(&s, &t); err != nil {
						return nil, err
					}
					name = s
				case "value":
					v, err := decodeValue(d)
					if err != nil {
						return nil, err
					}
					m[name] = v
				}
			case xml.EndElement:
				if t.Name.Local == "struct" {
					return m, nil
				}
			}
		}
	default:
		var s string
		start := xml.StartElement{Name: xml.Name{Local: kind}}
		if err := d.DecodeElement(&s, &start); err != nil {
			return nil, err
		}
		switch kind {
		case "int", "i4", "i8":
			return strconv.Atoi(strings.TrimSpace(s))
		case "boolean":
			return strings.TrimSpace(s) == "1", nil
		}
		return s, nil
	}
}
