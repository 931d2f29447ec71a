package config

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/gosupervisord/gosupervisord/compat/configparser"
	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
)

// expand is the reference's options.expand: Python %-formatting of s against
// vars, with its two error texts (CFG-EXP-001). where names the option.
func expand(s string, vars *pyfmt.Dict, where string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil // with a mapping operand, % leaves such a string as it is
	}
	out, err := pyfmt.Format(s, vars)
	if err == nil {
		return out, nil
	}
	var ke *pyfmt.KeyError
	if errors.As(err, &ke) {
		names := vars.Keys()
		sort.Strings(names) // byte order is code point order for UTF-8
		return "", fmt.Errorf("Format string %s for %s contains names (%s) which cannot be expanded. Available names: %s",
			pyfmt.Repr(s), pyfmt.Repr(where), ke.Error(), strings.Join(names, ", "))
	}
	return "", fmt.Errorf("Format string %s for %s is badly formatted: %s", pyfmt.Repr(s), pyfmt.Repr(where), err)
}

// reader reads options the way the reference's UnhosedConfigParser.saneget
// does: the raw value (or a default), expanded against the process
// environment's ENV_ names plus the names the caller allows.
type reader struct {
	p   *configparser.Parser
	env *pyfmt.Dict // ENV_* names; grows with [supervisord] environment
}

// get returns the expanded value of section.option, or def (expanded too,
// as the reference expands string defaults) when it is absent. ok is false
// when the option is absent and def is nil.
func (r *reader) get(section, option string, def *string, extra *pyfmt.Dict) (v string, ok bool, err error) {
	v, ok = r.p.Get(section, option)
	if !ok {
		if def == nil {
			return "", false, nil
		}
		v = *def
	}
	if !strings.Contains(v, "%") {
		return v, true, nil // see expand; skips building the names for nothing
	}
	vars := r.env.Clone()
	vars.Update(extra)
	v, err = expand(v, vars, section+"."+option)
	return v, true, err
}

// raw returns section.option without expansion, or def.
func (r *reader) raw(section, option, def string) string {
	if v, ok := r.p.Get(section, option); ok {
		return v
	}
	return def
}

// optional reads an option that has no default: nil when absent.
func (r *reader) optional(section, option string, extra *pyfmt.Dict) (*string, error) {
	v, ok, err := r.get(section, option, nil, extra)
	if err != nil || !ok {
		return nil, err
	}
	return &v, nil
}

// conv reads section.option (default def) and converts it; the first error
// wins and later calls do nothing, so a run of reads stays in the reference's
// order (CFG-PRG-037) without an if after each.
type conv struct {
	r     *reader
	sec   string
	extra *pyfmt.Dict
	err   error
}

func (c *conv) str(option, def string) string {
	if c.err != nil {
		return ""
	}
	v, _, err := c.r.get(c.sec, option, &def, c.extra)
	c.err = err
	return v
}

func (c *conv) opt(option string) *string {
	if c.err != nil {
		return nil
	}
	v, err := c.r.optional(c.sec, option, c.extra)
	c.err = err
	return v
}

func (c *conv) int(option, def string, f func(string) (int, error)) int {
	s := c.str(option, def)
	if c.err != nil {
		return 0
	}
	n, err := f(s)
	c.err = err
	return n
}

func (c *conv) bool(option, def string, f func(string) (bool, error)) bool {
	s := c.str(option, def)
	if c.err != nil {
		return false
	}
	b, err := f(s)
	c.err = err
	return b
}
