package logs

import (
	"os/exec"
	"strings"
	"testing"
)

// core/logs sits above compat/ (STYLE.md §1): it may import compat/ and the
// standard library, nothing else of ours and no other module.
func TestLogsImportsOnlyCompat(t *testing.T) {
	const module = "github.com/gosupervisord/gosupervisord/"
	out, err := exec.Command("go", "list", "-f", `{{range .Imports}}{{.}}{{"\n"}}{{end}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	imps := strings.Fields(string(out))
	if len(imps) == 0 {
		t.Fatal("go list reported no imports for core/logs")
	}
	for _, imp := range imps {
		switch {
		case strings.HasPrefix(imp, module) && !strings.HasPrefix(imp, module+"compat/"):
			t.Errorf("core/logs imports %s: it may import only compat/ and the standard library", imp)
		case !strings.HasPrefix(imp, module) && strings.Contains(strings.SplitN(imp, "/", 2)[0], "."):
			t.Errorf("core/logs imports %s: no other modules", imp)
		}
	}
}
