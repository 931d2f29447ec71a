package datatypes

import (
	"errors"
	"strings"
	"unicode"

	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// URL is datatypes.url (CFG-TYPE-015), supervisorctl's -s/serverurl check:
// urllib.parse.urlparse(s) must find a scheme and a netloc or a path;
// else "value '<s>' is not a URL". The value is returned unchanged. Errors
// urlparse itself raises (about brackets, IP literals, NFKC) come through
// as in the reference.
func URL(s string) (string, error) {
	scheme, netloc, path, err := urlParse(s)
	if err != nil {
		return "", err
	}
	if scheme != "" && (netloc != "" || path != "") {
		return s, nil
	}
	return "", errors.New("value " + repr(s) + " is not a URL")
}

// usesParams is urllib.parse.uses_params: schemes whose path has ;params.
var usesParams = map[string]bool{
	"": true, "ftp": true, "hdl": true, "prospero": true, "http": true, "imap": true,
	"https": true, "shttp": true, "rtsp": true, "rtspu": true, "sip": true, "sips": true,
	"mms": true, "sftp": true, "tel": true,
}

// urlParse returns the scheme, netloc and path of urllib.parse.urlparse
// (CPython 3.11.7, Lib/urllib/parse.py).
func urlParse(url string) (scheme, netloc, path string, err error) {
	// Leading C0 controls and spaces go, as do tabs and newlines anywhere.
	url = strings.TrimLeft(url, c0ControlOrSpace)
	url = strings.NewReplacer("\t", "", "\r", "", "\n", "").Replace(url)
	if i := strings.IndexByte(url, ':'); i > 0 && isASCIIAlpha(url[0]) && isSchemeText(url[:i]) {
		scheme, url = strings.ToLower(url[:i]), url[i+1:]
	}
	if strings.HasPrefix(url, "//") {
		rest := url[2:]
		end := len(rest)
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			end = j
		}
		netloc, url = rest[:end], rest[end:]
		open, closed := strings.Contains(netloc, "["), strings.Contains(netloc, "]")
		if open != closed {
			return "", "", "", errInvalidIPv6URL
		}
		if open {
			if err := checkBracketedNetloc(netloc); err != nil {
				return "", "", "", err
			}
		}
	}
	url, _, _ = strings.Cut(url, "#")
	url, _, _ = strings.Cut(url, "?")
	if err := checkNetloc(netloc); err != nil {
		return "", "", "", err
	}
	if usesParams[scheme] && strings.Contains(url, ";") {
		url = splitParams(url)
	}
	return scheme, netloc, url, nil
}

const c0ControlOrSpace = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f" +
	"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "

var errInvalidIPv6URL = errors.New("Invalid IPv6 URL")

func isASCIIAlpha(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }

// isSchemeText reports whether every character is in urllib's scheme_chars.
func isSchemeText(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isASCIIAlpha(c) && !('0' <= c && c <= '9') && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// splitParams is urllib.parse._splitparams, returning the path part: the
// ';' that starts params is the first one after the last '/'.
func splitParams(url string) string {
	i := strings.IndexByte(url, ';')
	if slash := strings.LastIndexByte(url, '/'); slash >= 0 {
		j := strings.IndexByte(url[slash:], ';')
		if j < 0 {
			return url
		}
		i = slash + j
	}
	return url[:i]
}

// checkBracketedNetloc is urllib.parse._check_bracketed_netloc.
func checkBracketedNetloc(netloc string) error {
	hostPort := netloc[strings.LastIndexByte(netloc, '@')+1:]
	before, bracketed, hasOpen := strings.Cut(hostPort, "[")
	var host string
	if hasOpen {
		if before != "" {
			return errInvalidIPv6URL
		}
		var port string
		host, port, _ = strings.Cut(bracketed, "]")
		if port != "" && !strings.HasPrefix(port, ":") {
			return errInvalidIPv6URL
		}
	} else {
		host, _, _ = strings.Cut(hostPort, ":")
	}
	return checkBracketedHost(host)
}

// checkBracketedHost is urllib.parse._check_bracketed_host: an IPvFuture
// literal, or an IPv6 address as ipaddress.ip_address reads it.
func checkBracketedHost(host string) error {
	if strings.HasPrefix(host, "v") {
		if !isIPvFuture(host) {
			return errors.New("IPvFuture address is invalid")
		}
		return nil
	}
	if isIPv4Address(host) {
		return errors.New("An IPv4 address cannot be in brackets")
	}
	if !isIPv6Address(host) {
		return errors.New(repr(host) + " does not appear to be an IPv4 or IPv6 address")
	}
	return nil
}

// isIPvFuture matches \Av[a-fA-F0-9]+\..+\Z, where '.' is any character
// but a newline.
func isIPvFuture(s string) bool {
	s = s[1:]
	n := 0
	for n < len(s) && isHexDigit(s[n]) {
		n++
	}
	if n == 0 || n >= len(s) || s[n] != '.' {
		return false
	}
	rest := s[n+1:]
	return rest != "" && !strings.Contains(rest, "\n")
}

func isHexDigit(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// isIPv4Address is ipaddress.IPv4Address(s) succeeding: four ASCII decimal
// octets, 0 to 255, no leading zeros.
func isIPv4Address(s string) bool {
	if strings.Contains(s, "/") {
		return false
	}
	octets := strings.Split(s, ".")
	if len(octets) != 4 {
		return false
	}
	for _, o := range octets {
		if o == "" || len(o) > 3 || (o != "0" && o[0] == '0') {
			return false
		}
		n := 0
		for i := 0; i < len(o); i++ {
			if o[i] < '0' || o[i] > '9' {
				return false
			}
			n = n*10 + int(o[i]-'0')
		}
		if n > 255 {
			return false
		}
	}
	return true
}

// isIPv6Address is ipaddress.IPv6Address(s) succeeding
// (IPv6Address._ip_int_from_string with an optional %scope).
func isIPv6Address(s string) bool {
	if strings.Contains(s, "/") {
		return false
	}
	if addr, scope, found := strings.Cut(s, "%"); found {
		if scope == "" || strings.Contains(scope, "%") {
			return false
		}
		s = addr
	}
	if s == "" {
		return false
	}
	parts := strings.Split(s, ":")
	if len(parts) < 3 {
		return false
	}
	if last := parts[len(parts)-1]; strings.Contains(last, ".") {
		if !isIPv4Address(last) {
			return false
		}
		parts = append(parts[:len(parts)-1], "0", "0") // two hextets
	}
	if len(parts) > 9 {
		return false
	}
	skip := -1
	for i := 1; i < len(parts)-1; i++ {
		if parts[i] == "" {
			if skip >= 0 {
				return false
			}
			skip = i
		}
	}
	var hi, lo int
	if skip >= 0 {
		hi, lo = skip, len(parts)-skip-1
		if parts[0] == "" {
			if hi--; hi != 0 {
				return false
			}
		}
		if parts[len(parts)-1] == "" {
			if lo--; lo != 0 {
				return false
			}
		}
		if 8-(hi+lo) < 1 {
			return false
		}
	} else {
		if len(parts) != 8 || parts[0] == "" || parts[len(parts)-1] == "" {
			return false
		}
		hi = len(parts)
	}
	hextets := append(append([]string{}, parts[:hi]...), parts[len(parts)-lo:]...)
	for _, h := range hextets {
		if len(h) > 4 {
			return false
		}
		for i := 0; i < len(h); i++ {
			if !isHexDigit(h[i]) {
				return false
			}
		}
	}
	return true
}

// checkNetloc is urllib.parse._checknetloc: a non-ASCII netloc must not gain
// '/', '?', '#', '@' or ':' under NFKC normalization.
func checkNetloc(netloc string) error {
	if pystr.IsASCII(netloc) {
		return nil
	}
	for _, r := range netloc {
		if unicode.Is(nfkcURLDelimiters, r) {
			return errors.New("netloc '" + netloc + "' contains invalid characters under NFKC normalization")
		}
	}
	return nil
}

// nfkcURLDelimiters are the characters whose NFKC form contains '/', '?',
// '#', '@' or ':', captured with
//
//	python3 -c 'import unicodedata,sys; print([hex(c) for c in range(0x80, sys.maxunicode+1) if not 0xD800<=c<=0xDFFF and any(x in unicodedata.normalize("NFKC", chr(c)) for x in "/?#@:")])'
var nfkcURLDelimiters = &unicode.RangeTable{
	R16: []unicode.Range16{
		{0x2047, 0x2049, 1},
		{0x2100, 0x2101, 1},
		{0x2105, 0x2106, 1},
		{0x2A74, 0x2A74, 1},
		{0xFE13, 0xFE13, 1},
		{0xFE16, 0xFE16, 1},
		{0xFE55, 0xFE56, 1},
		{0xFE5F, 0xFE5F, 1},
		{0xFE6B, 0xFE6B, 1},
		{0xFF03, 0xFF03, 1},
		{0xFF0F, 0xFF0F, 1},
		{0xFF1A, 0xFF1A, 1},
		{0xFF1F, 0xFF20, 1},
	},
}
