// Package core_test checks the import layers of STYLE.md §1 for every
// package under core/ and rpc/: compat → core/config →
// core/{events,logs,spawn,fcgi} → core/supervisor → rpc → cmd. A package may
// import the standard library, the module paths its layer allows, and the
// outside modules listed for it; nothing else.
package core_test

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/gosupervisord/gosupervisord/"

// layers maps a package (relative to the module) to what it may import from
// the module (prefixes) and from outside it (exact paths).
var layers = map[string]struct {
	ours, outside []string
}{
	"core/config":       {ours: []string{"compat/"}},
	"core/events":       {ours: []string{"compat/", "core/config"}},
	"core/logs":         {ours: []string{"compat/"}},
	"core/spawn":        {ours: []string{"compat/", "core/config", "core/spawn/"}, outside: []string{"golang.org/x/sys/unix"}},
	"core/fcgi":         {ours: []string{"compat/", "core/config"}, outside: []string{"golang.org/x/sys/unix"}},
	"core/supervisor":   {ours: []string{"compat/", "core/config", "core/events", "core/logs", "core/spawn", "core/fcgi"}},
	"rpc":               {ours: []string{"compat/", "core/config", "rpc/xmlrpc"}},
	"rpc/xmlrpc":        {ours: []string{"compat/"}},
	"rpc/ui":            {ours: []string{"compat/", "rpc", "rpc/xmlrpc"}},
	"rpc/supervisorapi": {ours: []string{"compat/", "core/", "rpc", "rpc/xmlrpc"}},
}

func TestImportLayers(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, module+"core/...", module+"rpc/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg := strings.TrimPrefix(f[0], module)
		if pkg == "core" || strings.Contains(pkg, "/internal/") {
			continue // this test's own package; internals are checked through their parent
		}
		rule, ok := layers[pkg]
		if !ok {
			t.Errorf("%s has no layer rule here: add it to layers", pkg)
			continue
		}
		seen[pkg] = true
		for _, imp := range f[1:] {
			if !allowed(imp, rule.ours, rule.outside) {
				t.Errorf("%s imports %s, which its layer does not allow", pkg, imp)
			}
		}
	}
	for pkg := range layers {
		if !seen[pkg] {
			t.Errorf("layer rule for %s, but go list found no such package", pkg)
		}
	}
}

func allowed(imp string, ours, outside []string) bool {
	if rest, ok := strings.CutPrefix(imp, module); ok {
		for _, p := range ours {
			if rest == strings.TrimSuffix(p, "/") || (strings.HasSuffix(p, "/") && strings.HasPrefix(rest, p)) {
				return true
			}
		}
		return false
	}
	if !strings.Contains(strings.SplitN(imp, "/", 2)[0], ".") {
		return true // the standard library
	}
	for _, o := range outside {
		if imp == o {
			return true
		}
	}
	return false
}
