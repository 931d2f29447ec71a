package pyfmt

import (
	"slices"
	"testing"
)

func TestDict(t *testing.T) {
	d := NewDict()
	d.Set("b", 1)
	d.Set("a", "x")
	d.Set("b", "again") // keeps its place, as in a Python dict
	if got, want := d.Keys(), []string{"b", "a"}; !slices.Equal(got, want) {
		t.Errorf("Keys() = %q; want %q", got, want)
	}
	if v, ok := d.Get("b"); v != "again" || !ok {
		t.Errorf(`Get("b") = %v, %v`, v, ok)
	}
	if _, ok := d.Get("zz"); ok {
		t.Error(`Get("zz") found something`)
	}
	c := d.Clone()
	c.Set("c", 3)
	if d.Len() != 2 || c.Len() != 3 {
		t.Errorf("Clone is not independent: Len %d, %d", d.Len(), c.Len())
	}
	o := NewDict()
	o.Set("z", 0)
	o.Set("a", 9)
	d.Update(o)
	// python3 -c 'd={"b":"again","a":"x"}; d.update({"z":0,"a":9}); print(d)'
	if got, want := d.String(), "{'b': 'again', 'a': 9, 'z': 0}"; got != want {
		t.Errorf("String() = %s; want %s", got, want)
	}
}

func TestNilDict(t *testing.T) {
	var d *Dict
	if d.Len() != 0 || d.Keys() != nil || d.String() != "{}" {
		t.Errorf("nil Dict: Len %d, Keys %q, String %s", d.Len(), d.Keys(), d.String())
	}
	if _, ok := d.Get("x"); ok {
		t.Error("nil Dict found a key")
	}
	if c := d.Clone(); c.Len() != 0 {
		t.Error("Clone of nil is not empty")
	}
	NewDict().Update(nil)
}

func TestDictSetRejectsOtherTypes(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Set with a float did not panic")
		}
	}()
	NewDict().Set("x", 1.5)
}
