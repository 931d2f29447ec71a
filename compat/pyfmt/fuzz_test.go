package pyfmt

import (
	"encoding/hex"
	"errors"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/internal/pyoracle"
)

// fuzzDict is stdDict plus two fuzzer-chosen entries.
func fuzzDict(k1, v1, k2 string, v2 int) *Dict {
	d := stdDict()
	d.Set(k1, v1)
	d.Set(k2, v2)
	return d
}

// FuzzFormat checks that Format never panics and gives a value or an error;
// under go test -fuzz it also compares every input with CPython's % operator.
func FuzzFormat(f *testing.F) {
	for _, tt := range formatTests {
		f.Add(tt.in, "k", "v", "n", 7)
	}
	for _, s := range []string{
		"%(k)s%(n)d", "%(k)r %(k)a", "%(n)#-+ 08.3x", "%(n)*.*d", "%(k)c", "%(n)c", "%(n)%",
		"%(k)((x))s", "%((k)s", "%(n)0100.50d", "%(n).100g", "%(n)#.0g", "%s%s%(k)s%s",
		"%(n)\x80", "%(\xff)s", "\xff%(k)s\xfe", "%(n)10.3c", "%(n)lc", "%(n)Lf", "%(n)hhd",
	} {
		f.Add(s, "k", "\xff\u00e9'\"\\", "n", -1<<63)
		f.Add(s, "k", "", "n", 0xDCFF)
		f.Add(s, "\xff", "é", "n", 0x10FFFF+1)
	}
	o := startOracle(f)
	f.Fuzz(func(t *testing.T, format, k1, v1, k2 string, v2 int) {
		d := fuzzDict(k1, v1, k2, v2)
		got, err := Format(format, d)
		if err != nil && got != "" {
			t.Fatalf("Format(%q) = %q and error %v", format, got, err)
		}
		var ke *KeyError
		var fe *FormatError
		if err != nil && !errors.As(err, &ke) && !errors.As(err, &fe) {
			t.Fatalf("Format(%q) error %T %v", format, err, err)
		}
		if o == nil {
			return
		}
		r := o.ask(t, map[string]any{"op": "format", "s": hex.EncodeToString([]byte(format)), "dict": dictRequest(d)})
		capped := fe != nil && (fe.Msg == msgWidthTooBig || fe.Msg == msgPrecTooBig)
		switch {
		case capped && (r.OK != nil || r.Big > 0 || r.Exc == "MemoryError"):
			// MaxPadding: we refuse what CPython does, or runs out of memory doing.
		case r.OK != nil:
			if want := pyoracle.Unhex(t, *r.OK); err != nil || got != want {
				t.Fatalf("Format(%q) = %q, %v; CPython %q", format, got, err, want)
			}
		case r.Big > 0:
			t.Fatalf("Format(%q) = (len %d), %v; CPython gave %d characters", format, len(got), err, r.Big)
		default:
			want := pyoracle.Unhex(t, r.Msg)
			okType := (r.Exc == "KeyError") == (ke != nil)
			if err == nil || !okType || err.Error() != want {
				t.Fatalf("Format(%q) = %q, %T %v; CPython %s: %s", format, got, err, err, r.Exc, want)
			}
		}
	})
}

// FuzzRepr checks Repr and ReprBytes; under go test -fuzz against CPython.
func FuzzRepr(f *testing.F) {
	for _, tt := range reprTests {
		f.Add(tt.in)
	}
	o := startOracle(f)
	f.Fuzz(func(t *testing.T, s string) {
		got, gotB := Repr(s), ReprBytes([]byte(s))
		if o == nil {
			return
		}
		h := hex.EncodeToString([]byte(s))
		if r := o.ask(t, map[string]any{"op": "repr", "s": h}); r.OK == nil || pyoracle.Unhex(t, *r.OK) != got {
			t.Fatalf("Repr(%q) = %q; CPython %+v", s, got, r)
		}
		if r := o.ask(t, map[string]any{"op": "reprbytes", "s": h}); r.OK == nil || pyoracle.Unhex(t, *r.OK) != gotB {
			t.Fatalf("ReprBytes(%q) = %q; CPython %+v", s, gotB, r)
		}
	})
}
