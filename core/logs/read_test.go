package logs

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// readCases pin the reference's readFile (RPC-SUP-006) on a 10-byte file.
// want/wantErr were captured from supervisor 4.2.5 with testdata/reference.py
// (kind "read"); TestReadLogMatchesReference re-runs it.
var readCases = []struct {
	data           string
	offset, length int64
	want, wantErr  string
}{
	{data: "0123456789", offset: 0, length: 0, want: "0123456789"},
	{data: "0123456789", offset: 3, length: 0, want: "3456789"},
	{data: "0123456789", offset: 3, length: 4, want: "3456"},
	{data: "0123456789", offset: 8, length: 100, want: "89"},
	{data: "0123456789", offset: 10, length: 0, want: ""},
	{data: "0123456789", offset: 50, length: 5, want: ""},
	{data: "0123456789", offset: -3, length: 0, want: "789"},
	{data: "0123456789", offset: -10, length: 0, want: "0123456789"},
	{data: "0123456789", offset: -20, length: 0, want: "0123456789"},
	{data: "0123456789", offset: -3, length: 2, wantErr: "BAD_ARGUMENTS"},
	{data: "0123456789", offset: -3, length: -2, wantErr: "BAD_ARGUMENTS"},
	{data: "0123456789", offset: 0, length: -1, wantErr: "BAD_ARGUMENTS"},
	{data: "0123456789", offset: 5, length: -5, wantErr: "BAD_ARGUMENTS"},
	{data: "", offset: 0, length: 0, want: ""},
	{data: "", offset: -5, length: 0, want: ""},
	{data: "", offset: 0, length: 5, want: ""},
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func writeTemp(t *testing.T, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.log")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReadLog: RPC-SUP-006 offsets, lengths and BAD_ARGUMENTS.
func TestReadLog(t *testing.T) {
	for _, tt := range readCases {
		got, err := ReadLog(writeTemp(t, tt.data), tt.offset, tt.length)
		if errText(err) != tt.wantErr || string(got) != tt.want {
			t.Errorf("ReadLog(%q, %d, %d) = %q, %q; want %q, %q", tt.data, tt.offset, tt.length, got, errText(err), tt.want, tt.wantErr)
		}
	}
}

// TestReadLogFaults: NO_FILE names the path; a directory is FAILED, and
// FAILED wins over BAD_ARGUMENTS because the reference opens first
// (RPC-SUP-006, RPC-SUP-025).
func TestReadLogFaults(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.log")
	_, err := ReadLog(missing, 0, 0)
	if !errors.Is(err, ErrNoFile) || err.Error() != "NO_FILE: "+missing {
		t.Errorf("missing file: %v; want NO_FILE: %s", err, missing)
	}
	if _, err := ReadLog(dir, 0, -1); err != ErrFailed {
		t.Errorf("directory: %v; want FAILED", err)
	}
	if _, err := ReadLog(writeTemp(t, "x"), 0, -1); err != ErrBadArguments {
		t.Errorf("bad length: %v; want BAD_ARGUMENTS", err)
	}
}

// TestReadLogMatchesReference re-captures readCases from the reference.
func TestReadLogMatchesReference(t *testing.T) {
	type refCase struct {
		Data   string `json:"data"`
		Offset int64  `json:"offset"`
		Length int64  `json:"length"`
	}
	req := struct {
		Kind  string    `json:"kind"`
		Cases []refCase `json:"cases"`
	}{Kind: "read"}
	for _, tt := range readCases {
		req.Cases = append(req.Cases, refCase{tt.data, tt.offset, tt.length})
	}
	var got []struct {
		Data  string `json:"data"`
		Error string `json:"error"`
	}
	askReference(t, req, &got)
	for i, tt := range readCases {
		if got[i].Data != tt.want || got[i].Error != tt.wantErr {
			t.Errorf("readFile(%q, %d, %d) = %q, %q; pinned %q, %q", tt.data, tt.offset, tt.length, got[i].Data, got[i].Error, tt.want, tt.wantErr)
		}
	}
}

// tailCases pin the reference's tailFile (RPC-SUP-026), captured like
// readCases (kind "tail"). The first four are the spec's observed examples.
var tailCases = []struct {
	data           string
	offset, length int64
	want           Tail
}{
	{data: "out\n", offset: 0, length: 2, want: Tail{Data: []byte("t\n"), Offset: 4, Overflow: true}},
	{data: "out\n", offset: 0, length: 100, want: Tail{Data: []byte("out\n"), Offset: 4}},
	{data: "out\n", offset: 10, length: 100, want: Tail{Offset: 4}},
	{data: "out\n", offset: 1, length: 1, want: Tail{Data: []byte("\n"), Offset: 4, Overflow: true}},
	{data: "0123456789", offset: 0, length: 0, want: Tail{Offset: 10, Overflow: true}},
	{data: "0123456789", offset: 4, length: 6, want: Tail{Data: []byte("456789"), Offset: 10}},
	{data: "0123456789", offset: 4, length: 3, want: Tail{Data: []byte("789"), Offset: 10, Overflow: true}},
	{data: "0123456789", offset: 9, length: 5, want: Tail{Data: []byte("56789"), Offset: 10}},
	{data: "0123456789", offset: 10, length: 5, want: Tail{Offset: 10}},
	{data: "0123456789", offset: -5, length: 3, want: Tail{Data: []byte("789"), Offset: 10, Overflow: true}},
	{data: "0123456789", offset: -5, length: 20, want: Tail{Data: []byte("0123456789"), Offset: 10}},
	{data: "0123456789", offset: 2, length: -1, want: Tail{Offset: 10, Overflow: true}},
	{data: "0123456789", offset: 20, length: -15, want: Tail{Offset: 10, Overflow: true}},
	{data: "0123456789", offset: 3, length: 7, want: Tail{Data: []byte("3456789"), Offset: 10}},
	{data: "", offset: 0, length: 10, want: Tail{}},
	{data: "", offset: 5, length: 10, want: Tail{}},
}

func tailEqual(a, b Tail) bool {
	return string(a.Data) == string(b.Data) && a.Offset == b.Offset && a.Overflow == b.Overflow
}

// TestTailLog: RPC-SUP-026 arithmetic.
func TestTailLog(t *testing.T) {
	for _, tt := range tailCases {
		got := TailLog(writeTemp(t, tt.data), tt.offset, tt.length)
		if !tailEqual(got, tt.want) {
			t.Errorf("TailLog(%q, %d, %d) = {%q %d %v}; want {%q %d %v}", tt.data, tt.offset, tt.length,
				got.Data, got.Offset, got.Overflow, tt.want.Data, tt.want.Offset, tt.want.Overflow)
		}
	}
}

// TestTailLogNoFile: a missing log tails as ("", 0, false); one that cannot
// be read gives the caller's offset back (RPC-SUP-026).
func TestTailLogNoFile(t *testing.T) {
	dir := t.TempDir()
	if got := TailLog(filepath.Join(dir, "missing"), 7, 100); !tailEqual(got, Tail{}) {
		t.Errorf("missing file: %+v, want zero Tail", got)
	}
	if got := TailLog(dir, 7, 100); !tailEqual(got, Tail{Offset: 7}) {
		t.Errorf("directory: %+v, want {Offset: 7}", got)
	}
}

// TestTailLogMatchesReference re-captures tailCases from the reference.
func TestTailLogMatchesReference(t *testing.T) {
	type refCase struct {
		Data   string `json:"data"`
		Offset int64  `json:"offset"`
		Length int64  `json:"length"`
	}
	req := struct {
		Kind  string    `json:"kind"`
		Cases []refCase `json:"cases"`
	}{Kind: "tail"}
	for _, tt := range tailCases {
		req.Cases = append(req.Cases, refCase{tt.data, tt.offset, tt.length})
	}
	var got []struct {
		Data     string `json:"data"`
		Offset   int64  `json:"offset"`
		Overflow bool   `json:"overflow"`
	}
	askReference(t, req, &got)
	for i, tt := range tailCases {
		ref := Tail{Data: []byte(got[i].Data), Offset: got[i].Offset, Overflow: got[i].Overflow}
		if !tailEqual(ref, tt.want) {
			t.Errorf("tailFile(%q, %d, %d) = {%q %d %v}; pinned {%q %d %v}", tt.data, tt.offset, tt.length,
				ref.Data, ref.Offset, ref.Overflow, tt.want.Data, tt.want.Offset, tt.want.Overflow)
		}
	}
}
