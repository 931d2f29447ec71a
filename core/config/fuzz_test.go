package config_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/gosupervisord/gosupervisord/core/config"
	"github.com/rogpeppe/go-internal/txtar"
)

var hugeNumprocs = regexp.MustCompile(`(?i)numprocs[^\n]*[0-9][0-9_]{3,}`)

// FuzzLoad feeds whole configuration files through the loader: the INI
// reader, every expansion and every value converter. No input may panic;
// each gives a Config that dumps, or a usage error. Seeded with the main file
// of every conformance configuration.
func FuzzLoad(f *testing.F) {
	archives, _ := filepath.Glob("../../conformance/testdata/configs/*.txtar")
	if len(archives) == 0 {
		f.Fatal("no seed configurations found under conformance/testdata/configs")
	}
	for _, name := range archives {
		a, err := txtar.ParseFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range a.Files {
			if file.Name == "supervisord.conf" {
				f.Add(file.Data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// [include] would let an input read arbitrary files of this machine
		// (/dev/zero never ends); includes are covered by the corpus.
		if bytes.Contains(bytes.ToLower(data), []byte("include")) {
			t.Skip()
		}
		// A huge numprocs builds that many processes, as the reference does;
		// that is work, not a bug, and would only stall the fuzzer.
		if hugeNumprocs.Match(data) {
			t.Skip()
		}
		dir := t.TempDir()
		file := filepath.Join(dir, "supervisord.conf")
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := config.Load(&config.CommandLine{ConfigFile: file}, []string{"HOME=" + dir, "X=1"})
		if err != nil {
			var ue *config.UsageError
			if !errors.As(err, &ue) {
				t.Fatalf("Load returned %T (%v), want *config.UsageError", err, err)
			}
			if ue.Msg == "" {
				t.Fatal("Load returned an empty usage error")
			}
			return
		}
		if _, err := config.Dump(c); err != nil {
			t.Fatalf("Dump of a loaded config: %v", err)
		}
	})
}
