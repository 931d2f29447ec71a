package datatypes

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// PortNumber is datatypes.port_number, RangeCheckedConversion(integer, 1,
// 65535): Integer's errors, or "0 is below lower bound (1)" and
// "70000 is above upper bound (65535)" with the number as int() read it
// (so " 007_0000" reports 70000, and a number of any size is reported).
func PortNumber(s string) (int, error) {
	return rangeChecked(s, 1, 0xFFFF)
}

// InetAddress is datatypes.inet_address (CFG-TYPE-014): "PORT", ":PORT",
// "*:PORT" or "HOST:PORT", split at the last colon. The host is
// lower-cased, and "" or "*" (all interfaces) both give "". Errors:
// PortNumber's after a colon; "no port number specified in ”" for "host:";
// without a colon, "not a valid port number: '<s>' " (sic, trailing space).
func InetAddress(s string) (host string, port int, err error) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		port, err = PortNumber(s)
		if err != nil {
			return "", 0, errors.New("not a valid port number: " + repr(s) + " ")
		}
		return "", port, nil
	}
	host, s = s[:i], s[i+1:]
	if s == "" {
		return "", 0, errors.New("no port number specified in " + repr(s))
	}
	if port, err = PortNumber(s); err != nil {
		return "", 0, err
	}
	host = pystr.Lower(host)
	if host == "*" {
		host = ""
	}
	return host, port, nil
}

// SocketAddress is datatypes.SocketAddress: a value with a '/' or without
// a ':' is a unix socket path; anything else is an InetAddress.
type SocketAddress struct {
	Unix bool   // Path is set; else Host and Port
	Path string // for a unix socket, the value as given
	Host string
	Port int
}

// ParseSocketAddress converts s as SocketAddress(s) does.
func ParseSocketAddress(s string) (SocketAddress, error) {
	if strings.Contains(s, "/") || !strings.Contains(s, ":") {
		return SocketAddress{Unix: true, Path: s}, nil
	}
	host, port, err := InetAddress(s)
	if err != nil {
		return SocketAddress{}, err
	}
	return SocketAddress{Host: host, Port: port}, nil
}

// InetSocketURL is what InetStreamSocketConfig(host, port) checks and the url
// it names the socket by: "tcp://<lower-cased host>:<port>", or the
// RangeCheckedConversion error for a port outside 1..65535. The fcgi
// socket parser calls it.
func InetSocketURL(host string, port int) (string, error) {
	if port < 1 {
		return "", errors.New(strconv.Itoa(port) + " is below lower bound (1)")
	}
	if port > 0xFFFF {
		return "", errors.New(strconv.Itoa(port) + " is above upper bound (65535)")
	}
	return "tcp://" + pystr.Lower(host) + ":" + strconv.Itoa(port), nil
}

// UnixSocketURL is UnixStreamSocketConfig's url for path: "unix://<path>".
func UnixSocketURL(path string) string {
	return "unix://" + path
}
