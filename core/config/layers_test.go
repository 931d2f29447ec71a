package config_test

import (
	"os/exec"
	"strings"
	"testing"
)

// core/config sits right above compat/ (STYLE.md §1): it may import compat/
// and the standard library, nothing else of ours.
func TestConfigImportsOnlyCompat(t *testing.T) {
	const module = "github.com/gosupervisord/gosupervisord/"
	out, err := exec.Command("go", "list", "-f", `{{range .Imports}}{{.}}{{"\n"}}{{end}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	imps := strings.Fields(string(out))
	if len(imps) == 0 {
		t.Fatal("go list reported no imports for core/config")
	}
	for _, imp := range imps {
		if strings.HasPrefix(imp, module) && !strings.HasPrefix(imp, module+"compat/") {
			t.Errorf("core/config imports %s: it may import only compat/ and the standard library", imp)
		}
	}
}
