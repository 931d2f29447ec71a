package datatypes

import "testing"

func TestInetAddress(t *testing.T) {
	// CFG-TYPE-014. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import inet_address; print(inet_address("*:9001"))'
	tests := []struct {
		in, host, wantErr string
		port              int
	}{
		{in: "9001", host: "", port: 9001},
		{in: ":9001", host: "", port: 9001},
		{in: "*:9001", host: "", port: 9001},
		{in: "127.0.0.1:9001", host: "127.0.0.1", port: 9001},
		{in: "LocalHost:9001", host: "localhost", port: 9001},
		{in: "host:", wantErr: "no port number specified in ''"},
		{in: "host:0", wantErr: "0 is below lower bound (1)"},
		{in: "host:70000", wantErr: "70000 is above upper bound (65535)"},
		{in: "host:abc", wantErr: "invalid literal for int() with base 10: 'abc'"},
		{in: "abc", wantErr: "not a valid port number: 'abc' "},
		{in: "0", wantErr: "not a valid port number: '0' "},
		{in: "", wantErr: "not a valid port number: '' "},
		{in: "::1:80", host: "::1", port: 80},
		{in: "[::1]:80", host: "[::1]", port: 80},
		{in: "a:b:c", wantErr: "invalid literal for int() with base 10: 'c'"},
	}
	for _, tt := range tests {
		host, port, err := InetAddress(tt.in)
		if errText(err) != tt.wantErr || host != tt.host || port != tt.port {
			t.Errorf("InetAddress(%q) = %q, %d, %q; want %q, %d, %q", tt.in, host, port, errText(err), tt.host, tt.port, tt.wantErr)
		}
	}
}

func TestURL(t *testing.T) {
	// CFG-TYPE-015. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import url; print(url("foo"))'
	tests := []struct{ in, want, wantErr string }{
		{in: "http://localhost:9001", want: "http://localhost:9001"},
		{in: "unix:///tmp/s.sock", want: "unix:///tmp/s.sock"},
		{in: "foo", wantErr: "value 'foo' is not a URL"},
		{in: "http:", wantErr: "value 'http:' is not a URL"},
		{in: "http:;x", wantErr: "value 'http:;x' is not a URL"},
		{in: "http:/a;b", want: "http:/a;b"},
		{in: "x:y", want: "x:y"},
		{in: "1http://a", wantErr: "value '1http://a' is not a URL"},
		{in: " http://a", want: " http://a"},
		{in: "http://[::1]:80", want: "http://[::1]:80"},
		{in: "http://[1.2.3.4]/", wantErr: "An IPv4 address cannot be in brackets"},
		{in: "http://[v1.x]/", want: "http://[v1.x]/"},
		{in: "http://[vz]/", wantErr: "IPvFuture address is invalid"},
		{in: "http://[::1/", wantErr: "Invalid IPv6 URL"},
		{in: "http://x]/", wantErr: "Invalid IPv6 URL"},
		{in: "http://host／x/", wantErr: "netloc 'host／x' contains invalid characters under NFKC normalization"},
		{in: "http://a[::1]/", wantErr: "Invalid IPv6 URL"},
		{in: "http://[::1]x/", wantErr: "Invalid IPv6 URL"},
		{in: "http://[::1%]/", wantErr: "'::1%' does not appear to be an IPv4 or IPv6 address"},
		{in: "", wantErr: "value '' is not a URL"},
		{in: "://x", wantErr: "value '://x' is not a URL"},
	}
	for _, tt := range tests {
		got, err := URL(tt.in)
		if errText(err) != tt.wantErr || got != tt.want {
			t.Errorf("URL(%q) = %q, %q; want %q, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
		}
	}
}

func TestParseSocketAddress(t *testing.T) {
	tests := []struct {
		in   string
		want SocketAddress
	}{
		{"/tmp/s.sock", SocketAddress{Unix: true, Path: "/tmp/s.sock"}},
		{"s.sock", SocketAddress{Unix: true, Path: "s.sock"}},
		{"a/b:1", SocketAddress{Unix: true, Path: "a/b:1"}},
		{"Host:80", SocketAddress{Host: "host", Port: 80}},
	}
	for _, tt := range tests {
		if got, err := ParseSocketAddress(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseSocketAddress(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	if _, err := ParseSocketAddress("h:0"); errText(err) != "0 is below lower bound (1)" {
		t.Errorf("ParseSocketAddress(h:0) error = %q", errText(err))
	}
}

func TestSocketURLs(t *testing.T) {
	// Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import InetStreamSocketConfig as I; print(I("LocalHost", 80).url); I("h", 0)'
	if got, err := InetSocketURL("LocalHost", 80); got != "tcp://localhost:80" || err != nil {
		t.Errorf("InetSocketURL = %q, %v", got, err)
	}
	if _, err := InetSocketURL("h", 0); errText(err) != "0 is below lower bound (1)" {
		t.Errorf("InetSocketURL(h, 0) error = %q", errText(err))
	}
	if _, err := InetSocketURL("h", 65536); errText(err) != "65536 is above upper bound (65535)" {
		t.Errorf("InetSocketURL(h, 65536) error = %q", errText(err))
	}
	if got := UnixSocketURL("/tmp/x"); got != "unix:///tmp/x" {
		t.Errorf("UnixSocketURL = %q", got)
	}
}
