package spawn

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
)

// TestBatchResolvesOnce: within a batch a command is resolved once per
// command and PATH; outside one, at every spawn, as the reference does.
func TestBatchResolvesOnce(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "prog")
	if err := os.WriteFile(prog, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	env := []datatypes.KV{{Key: "PATH", Value: dir}}
	other := []datatypes.KV{{Key: "PATH", Value: dir + ":/nonexistent"}}

	end := StartBatch(0)
	if f, _, err := resolve("prog --x", env); err != nil || f != prog {
		t.Fatalf("resolve in a batch = %q, %v; want %q", f, err, prog)
	}
	if err := os.Remove(prog); err != nil {
		t.Fatal(err)
	}
	f, argv, err := resolve("prog --x", env)
	if err != nil || f != prog || len(argv) != 2 || argv[1] != "--x" {
		t.Errorf("second resolve in the batch = %q %q, %v; want the first's answer", f, argv, err)
	}
	if _, _, err := resolve("prog --x", other); err == nil {
		t.Error("another PATH got the memo's answer")
	}
	end()

	if f, _, err := resolve("prog --x", env); err == nil {
		t.Errorf("resolve after the batch = %q: the memo outlived it", f)
	}
}
