package datatypes

import (
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// Native fuzz targets: no input panics, and each gives a value or an error.
// FuzzDifferential (diff_test.go) checks the values against the reference.

var fuzzSeeds = []string{"", "0", " -12_3 ", "0o17", "1kb", "1 MB", "TERM", "_dfl", "٣", "ΑΣkb", "ﬅop",
	"*:9001", "host:", "A=1,B=\"x y\"", "A=", "'", "1,2,,", "\x00", "\xff\xfe", "http://[::1]:80/"}

func fuzzInt(f *testing.F, conv func(string) (int, error)) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, err := conv(s); err != nil && n != 0 {
			t.Errorf("(%q) = %d with error %v", s, n, err)
		}
	})
}

func FuzzInteger(f *testing.F)      { fuzzInt(f, Integer) }
func FuzzByteSize(f *testing.F)     { fuzzInt(f, ByteSize) }
func FuzzOctal(f *testing.F)        { fuzzInt(f, Octal) }
func FuzzSignalNumber(f *testing.F) { fuzzInt(f, SignalNumber) }
func FuzzPortNumber(f *testing.F)   { fuzzInt(f, PortNumber) }
func FuzzLoggingLevel(f *testing.F) { fuzzInt(f, LoggingLevel) }

func FuzzExitCodes(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		codes, err := ExitCodes(s)
		if err != nil && codes != nil {
			t.Errorf("(%q) = %v with error %v", s, codes, err)
		}
		for _, c := range codes {
			if c < 0 || c > 255 {
				t.Errorf("(%q) gave exit code %d", s, c)
			}
		}
	})
}

func FuzzInetAddress(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		host, port, err := InetAddress(s)
		if err == nil && (port < 1 || port > 65535 || host == "*") {
			t.Errorf("(%q) = %q, %d", s, host, port)
		}
	})
}

func FuzzDictOfKeyValuePairs(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kvs, err := DictOfKeyValuePairs(s)
		if err != nil && kvs != nil {
			t.Errorf("(%q) = %v with error %v", s, kvs, err)
		}
		seen := map[string]bool{}
		for _, kv := range kvs {
			if seen[kv.Key] {
				t.Errorf("(%q) repeats key %q", s, kv.Key)
			}
			seen[kv.Key] = true
		}
	})
}

func FuzzStrings(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = Boolean(s)
		_, _ = ParseAutoRestart(s)
		_, _ = ProcessOrGroupName(s)
		_ = ListOfStrings(s)
		_, _, _ = ProfileOptions(s)
		_, _ = URL(s)
		_, _ = ParseSocketAddress(s)
		_ = pystr.Lower(s)
		_ = NormalizePath(s)
	})
}
