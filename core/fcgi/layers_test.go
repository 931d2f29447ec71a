package fcgi_test

import (
	"os/exec"
	"strings"
	"testing"
)

// core/fcgi sits above compat/ and core/config (STYLE.md §1): it may import
// those, golang.org/x/sys and the standard library, nothing else.
func TestFCGIImports(t *testing.T) {
	const module = "github.com/gosupervisord/gosupervisord/"
	out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, imp := range strings.Fields(string(out)) {
		switch {
		case !strings.HasPrefix(imp, module), strings.HasPrefix(imp, module+"compat/"),
			imp == module+"core/config", imp == module+"core/fcgi":
		default:
			t.Errorf("core/fcgi depends on %s: it may import only compat/, core/config and the standard library", imp)
		}
	}
}
