package xmlrpc

import (
	"bytes"
	"strings"
	"testing"

	kolo "github.com/kolo/xmlrpc"
)

// TestKoloDivergence records why the codec is ours although
// github.com/kolo/xmlrpc, the design's library for XML-RPC types, is a
// dependency: the wire must be Python's byte for byte (RPC-XML), and kolo's
// encoder is not. It is a client library (it has no response encoder for a
// server), it writes requests in another layout than xmlrpc.client, and it
// writes struct member names without escaping them, which Python never does.
// The test fails if kolo ever starts agreeing with Python, so the decision can
// be revisited then.
func TestKoloDivergence(t *testing.T) {
	// Python: xmlrpc.client.dumps(('a<b',), 'supervisor.getProcessInfo'),
	// which AppendCall reproduces (codec_test.go).
	ours, err := AppendCall(nil, "supervisor.getProcessInfo", "a<b")
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := kolo.EncodeMethodCall("supervisor.getProcessInfo", "a<b")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(ours, theirs) {
		t.Errorf("kolo/xmlrpc now writes Python's request bytes; reconsider using it:\n%s", theirs)
	}
	if !strings.HasPrefix(string(ours), "<?xml version='1.0'?>\n<methodCall>\n") {
		t.Errorf("our request does not start as Python's does: %q", ours)
	}

	// Struct member names: kolo writes them raw.
	theirs, err = kolo.EncodeMethodCall("m", map[string]string{"a<b": "x"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(theirs, []byte("<name>a<b</name>")) {
		t.Errorf("kolo/xmlrpc now escapes member names; reconsider using it:\n%s", theirs)
	}
	ours, err = AppendCall(nil, "m", Struct{{Name: "a<b", Value: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(ours, []byte("<name>a&lt;b</name>")) {
		t.Errorf("our encoder must escape member names as Python does: %s", ours)
	}
}
