package config_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gosupervisord/gosupervisord/core/config"
)

func TestParseCommandLineErrors(t *testing.T) {
	// Expected texts are the reference's, e.g.
	//   python3 -c 'from supervisor.options import ServerOptions as S; S().realize(["-m", "8"])'
	// (CFG-CLI-021, CFG-CLI-023)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-x"}, "option -x not recognized"},
		{[]string{"-c"}, "option -c requires argument"},
		{[]string{"--nodaemon=1"}, "option --nodaemon must not have an argument"},
		{[]string{"--log", "x"}, "option --log not a unique prefix"},
		{[]string{"-m", "8"}, "invalid value for -m '8': 8 can not be converted to an octal type"},
		{[]string{"--minfds", "x"}, "invalid value for --minfds 'x': invalid literal for int() with base 10: 'x'"},
		{[]string{"-e", "warning"}, "invalid value for -e 'warning': bad logging level name 'warning'"},
		{[]string{"-n", "-n"}, "conflicting command line option '-n'"},
		{[]string{"-c", "a", "--configuration=b"}, "conflicting command line option '--configuration'"},
		{[]string{"foo", "bar"}, "positional arguments are not supported: ['foo', 'bar']"},
	}
	for _, tt := range tests {
		_, err := config.ParseCommandLine(tt.args)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseCommandLine(%q) error = %v, want %q", tt.args, err, tt.want)
		}
	}
}

func TestParseCommandLineValues(t *testing.T) {
	dir := t.TempDir()
	cl, err := config.ParseCommandLine([]string{"-nc", "x.conf", "--nodaem", "-m", "0o27", "--logfile_m", "2KB", "-q", dir, "-k", "--minprocs=5"})
	if err == nil || err.Error() != "conflicting command line option '--nodaemon'" {
		t.Fatalf("-n twice (bundled, then as a prefix) = %+v, %v; want the conflict error", cl, err)
	}
	cl, err = config.ParseCommandLine([]string{"-nc", "x.conf", "-m", "0o27", "--logfile_m", "2KB", "-q", dir, "-k", "--minprocs=5"})
	if err != nil {
		t.Fatal(err)
	}
	if !cl.NoDaemon || cl.ConfigFile != "x.conf" || *cl.Umask != 0o27 || *cl.LogfileMax != 2048 ||
		*cl.ChildLogDir != dir || !cl.NoCleanup || *cl.MinProcs != 5 || cl.Action != config.ActionRun {
		t.Errorf("ParseCommandLine parsed %+v", cl)
	}
	// -h and -v act at once, before later options are converted (CFG-CLI-004/005).
	for args, want := range map[string]config.Action{"-h": config.ActionHelp, "-?": config.ActionHelp, "--vers": config.ActionVersion} {
		cl, err := config.ParseCommandLine([]string{args, "-m", "8"})
		if err != nil || cl.Action != want {
			t.Errorf("ParseCommandLine(%s -m 8) = %+v, %v; want action %v", args, cl, err, want)
		}
	}
}

func TestSearchPaths(t *testing.T) {
	// CFG-FIND-001: H = dirname(dirname(argv0)).
	got := config.SearchPaths("/usr/bin/supervisord")
	want := []string{"/usr/etc/supervisord.conf", "/usr/supervisord.conf", "supervisord.conf",
		"etc/supervisord.conf", "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf"}
	if len(got) != len(want) {
		t.Fatalf("SearchPaths = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("SearchPaths[%d] = %q, want %q", i, got[i], want[i])
		}
	}
	if p := config.SearchPaths("supervisord")[0]; p != "etc/supervisord.conf" {
		t.Errorf("SearchPaths(bare name)[0] = %q, want etc/supervisord.conf", p)
	}
}

func TestResolveArgv0(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "supervisord")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", "/nonexistent:"+dir)
	if got := config.ResolveArgv0("supervisord"); got != bin {
		t.Errorf("ResolveArgv0(supervisord) = %q, want %q", got, bin)
	}
	if got := config.ResolveArgv0("./x/supervisord"); got != "./x/supervisord" {
		t.Errorf("ResolveArgv0 with a slash = %q, want it unchanged", got)
	}
	if got := config.ResolveArgv0("nosuchprogram"); got != "nosuchprogram" {
		t.Errorf("ResolveArgv0(unknown) = %q, want it unchanged", got)
	}
}
