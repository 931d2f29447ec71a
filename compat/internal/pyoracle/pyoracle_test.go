package pyoracle

import (
	"fmt"
	"testing"
)

func TestAskAndBatch(t *testing.T) {
	o := Start(t, Config{Script: "testdata/echo.py"})
	var r struct {
		Echo string
		N    int
	}
	o.Ask(t, "a\xffb", &r)
	if r.Echo != "a\ufffdb" || r.N != 0 {
		t.Errorf("Ask = %+v", r)
	}
	lines := make([][]byte, 5000) // more than a pipe buffer holds
	for i := range lines {
		lines[i] = []byte(fmt.Sprintf("%d", i))
	}
	for i, a := range o.Batch(t, lines) {
		if want := fmt.Sprintf(`{"echo": %d, "n": %d}`, i, i+1); string(a) != want {
			t.Fatalf("answer %d = %s; want %s", i, a, want)
		}
	}
}

func TestHex(t *testing.T) {
	if got := Unhex(t, Hex("\xff\x00é")); got != "\xff\x00é" {
		t.Errorf("Unhex(Hex(...)) = %q", got)
	}
}
