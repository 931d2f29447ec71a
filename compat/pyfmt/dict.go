package pyfmt

import (
	"fmt"
	"strconv"
	"strings"
)

// Dict is an insertion-ordered mapping from names to str or int values: the
// Python dict that supervisor formats its expansions against. Order matters
// because a bare %s prints the dict itself, in insertion order.
//
// A nil *Dict reads as empty. The zero Dict is not ready for use; call [NewDict].
type Dict struct {
	keys   []string
	values map[string]any
}

// NewDict returns an empty Dict.
func NewDict() *Dict {
	return &Dict{values: make(map[string]any)}
}

// Set binds key to v, which must be a string or an int (anything else is a
// programmer error and panics). Rebinding an existing key keeps its position,
// as in a Python dict.
func (d *Dict) Set(key string, v any) {
	switch v.(type) {
	case string, int:
	default:
		panic(fmt.Sprintf("pyfmt: Dict value for %q must be string or int, not %T", key, v))
	}
	if _, ok := d.values[key]; !ok {
		d.keys = append(d.keys, key)
	}
	d.values[key] = v
}

// Get returns the value bound to key, a string or an int.
func (d *Dict) Get(key string) (any, bool) {
	if d == nil {
		return nil, false
	}
	v, ok := d.values[key]
	return v, ok
}

// Keys returns the keys in insertion order, in a fresh slice.
func (d *Dict) Keys() []string {
	if d == nil {
		return nil
	}
	return append([]string(nil), d.keys...)
}

// Len returns the number of keys.
func (d *Dict) Len() int {
	if d == nil {
		return 0
	}
	return len(d.keys)
}

// Clone returns an independent copy with the same order. Cloning nil gives an
// empty Dict.
func (d *Dict) Clone() *Dict {
	c := NewDict()
	c.Update(d)
	return c
}

// Update sets every key of other, in other's order, like dict.update.
func (d *Dict) Update(other *Dict) {
	if other == nil {
		return
	}
	for _, k := range other.keys {
		d.Set(k, other.values[k])
	}
}

// String returns the dict's Python repr, e.g. {'a': 1, 'b': 'x'}.
func (d *Dict) String() string {
	return d.repr(false)
}

// repr is dict_repr (Objects/dictobject.c); ascii additionally escapes all
// non-ASCII, as ascii() does.
func (d *Dict) repr(ascii bool) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range d.Keys() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(reprStr(k, ascii))
		b.WriteString(": ")
		v, _ := d.Get(k)
		b.WriteString(reprValue(v, ascii))
	}
	b.WriteByte('}')
	return b.String()
}

// reprValue is repr() (or ascii()) of a Dict value.
func reprValue(v any, ascii bool) string {
	switch v := v.(type) {
	case string:
		return reprStr(v, ascii)
	case int:
		return strconv.Itoa(v)
	}
	return "" // unreachable: Set admits only string and int
}
