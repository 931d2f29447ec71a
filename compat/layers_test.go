// Package compat_test checks that compat/ stands alone: its packages import
// only the standard library and each other (STYLE.md §1), so Python quirks
// stay out of the state machine and compat can be judged against CPython alone.
package compat_test

import (
	"os/exec"
	"strings"
	"testing"
)

// importsOf lists "pkg imp" pairs for every non-test import of pattern.
func importsOf(t *testing.T, pattern string) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, pattern).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pattern, err)
	}
	m := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		m[f[0]] = f[1:]
	}
	return m
}

func TestCompatImportsOnlyStdlibAndCompat(t *testing.T) {
	const module = "github.com/gosupervisord/gosupervisord/"
	pkgs := importsOf(t, "./...")
	if len(pkgs) == 0 {
		t.Fatal("go list found no compat packages")
	}
	for pkg, imps := range pkgs {
		for _, imp := range imps {
			if strings.HasPrefix(imp, module) && !strings.HasPrefix(imp, module+"compat/") {
				t.Errorf("%s imports %s: compat/ may import only the standard library and compat/", pkg, imp)
			} else if !strings.HasPrefix(imp, module) && strings.Contains(strings.SplitN(imp, "/", 2)[0], ".") {
				t.Errorf("%s imports %s: compat/ may not depend on other modules", pkg, imp)
			}
		}
	}
}
