package datatypes

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/internal/pyoracle"
)

// reference is CPython running testdata/reference.py with the reference's
// supervisor package on its path.
type reference struct{ *pyoracle.Oracle }

// startReference starts the reference, or skips tb if /usr/bin/python3 or
// the reference's sources are missing.
func startReference(tb testing.TB) reference {
	tb.Helper()
	return reference{pyoracle.Start(tb, pyoracle.Config{Script: "testdata/reference.py", Reference: true})}
}

// call returns the reference's canonical result for fn(arg).
func (r reference) call(t *testing.T, fn, arg string) string {
	t.Helper()
	var resp struct{ Result string }
	r.Ask(t, map[string]string{"fn": fn, "arg": pyoracle.Hex(arg)}, &resp)
	return resp.Result
}

// The canonical rendering shared with testdata/reference.py.
func canonStr(s string) string { return "s" + hex.EncodeToString([]byte(s)) }
func canonInt(n int) string    { return "i" + strconv.Itoa(n) }
func canonList(items []string) string {
	return "[" + strings.Join(items, ",") + "]"
}

// canonRange stands for our *RangeError; matchesCanon accepts it against a
// reference int beyond int64.
const canonRange = "R"

func canonResult(value string, err error) string {
	var re *RangeError
	switch {
	case errors.As(err, &re):
		return canonRange
	case err != nil:
		return "E" + hex.EncodeToString([]byte(err.Error()))
	}
	return value
}

func canonBool(b bool) string {
	if b {
		return "b1"
	}
	return "b0"
}

// ours maps each reference.py function to ours, rendered canonically.
var ours = []struct {
	fn  string
	run func(string) (string, error)
}{
	{"integer", func(s string) (string, error) { n, err := Integer(s); return canonInt(n), err }},
	{"boolean", func(s string) (string, error) { b, err := Boolean(s); return canonBool(b), err }},
	{"byte_size", func(s string) (string, error) { n, err := ByteSize(s); return canonInt(n), err }},
	{"octal_type", func(s string) (string, error) { n, err := Octal(s); return canonInt(n), err }},
	{"list_of_exitcodes", func(s string) (string, error) {
		codes, err := ExitCodes(s)
		items := []string{}
		for _, c := range codes {
			items = append(items, canonInt(c))
		}
		return canonList(items), err
	}},
	{"signal_number", func(s string) (string, error) { n, err := SignalNumber(s); return canonInt(n), err }},
	{"logfile_name", func(s string) (string, error) {
		l, err := LogfileName(s)
		switch l.Kind {
		case LogfileNone:
			return "n", err
		case LogfileAuto:
			return "AUTO", err
		case LogfileSyslog:
			return "SYSLOG", err
		}
		return canonStr(l.Path), err
	}},
	{"existing_directory", func(s string) (string, error) { p, err := ExistingDirectory(s); return canonStr(p), err }},
	{"existing_dirpath", func(s string) (string, error) { p, err := ExistingDirpath(s); return canonStr(p), err }},
	{"logging_level", func(s string) (string, error) { n, err := LoggingLevel(s); return canonInt(n), err }},
	{"process_or_group_name", func(s string) (string, error) { n, err := ProcessOrGroupName(s); return canonStr(n), err }},
	{"name_to_uid", func(s string) (string, error) { n, err := NameToUID(s); return canonInt(n), err }},
	{"name_to_gid", func(s string) (string, error) { n, err := NameToGID(s); return canonInt(n), err }},
	{"colon_separated_user_group", func(s string) (string, error) {
		u, g, err := ColonSeparatedUserGroup(s)
		return canonList([]string{canonInt(u), canonInt(g)}), err
	}},
	{"inet_address", func(s string) (string, error) {
		h, p, err := InetAddress(s)
		return canonList([]string{canonStr(h), canonInt(p)}), err
	}},
	{"port_number", func(s string) (string, error) { n, err := PortNumber(s); return canonInt(n), err }},
	{"url", func(s string) (string, error) { u, err := URL(s); return canonStr(u), err }},
	{"dict_of_key_value_pairs", func(s string) (string, error) {
		kvs, err := DictOfKeyValuePairs(s)
		items := []string{}
		for _, kv := range kvs {
			items = append(items, canonList([]string{canonStr(kv.Key), canonStr(kv.Value)}))
		}
		return canonList(items), err
	}},
	{"list_of_strings", func(s string) (string, error) {
		items := []string{}
		for _, it := range ListOfStrings(s) {
			items = append(items, canonStr(it))
		}
		return canonList(items), nil
	}},
	{"auto_restart", func(s string) (string, error) {
		a, err := ParseAutoRestart(s)
		return map[AutoRestart]string{AutoRestartFalse: "b0", AutoRestartUnexpected: "U", AutoRestartTrue: "T"}[a], err
	}},
	{"profile_options", func(s string) (string, error) {
		keys, callers, err := ProfileOptions(s)
		items := []string{}
		for _, k := range keys {
			items = append(items, canonStr(k))
		}
		return canonList([]string{canonList(items), canonBool(callers)}), err
	}},
	{"normalize_path", func(s string) (string, error) { return canonStr(NormalizePath(s)), nil }},
	{"expanduser", func(s string) (string, error) { return canonStr(ExpandUser(s)), nil }},
}

// matchesCanon compares our rendering with the reference's.
func matchesCanon(got, want string) bool {
	if got == want {
		return true
	}
	if got != canonRange || !strings.HasPrefix(want, "i") {
		return false
	}
	n, ok := new(big.Int).SetString(want[1:], 10)
	return ok && !n.IsInt64()
}

// skipDifferential lists inputs whose difference is documented, not a bug.
func skipDifferential(fn, s string) bool {
	// The reference's expanduser("~x\x00") raises; ExpandUser keeps the path.
	return (fn == "expanduser" || fn == "normalize_path") && strings.IndexByte(s, 0) >= 0
}

// differentialSeeds are inputs worth comparing for every function.
var differentialSeeds = []string{
	"", " ", "0", "1", "-1", "+7", " 12 ", "1_000", "1__0", "_1", "1_", "0o17", "0O17", "0o_7", "017", "8", "0x10",
	"١٢", "\u00a012\u3000", "\x1c5\x1f", "1\x00", "99999999999999999999", "-99999999999999999999",
	"9223372036854775807", "9223372036854775808", "1kb", "1KB", "1 MB", "1.5GB", "10XB", "kb", "-1gb",
	"1\u212aB", "ΑΣkb", "ΑΣ", "İNFO", "yes", "On", "FALSE", "maybe", "unexpected", "UNEXPECTED",
	"TERM", "sigterm", " hup ", "SIGRTMIN", "rtmin+1", "_dfl", "SIG_IGN", "ſtop", "ﬅop", "32", "34", "64", "65",
	"none", "OFF", "Auto", "syslog", "/tmp/x.log", "/nonexistent/x.log", "~/x", "~root/x", "~nobodyhere/x", "x.log",
	"/", "//x/../y", "///a/./b/", "a/../../b", "/tmp", "/nonexistent", "~",
	"critical", "warning", "blather", "__module__", "__doc__",
	"foo", "foo bar", "a:b", "a/b", " x ", "\tx\t",
	"root", "0", "root:root", "root:0", "0:nogroupx", "nouserx", "4294967295", "4294967296", "-2", "a\x00b",
	"127.0.0.1:9001", "*:9001", ":9001", "9001", "host:", "localhost:0", "HOST:70000", "abc", "x:abc", "::1:80",
	"http://localhost:9001", "unix:///tmp/s.sock", "foo", "http:", "http:;x", "http:/a;b", "http://[::1]:80",
	"http://[1.2.3.4]/", "http://[v1.x]/", "http://[vz]/", "http://[::1/", "http://host\uff0fx/", " http://a",
	"h\tttp://a", "1http://a",
	"A=1,B=2", "A=1;B=2", "A = 1 , B = 2", "A=1,", "A=", "A=1,,B=2", "A=a b", "A=$HOME", `A="x y"z`, "A=éé",
	"A=a#b", `A="a;b"`, `A='"q"'`, `A=ab"cd"`, `A="x\"y"`, "A=x=y", "A=a@b", "a.b=1", "A=1,A=2,B=3", `A="1`,
	"a, b ,,c", "callers,Cumulative", "CALLERS",
}

// FuzzDifferential compares every converter with the reference on the same
// input through one python3 process. Plain "go test" runs the seeds; with
// -fuzz it explores. Skipped without python3 and the reference.
func FuzzDifferential(f *testing.F) {
	for i := range ours {
		for _, s := range differentialSeeds {
			f.Add(uint8(i), s)
		}
	}
	ref := startReference(f)
	f.Fuzz(func(t *testing.T, which uint8, s string) {
		o := ours[int(which)%len(ours)]
		if skipDifferential(o.fn, s) {
			return
		}
		want := ref.call(t, o.fn, s)
		got := canonResult(o.run(s))
		if !matchesCanon(got, want) {
			t.Errorf("%s(%q):\n got %s\nwant %s", o.fn, s, decodeCanon(got), decodeCanon(want))
		}
	})
}

// decodeCanon makes a canonical result readable in a failure message.
func decodeCanon(c string) string {
	if strings.HasPrefix(c, "E") {
		b, _ := hex.DecodeString(c[1:])
		return fmt.Sprintf("error %q", b)
	}
	return c
}
