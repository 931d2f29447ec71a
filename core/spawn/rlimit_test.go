package spawn

import (
	"encoding/json"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

// PROC-LIMIT-001, PROC-LIMIT-002. Each case runs in its own process, started
// by sh with a soft RLIMIT_NOFILE of 512: SetRlimits changes process-wide
// limits.
func TestSetRlimits(t *testing.T) {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Max < 2048 || lim.Max == rlimInfinity {
		t.Skipf("hard RLIMIT_NOFILE %d: need a finite one of at least 2048", lim.Max)
	}
	hard := strconv.FormatUint(lim.Max, 10)
	tests := []struct {
		name             string
		minFDs, minProcs int
		want             map[string]any
	}{
		{"raise", 1024, 1, map[string]any{
			"infos": []any{"Increased RLIMIT_NOFILE limit to 1024"}, "err": "",
			"nofile": []any{1024.0, float64(lim.Max)}, "childNofile": "1024",
		}},
		{"enough", 300, 1, map[string]any{
			// Go keeps its own raised limit; children get the one we were given.
			"infos": nil, "err": "",
			"nofile": []any{float64(lim.Max - 1), float64(lim.Max)}, "childNofile": "512",
		}},
		{"too many", 2000000, 1, map[string]any{
			"infos": nil,
			// QUIRK: the hard limit printed is the minimum we tried to set.
			"err":    `The minimum number of file descriptors required to run this process is 2000000 as per the "minfds" command-line argument or config file setting. The current environment will only allow you to open 2000000 file descriptors.  Either raise the number of usable file descriptors in your environment (see README.rst) or lower the minfds setting in the config file to allow the process to start.`,
			"nofile": []any{float64(lim.Max - 1), float64(lim.Max)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command("/bin/sh", "-c", `ulimit -S -n 512 && exec "$0" "$@"`,
				os.Args[0], childMarker, "rlimit", strconv.Itoa(tt.minFDs), strconv.Itoa(tt.minProcs))
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("rlimit child: %v", err)
			}
			var got map[string]any
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("%q: %v", out, err)
			}
			if got["err"] != "" {
				delete(got, "childNofile") // the daemon exits: it spawns nothing
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("hard %s:\n got %v\nwant %v", hard, got, tt.want)
			}
		})
	}
}
