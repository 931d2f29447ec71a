package events_test

import (
	"os/exec"
	"strings"
	"testing"
)

// core/events may import compat/, core/config and the standard library
// (STYLE.md §1).
func TestEventsImports(t *testing.T) {
	const module = "github.com/gosupervisord/gosupervisord/"
	out, err := exec.Command("go", "list", "-f", `{{range .Imports}}{{.}}{{"\n"}}{{end}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, imp := range strings.Fields(string(out)) {
		if strings.HasPrefix(imp, module) && !strings.HasPrefix(imp, module+"compat/") &&
			imp != module+"core/config" {
			t.Errorf("core/events imports %s: only compat/, core/config and the standard library are allowed", imp)
		}
	}
}
