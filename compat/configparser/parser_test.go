package configparser_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/configparser"
)

// TestAccessors pins has_option, get, options, items and set against
// CPython 3.11:
//
//	python3 -c 'import configparser as c
//	p = c.RawConfigParser(inline_comment_prefixes=(";", "#"), strict=False)
//	p.read_string("[DEFAULT]\nD=1\ne=2\n[a]\nk=v\nE=3\n")
//	print(p.has_option("", "d"), p.has_option("DEFAULT", "D"), p.has_option("a", "D"),
//	      p.has_option("nope", "d"), p.has_section("DEFAULT"))
//	print(p.get("a", "D"), p.get("DEFAULT", "E"), p.get("a", "E"))
//	print(p.options("a"), p.items("a"), p.items("DEFAULT"))
//	p.set("a", "NEW", "x"); p.set("", "dd", "y"); p.set("DEFAULT", "d", "z")
//	print(p.items("a"), p.sections())'
//
// get("", ...), get("nope", ...), options("DEFAULT") raise NoSectionError.
// spec: CFG-INI-002, CFG-INI-009
func TestAccessors(t *testing.T) {
	var p configparser.Parser // the zero value is usable
	if err := p.Read("a.conf", []byte("[DEFAULT]\nD=1\ne=2\n[a]\nk=v\nE=3\n")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		section, option string
		want            bool
	}{{"", "d", true}, {"DEFAULT", "D", true}, {"a", "D", true}, {"nope", "d", false}, {"a", "x", false}} {
		if got := p.HasOption(tt.section, tt.option); got != tt.want {
			t.Errorf("HasOption(%q, %q) = %v; want %v", tt.section, tt.option, got, tt.want)
		}
	}
	if p.HasSection("DEFAULT") || !p.HasSection("a") || p.HasSection("A") {
		t.Errorf("HasSection: DEFAULT %v, a %v, A %v; want false, true, false",
			p.HasSection("DEFAULT"), p.HasSection("a"), p.HasSection("A"))
	}
	for _, tt := range []struct {
		section, option, want string
		ok                    bool
	}{{"a", "D", "1", true}, {"DEFAULT", "E", "2", true}, {"a", "E", "3", true},
		{"", "d", "", false}, {"nope", "d", "", false}, {"a", "nope", "", false}} {
		if got, ok := p.Get(tt.section, tt.option); got != tt.want || ok != tt.ok {
			t.Errorf("Get(%q, %q) = %q, %v; want %q, %v", tt.section, tt.option, got, ok, tt.want, tt.ok)
		}
	}
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v; want %#v", what, got, want)
		}
	}
	kv := func(pairs ...string) []configparser.KV {
		var l []configparser.KV
		for i := 0; i < len(pairs); i += 2 {
			l = append(l, configparser.KV{Key: pairs[i], Value: pairs[i+1]})
		}
		return l
	}
	check("Options(a)", p.Options("a"), []string{"k", "e", "d"})
	check("Options(DEFAULT)", p.Options("DEFAULT"), []string(nil))
	check("Options(nope)", p.Options("nope"), []string(nil))
	check("Items(a)", p.Items("a"), kv("d", "1", "e", "3", "k", "v"))
	check("Items(DEFAULT)", p.Items("DEFAULT"), kv("d", "1", "e", "2"))
	check("Items(nope)", p.Items("nope"), []configparser.KV(nil))
	p.Set("a", "NEW", "x")
	p.Set("", "dd", "y")
	p.Set("DEFAULT", "d", "z")
	check("Items(a) after Set", p.Items("a"), kv("d", "z", "e", "3", "dd", "y", "k", "v", "new", "x"))
	check("Sections()", p.Sections(), []string{"a"})

	// Differs from the reference: Set adds a missing section.
	p.Set("b", "k", "v")
	check("Sections() after Set(b)", p.Sections(), []string{"a", "b"})
	check("Items(b)", p.Items("b"), kv("d", "z", "e", "2", "dd", "y", "k", "v"))
}

// TestSetValueNotRejoined checks that a value set between two reads is kept
// as set: Python joins (and right-strips) only the values the file being read
// sets (RawConfigParser._join_multiline_values).
func TestSetValueNotRejoined(t *testing.T) {
	p := configparser.New()
	p.Set("DEFAULT", "k", "v \n")
	if err := p.Read("a.conf", []byte("[a]\nm=1\n")); err != nil {
		t.Fatal(err)
	}
	if v, _ := p.Get("a", "k"); v != "v \n" {
		t.Errorf("Get(a, k) = %q; want %q", v, "v \n")
	}
}

// TestErrors pins the error types and texts; the file name is quoted as
// Python's repr quotes it.
// spec: CFG-INI-006, CFG-INI-007
func TestErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string
		as   any
	}{
		{in: "[a]\nbad\n", as: new(*configparser.ParsingError),
			want: "Source contains parsing errors: \"x/it's.conf\"\n\t[line  2]: 'bad\\n'"},
		{in: "k=v\n", as: new(*configparser.MissingSectionHeaderError),
			want: "File contains no section headers.\nfile: \"x/it's.conf\", line: 1\n'k=v\\n'"},
		{in: "[a]\nk=\xc3(\n", as: new(*configparser.DecodeError),
			want: "could not decode \"x/it's.conf\" as UTF-8: invalid byte 0xc3 at offset 6"},
	}
	for _, tt := range tests {
		err := configparser.New().Read("x/it's.conf", []byte(tt.in))
		if err == nil || !errors.As(err, tt.as) {
			t.Errorf("Read(%q) = %v; want a %T", tt.in, err, tt.as)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("Read(%q) error:\n%s\nwant:\n%s", tt.in, err, tt.want)
		}
	}
}
