package rpc

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

var authorizationRE = regexp.MustCompile(`^(?i:Authorization): ([^ ]+) (.*)$`)

// authResult is what the reference's auth_handler decides.
type authResult int

const (
	authMissing   authResult = iota // no usable header: 401
	authScheme                      // scheme is not basic: stderr line, 401
	authMalformed                   // undecodable base64: stderr line, 400
	authNoColon                     // decoded text without ':': the reference fails, 500
	authOK                          // user and password decoded
)

// parseAuthorization reads the Authorization header as medusa's auth_handler
// does (RPC-AUTH-002, -004): the scheme in lower case, the raw value, and for
// basic the user and password.
func parseAuthorization(header []string) (res authResult, scheme, value, user, pass string) {
	m := matchHeader(authorizationRE, header)
	if m == nil {
		return authMissing, "", "", "", ""
	}
	scheme, value = strings.ToLower(m[1]), m[2]
	if scheme != "basic" {
		return authScheme, scheme, value, "", ""
	}
	dec, err := xmlrpc.DecodeBase64(value)
	if err != nil || !utf8.Valid(dec) {
		return authMalformed, scheme, value, "", ""
	}
	user, pass, ok := strings.Cut(string(dec), ":")
	if !ok {
		return authNoColon, scheme, value, "", ""
	}
	return authOK, scheme, value, user, pass
}

// checkPassword compares in constant time against the configured password,
// plain or "{SHA}" + hex SHA-1 (RPC-AUTH-002).
func checkPassword(configured, given string) bool {
	if hash, ok := strings.CutPrefix(configured, "{SHA}"); ok {
		sum := sha1.Sum([]byte(given))
		return subtle.ConstantTimeCompare([]byte(hash), []byte(hex.EncodeToString(sum[:]))) == 1
	}
	return subtle.ConstantTimeCompare([]byte(configured), []byte(given)) == 1
}

// authorize runs the reference's supervisor_auth_handler; false means the
// response has been sent (RPC-AUTH-001..004).
func (cn *conn) authorize(w *Response, r *Request) bool {
	res, scheme, value, user, pass := parseAuthorization(r.Header)
	switch res {
	case authOK:
		cfg := cn.ep.Config
		password := ""
		if cfg.Password != nil {
			password = *cfg.Password
		}
		userOK := subtle.ConstantTimeCompare([]byte(user), []byte(*cfg.Username)) == 1
		if passOK := checkPassword(password, pass); userOK && passOK {
			r.Auth = []string{user, pass}
			return true
		}
	case authScheme:
		fmt.Fprintf(cn.s.Stderr, "unknown/unsupported auth method: %s\n", scheme)
	case authMalformed:
		fmt.Fprintf(cn.s.Stderr, "malformed authorization info <%s>\n", value)
		w.Error(400)
		return false
	case authNoColon:
		logMedusa(cn.s.Logger, "Server Error: <class 'ValueError'>, not enough values to unpack (expected 2, got 1)")
		w.Error(500)
		return false
	}
	w.Set("Connection", "close")
	w.Set("WWW-Authenticate", `Basic realm="default"`)
	w.Error(401)
	w.keep = false // the reference stops reading the connection (RPC-AUTH-003)
	return false
}
