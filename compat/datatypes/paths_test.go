package datatypes

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPaths(t *testing.T) {
	// CFG-TYPE-008, CFG-TYPE-009. Texts captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import existing_dirpath; existing_dirpath("/nonexistent/x.log")'
	home := t.TempDir()
	t.Setenv("HOME", home+"/")
	tests := []struct {
		name, in, want, wantErr string
		f                       func(string) (string, error)
	}{
		{"ExistingDirectory", "~", home, "", ExistingDirectory},
		{"ExistingDirectory", "~/", home + "/", "", ExistingDirectory},
		{"ExistingDirectory", "/nonexistent", "", "/nonexistent is not an existing directory", ExistingDirectory},
		{"ExistingDirectory", "", "", " is not an existing directory", ExistingDirectory},
		{"ExistingDirectory", "~nouserx", "", "~nouserx is not an existing directory", ExistingDirectory},
		{"ExistingDirpath", "x.log", "x.log", "", ExistingDirpath},
		{"ExistingDirpath", "~/x.log", home + "/x.log", "", ExistingDirpath},
		{"ExistingDirpath", "/x.log", "/x.log", "", ExistingDirpath},
		{"ExistingDirpath", "/nonexistent/x.log", "", "The directory named as part of the path /nonexistent/x.log does not exist", ExistingDirpath},
		{"ExistingDirpath", "~x\x00/y", "", "embedded null byte", ExistingDirpath},
	}
	for _, tt := range tests {
		got, err := tt.f(tt.in)
		if errText(err) != tt.wantErr || got != tt.want {
			t.Errorf("%s(%q) = %q, %q; want %q, %q", tt.name, tt.in, got, errText(err), tt.want, tt.wantErr)
		}
	}
	for in, want := range map[string]Logfile{
		"NONE": {Kind: LogfileNone}, "off": {Kind: LogfileNone}, "Auto": {Kind: LogfileAuto},
		"SYSLOG": {Kind: LogfileSyslog}, "~/a.log": {Kind: LogfilePath, Path: home + "/a.log"},
	} {
		if got, err := LogfileName(in); err != nil || got != want {
			t.Errorf("LogfileName(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	if _, err := LogfileName("/nonexistent/a.log"); errText(err) != "The directory named as part of the path /nonexistent/a.log does not exist" {
		t.Errorf("LogfileName(/nonexistent/a.log) error = %q", errText(err))
	}
}

func TestNormalizePath(t *testing.T) {
	// Captured with
	//	/usr/bin/python3 -c 'import os.path; print(os.path.normpath("//x/../y"))'
	for in, want := range map[string]string{
		"": ".", "/": "/", "//": "//", "///": "/", "//x/../y": "//y", "///a/./b/": "/a/b",
		"a/../../b": "../b", "/..": "/", "a/./b//c/": "a/b/c",
	} {
		if got := pyNormpath(in); got != want {
			t.Errorf("pyNormpath(%q) = %q; want %q", in, got, want)
		}
	}
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", "/home/u/")
	for in, want := range map[string]string{
		"x/../y": filepath.Join(cwd, "y"), "~/a": "/home/u/a", "/a/b/..": "/a",
	} {
		if got := NormalizePath(in); got != want {
			t.Errorf("NormalizePath(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestTempDir(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir+"/./")
	if got := TempDir(); got != dir {
		t.Errorf("TempDir() with TMPDIR=%s/./ = %q; want %q", dir, got, dir)
	}
	t.Setenv("TMPDIR", "/nonexistent")
	t.Setenv("TEMP", "")
	t.Setenv("TMP", dir)
	if got := TempDir(); got != dir {
		t.Errorf("TempDir() with TMPDIR unusable = %q; want %q", got, dir)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("TempDir left %d files behind", len(entries))
	}
}
