package rpc

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"testing"
)

// The regexes medusa uses, as the oracle for the hand-written matchers.
var (
	requestOracle    = regexp.MustCompile(`^([^ ]+) ([^ ]+)(?: HTTP/([0-9.]+))?$`)
	connectionOracle = regexp.MustCompile(`^(?i:Connection): (.*)$`)
)

// TestMatchersAgreeWithRegexes: matchRequestLine and connectionValue give
// what medusa's regexes give, on hand-picked and random lines
// (RPC-HTTP-003, RPC-HTTP-007).
func TestMatchersAgreeWithRegexes(t *testing.T) {
	lines := []string{
		"POST /RPC2 HTTP/1.1", "GET / HTTP/1.0", "GET /", "GET  /", "GET / ", " GET /",
		"GET / HTTP/", "GET / HTTP/1.x", "GET / http/1.1", "GET / HTTP/1.1 x", "GET / HTTP/..9",
		"GET\t/ HTTP/1.1", "GET /a\tb HTTP/1.1", "GET /é HTTP/1.1", "GET /\xff HTTP/1.1", "", "GET",
		"Connection: keep-alive", "connection: close", "CONNECTION: Keep-Alive", "Connection:keep-alive",
		"Connection: ", "Connection : x", "Connection: a\nb", "Xonnection: x", "Connection: \xff",
		"Connection\u212a: x", "connectıon: x",
	}
	alphabet := []byte("GETPOSHTP/.0123 \tcConnectio:\r\nxé\xff")
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		b := make([]byte, r.IntN(24))
		for j := range b {
			b[j] = alphabet[r.IntN(len(alphabet))]
		}
		lines = append(lines, string(b), "Connection: "+string(b), "GET "+string(b), "GET / HTTP/"+string(b))
	}
	for _, line := range lines {
		if got, want := matchRequestLine(line), requestOracle.FindStringSubmatch(line); !slices.Equal(got, want) {
			t.Errorf("matchRequestLine(%q) = %q, regex %q", line, got, want)
		}
		want := connectionOracle.FindStringSubmatch(line)
		v, ok := connectionValue([]string{line})
		if ok != (want != nil) || (ok && v != want[1]) {
			t.Errorf("connectionValue(%q) = %q %v, regex %q", line, v, ok, want)
		}
	}
}
