package spawn

import (
	"testing"

	"golang.org/x/sys/unix"
)

// BenchmarkSpawn is fork+exec of /bin/true through the helper, reaped, with
// the pipes a program gets (make bench). The daemon must bring 200 programs
// to RUNNING in well under a second.
func BenchmarkSpawn(b *testing.B) {
	s := &Spec{Name: "true", Group: "true", Command: "/bin/true", MinFDs: 1024}
	for b.Loop() {
		c, err := Spawn(s)
		if err != nil {
			b.Fatal(err)
		}
		c.Stdin.Close()
		c.Stdout.Close()
		c.Stderr.Close()
		var ws unix.WaitStatus
		if _, err := unix.Wait4(c.PID, &ws, 0, nil); err != nil {
			b.Fatal(err)
		}
		if !ws.Exited() || ws.ExitStatus() != 0 {
			b.Fatalf("/bin/true: %v", ws)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "spawns/s")
}

// BenchmarkSpawnDirect is the same fork+exec without the helper, for
// comparison: what the helper costs.
func BenchmarkSpawnDirect(b *testing.B) {
	for b.Loop() {
		s := &Spec{Name: "true", Command: "/bin/true", Helper: "/bin/true"}
		c, err := Spawn(s)
		if err != nil {
			b.Fatal(err)
		}
		c.Stdin.Close()
		c.Stdout.Close()
		c.Stderr.Close()
		var ws unix.WaitStatus
		if _, err := unix.Wait4(c.PID, &ws, 0, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "spawns/s")
}

// BenchmarkSpawn200 is the start-up burst: 200 spawns back to back, then
// all reaped, as the loop starts 200 autostart programs. ms/200 is the wall
// time of one burst.
func BenchmarkSpawn200(b *testing.B) {
	s := &Spec{Name: "true", Group: "true", Command: "/bin/true", MinFDs: 1024}
	children := make([]*Child, 200)
	for b.Loop() {
		for i := range children {
			c, err := Spawn(s)
			if err != nil {
				b.Fatal(err)
			}
			children[i] = c
		}
		for _, c := range children {
			c.Stdin.Close()
			c.Stdout.Close()
			c.Stderr.Close()
			var ws unix.WaitStatus
			if _, err := unix.Wait4(c.PID, &ws, 0, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/200")
}
