package configparser_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/internal/pyoracle"
)

// oracle is CPython running testdata/oracle.py --serve: one request line in,
// one dump line out.
type oracle struct{ *pyoracle.Oracle }

// startOracle starts the CPython side of the differential tests, or skips tb
// when there is no CPython 3.11. The process ends with tb.
func startOracle(tb testing.TB) oracle {
	tb.Helper()
	return oracle{pyoracle.Start(tb, pyoracle.Config{Script: "testdata/oracle.py", Args: []string{"--serve"}})}
}

// dump returns CPython's dump of reading files in turn as a.conf, b.conf, ...
func (o oracle) dump(tb testing.TB, files ...[]byte) string {
	tb.Helper()
	type file struct {
		Name string `json:"name"`
		Data []byte `json:"data"` // base64, as oracle.py expects
	}
	req := struct {
		Files []file `json:"files"`
	}{}
	for i, data := range files {
		req.Files = append(req.Files, file{Name: fmt.Sprintf("%c.conf", 'a'+i), Data: data})
	}
	var resp struct {
		Dump string `json:"dump"`
	}
	o.Ask(tb, req, &resp)
	return resp.Dump
}

// TestReadMatchesPython re-checks the captured table against a live CPython.
func TestReadMatchesPython(t *testing.T) {
	o := startOracle(t)
	for _, tt := range readCases {
		files := make([][]byte, len(tt.in))
		for i, s := range tt.in {
			files[i] = []byte(s)
		}
		if got := o.dump(t, files...); got != tt.want {
			t.Errorf("%s: CPython now gives\n%s\ntable has\n%s", tt.name, got, tt.want)
		}
	}
}

// FuzzReadPython reads two files with our parser and with CPython and
// compares sections, items, options and errors. Without -fuzz it runs the
// seeds only.
func FuzzReadPython(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s), []byte("[program:extra]\ncommand=/bin/true\n"))
	}
	f.Add([]byte("[a]\nk=1\n"), []byte("[a]\nk=2\n  x\n\n[DEFAULT]\nd=1\n"))
	f.Add([]byte("[a]\n=x\n  y\nbad\n"), []byte("[b]\n"))
	o := startOracle(f)
	f.Fuzz(func(t *testing.T, a, b []byte) {
		got := readDump([]string{string(a), string(b)})
		if want := o.dump(t, a, b); got != want {
			t.Errorf("read %q, %q\nours:\n%s\nCPython:\n%s", a, b, got, want)
		}
	})
}

// TestReadPythonTokenSoup compares us with CPython on inputs built from the
// characters the read loop treats specially, Unicode spaces and case
// mappings included, which byte-level fuzzing rarely reaches.
func TestReadPythonTokenSoup(t *testing.T) {
	o := startOracle(t)
	tokens := []string{"[", "]", "[a]", "[DEFAULT]", "=", ":", ";", "#", " ", " ", "\t", "\n", "\n", "\n",
		"\r", "\r\n", "k", "K", "v", "x=1", "\u3000", "\x1c", "\x85", "\u00a0", "\u2028", "\ufeff",
		"Σ", "İ", "A", "\u0301", "'", "\"", "\\", "\x00", "\u200b", "é"}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for range n {
		var files [2]strings.Builder
		for i := range files {
			files[i].WriteString(tokens[2+rng.IntN(2)])
			for range rng.IntN(40) {
				files[i].WriteString(tokens[rng.IntN(len(tokens))])
			}
		}
		a, b := files[0].String(), files[1].String()
		got := readDump([]string{a, b})
		if want := o.dump(t, []byte(a), []byte(b)); got != want {
			t.Fatalf("read %q, %q\nours:\n%s\nCPython:\n%s", a, b, got, want)
		}
	}
}
