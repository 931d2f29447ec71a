package pypath

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The tables in captured_test.go come from the reference:
//
//	python3 testdata/capture.py | gofmt > captured_test.go

func TestMatchCaptured(t *testing.T) {
	for _, tt := range matchCases {
		if got := Match(tt.name, tt.pattern); got != tt.want {
			t.Errorf("Match(%q, %q) = %v; want %v", tt.name, tt.pattern, got, tt.want)
		}
	}
}

func TestPathCaptured(t *testing.T) {
	t.Chdir("/")
	for _, tt := range pathCases {
		if got := Normpath(tt.in); got != tt.normpath {
			t.Errorf("Normpath(%q) = %q; want %q", tt.in, got, tt.normpath)
		}
		if got := Dirname(tt.in); got != tt.dirname {
			t.Errorf("Dirname(%q) = %q; want %q", tt.in, got, tt.dirname)
		}
		if got := Basename(tt.in); got != tt.basename {
			t.Errorf("Basename(%q) = %q; want %q", tt.in, got, tt.basename)
		}
		if got := IsAbs(tt.in); got != tt.isabs {
			t.Errorf("IsAbs(%q) = %v; want %v", tt.in, got, tt.isabs)
		}
		if got := Abspath(tt.in); got != tt.abspath {
			t.Errorf("Abspath(%q) in / = %q; want %q", tt.in, got, tt.abspath)
		}
	}
}

func TestJoinCaptured(t *testing.T) {
	for _, tt := range joinCases {
		if got := Join(tt.in...); got != tt.want {
			t.Errorf("Join(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if got := Join(); got != "" {
		t.Errorf("Join() = %q; want \"\"", got)
	}
}

func TestExpanduserCaptured(t *testing.T) {
	for _, tt := range expanduserCases {
		t.Setenv("HOME", tt.home)
		if got := Expanduser(tt.in); got != tt.want {
			t.Errorf("HOME=%q Expanduser(%q) = %q; want %q", tt.home, tt.in, got, tt.want)
		}
	}
	// A NUL byte in the user name: the reference raises ValueError; we must
	// not look up the name cut short at the NUL.
	if got := Expanduser("~root\x00x/y"); got != "~root\x00x/y" {
		t.Errorf("Expanduser with NUL in name = %q; want it unchanged", got)
	}
}

// Spec CFG-INC-001: [include] files= patterns expand as glob.glob does.
func TestGlobCaptured(t *testing.T) {
	root := buildTree(t)
	t.Chdir(root)
	for _, tt := range globCases {
		if got := sorted(Glob(tt.pattern)); !slices.Equal(got, tt.rel) {
			t.Errorf("Glob(%q) = %q; want %q", tt.pattern, got, tt.rel)
		}
		var want []string
		for _, w := range tt.abs {
			want = append(want, root+strings.TrimPrefix(w, "@ROOT@"))
		}
		abs := root + "/" + tt.pattern
		if got := sorted(Glob(abs)); !slices.Equal(got, want) {
			t.Errorf("Glob(%q) = %q; want %q", abs, got, want)
		}
	}
}

// Abspath uses getcwd(2), like os.getcwd, not $PWD as os.Getwd may.
func TestAbspathThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	link := filepath.Join(dir, "link")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real", link); err != nil {
		t.Fatal(err)
	}
	realDir, err := filepath.EvalSymlinks(real)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(link) // also sets $PWD to link
	if got, want := Abspath("x/../y"), realDir+"/y"; got != want {
		t.Errorf("Abspath(%q) in %s = %q; want %q", "x/../y", link, got, want)
	}
}

// An unreadable directory contributes nothing and is no error.
func TestGlobUnreadableDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("permissions do not bind root")
	}
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked")
	if err := os.MkdirAll(filepath.Join(locked, "d"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(locked, "f.conf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	for _, p := range []string{locked + "/*", locked + "/*/", dir + "/*/*.conf"} {
		if got := Glob(p); got != nil {
			t.Errorf("Glob(%q) = %q; want nil", p, got)
		}
	}
	if got := Glob(locked + "/f.conf"); got != nil {
		// No search permission: lstat fails too.
		t.Errorf("Glob(%q) = %q; want nil", locked+"/f.conf", got)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// buildTree makes the tree of testdata/globtree.txt in a new temporary
// directory and returns its path with symlinks resolved.
func buildTree(t *testing.T) string {
	t.Helper()
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/globtree.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, rest, _ := strings.Cut(line, " ")
		switch kind {
		case "d":
			err = os.MkdirAll(filepath.Join(root, unescapeTree(t, rest)), 0o755)
		case "f":
			err = os.WriteFile(filepath.Join(root, unescapeTree(t, rest)), nil, 0o644)
		case "l":
			path, target, _ := strings.Cut(rest, "\t")
			err = os.Symlink(unescapeTree(t, target), filepath.Join(root, unescapeTree(t, path)))
		default:
			t.Fatalf("globtree.txt: bad line %q", line)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return root
}

// unescapeTree decodes the \\, \t, \n and \xNN escapes of globtree.txt.
func unescapeTree(t *testing.T, s string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'x':
			n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				t.Fatalf("globtree.txt: bad escape in %q", s)
			}
			b.WriteByte(byte(n))
			i += 2
		default:
			t.Fatalf("globtree.txt: bad escape in %q", s)
		}
	}
	return b.String()
}
