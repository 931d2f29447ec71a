package pyfmt

import (
	"encoding/hex"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/internal/pyoracle"
)

// pyOracle is CPython running testdata/oracle.py, fed one JSON request per
// line. Fuzz targets compare every input against it.
type pyOracle struct{ *pyoracle.Oracle }

// oracleReply is one line of oracle.py output.
type oracleReply struct {
	OK  *string `json:"ok"`  // hex of the result
	Exc string  `json:"exc"` // exception class
	Msg string  `json:"msg"` // hex of str(exception)
	Big int     `json:"big"` // length of a result too long to send
}

// startOracle returns nil when not fuzzing; when fuzzing it skips f unless
// CPython 3.11 is present.
func startOracle(f *testing.F) *pyOracle {
	if !pyoracle.Fuzzing() {
		return nil
	}
	return &pyOracle{pyoracle.Start(f, pyoracle.Config{Script: "testdata/oracle.py"})}
}

// ask sends one request and decodes the reply.
func (o *pyOracle) ask(t *testing.T, req map[string]any) oracleReply {
	t.Helper()
	var r oracleReply
	o.Ask(t, req, &r)
	return r
}

// dictRequest encodes d for oracle.py.
func dictRequest(d *Dict) [][]any {
	items := [][]any{}
	for _, k := range d.Keys() {
		v, _ := d.Get(k)
		switch v := v.(type) {
		case string:
			items = append(items, []any{hex.EncodeToString([]byte(k)), []any{"s", hex.EncodeToString([]byte(v))}})
		case int:
			items = append(items, []any{hex.EncodeToString([]byte(k)), []any{"i", v}})
		}
	}
	return items
}
