package configparser

import (
	"strings"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// DefaultSection is the name of the section whose options every other
// section inherits (configparser's default_section; spec CFG-INI-009). It is
// case-sensitive: [default] is an ordinary section.
const DefaultSection = "DEFAULT"

// Parser holds the sections read so far, as a RawConfigParser does. The zero
// value is an empty parser ready for use. A Parser is not safe for concurrent
// use.
type Parser struct {
	defaults section
	sections map[string]*section
	order    []string // section names in the order they first appeared
}

// KV is one option of a section and its value.
type KV struct{ Key, Value string }

// section is an ordered map of option names to values, like the dict
// RawConfigParser keeps per section: setting an existing option keeps its place.
type section struct {
	keys   []string
	values map[string]string
	// lines holds the pieces of the values set by the Read in progress; they
	// are joined when the file ends (RawConfigParser._join_multiline_values).
	lines map[string][]string
}

func (s *section) has(key string) bool {
	_, ok := s.values[key]
	return ok
}

func (s *section) set(key, value string) {
	if s.values == nil {
		s.values = make(map[string]string)
	}
	if _, ok := s.values[key]; !ok {
		s.keys = append(s.keys, key)
	}
	s.values[key] = value
}

// New returns an empty Parser; it is the same as new(Parser).
func New() *Parser { return new(Parser) }

// Read parses one file's contents and merges them into p, as
// RawConfigParser.read does for each file it opens; name is the file name
// that errors print. Reading several files merges them: sections of the same
// name combine and a later value replaces an earlier one (spec CFG-INI-008).
//
// The error, if any, is a *DecodeError, a *MissingSectionHeaderError or a
// *ParsingError. As in Python, the sections and options read before the error
// stay in p.
func (p *Parser) Read(name string, data []byte) error {
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			off += n
		}
		return &DecodeError{Source: name, Offset: off, Byte: data[off]}
	}
	// Text mode with universal newlines: "\r\n" and a lone "\r" end a line
	// like "\n"; lines are then split at "\n" only.
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	r := reader{p: p, source: name}
	return r.read(text)
}

// Sections returns the section names in the order they first appeared;
// DEFAULT is not one of them.
func (p *Parser) Sections() []string { return append([]string(nil), p.order...) }

// HasSection reports whether a section of that name was read or set.
// It is false for DEFAULT, as in Python.
func (p *Parser) HasSection(name string) bool {
	_, ok := p.sections[name]
	return ok
}

// HasOption reports whether section has option, its own or from DEFAULT
// (RawConfigParser.has_option). option is lower-cased like the keys. As in
// Python, the section "" means DEFAULT here, and a missing section has no
// options.
func (p *Parser) HasOption(section, option string) bool {
	option = pystr.Lower(option)
	if section == "" || section == DefaultSection {
		return p.defaults.has(option)
	}
	s, ok := p.sections[section]
	if !ok {
		return false
	}
	return s.has(option) || p.defaults.has(option)
}

// Get returns the value of option in section, else in DEFAULT
// (RawConfigParser.get without interpolation). ok is false when the section
// does not exist (DEFAULT always does) or neither has the option.
func (p *Parser) Get(section, option string) (value string, ok bool) {
	option = pystr.Lower(option)
	if section != DefaultSection {
		s, found := p.sections[section]
		if !found {
			return "", false
		}
		if v, found := s.values[option]; found {
			return v, true
		}
	}
	v, ok := p.defaults.values[option]
	return v, ok
}

// Options returns the option names of section in Python's order: the
// section's own, then those of DEFAULT it does not have
// (RawConfigParser.options). It returns nil for a missing section and for
// DEFAULT, for which Python raises NoSectionError.
func (p *Parser) Options(section string) []string {
	s, ok := p.sections[section]
	if !ok {
		return nil
	}
	names := append([]string(nil), s.keys...)
	for _, k := range p.defaults.keys {
		if !s.has(k) {
			names = append(names, k)
		}
	}
	return names
}

// Items returns the options of section with DEFAULT merged in, in Python's
// order: DEFAULT's options first (with the section's value where it has one),
// then the section's other options (RawConfigParser.items(section, raw=True)).
// Items(DEFAULT) lists DEFAULT alone; a missing section gives nil, where
// Python raises NoSectionError.
func (p *Parser) Items(name string) []KV {
	var s *section
	if name != DefaultSection {
		var ok bool
		if s, ok = p.sections[name]; !ok {
			return nil
		}
	}
	items := make([]KV, 0, len(p.defaults.keys))
	for _, k := range p.defaults.keys {
		v := p.defaults.values[k]
		if s != nil {
			if sv, ok := s.values[k]; ok {
				v = sv
			}
		}
		items = append(items, KV{Key: k, Value: v})
	}
	if s != nil {
		for _, k := range s.keys {
			if !p.defaults.has(k) {
				items = append(items, KV{Key: k, Value: s.values[k]})
			}
		}
	}
	return items
}

// Set sets option (lower-cased) in section to value, as RawConfigParser.set
// does; the section "" or DEFAULT means DEFAULT.
//
// Differs from the reference: Python raises NoSectionError for a section that
// does not exist; Set adds it, at the end of Sections.
func (p *Parser) Set(section, option, value string) {
	p.section(section).set(pystr.Lower(option), value)
}

// section returns the section named name, DEFAULT for "" or DEFAULT, adding
// it if it is missing.
func (p *Parser) section(name string) *section {
	if name == "" || name == DefaultSection {
		return &p.defaults
	}
	if s, ok := p.sections[name]; ok {
		return s
	}
	if p.sections == nil {
		p.sections = make(map[string]*section)
	}
	s := &section{}
	p.sections[name] = s
	p.order = append(p.order, name)
	return s
}
