package conformance

import (
	"fmt"
	"testing"
	"time"
)

// chattyChildren is the number of children of BenchmarkChatty.
const chattyChildren = 50

// chattyChild prints a 60-character line every 10 ms, flushed at once.
const chattyChild = `import sys, time
line = ('x' * 59 + '\n').encode()
out = sys.stdout.buffer
while True:
    out.write(line)
    out.flush()
    time.sleep(0.01)
`

// BenchmarkChatty measures the daemon's CPU while 50 children each print a
// line every 10 ms to their stdout logs (issue #3): after 2 s of warm-up,
// its utime+stime over a 5 s window, as a percentage of one core.
func BenchmarkChatty(b *testing.B) {
	const window = 5 * time.Second
	sides := needBenchSides(b)
	var pct [2]float64
	for i := 0; i < b.N; i++ {
		for j, side := range sides {
			dir := benchDir(b, side, fmt.Sprintf(`[program:chatty]
command=python3 %%(here)s/chatty.py
process_name=%%(program_name)s_%%(process_num)02d
numprocs=%d
startsecs=0
stdout_logfile=%%(here)s/childlogs/%%(program_name)s_%%(process_num)02d.log
`, chattyChildren), map[string]string{"chatty.py": chattyChild})
			d := startDaemon(b, side, dir)
			d.waitAllRunning(fmt.Sprintf("chatty:chatty_%02d", chattyChildren-1), chattyChildren, 60*time.Second)
			d.rpc.close()
			time.Sleep(2 * time.Second) // warm-up: every child printing
			st0, err := readProcStat(d.pid)
			if err != nil {
				b.Fatal(err)
			}
			t0 := time.Now()
			time.Sleep(window)
			st1, err := readProcStat(d.pid)
			if err != nil {
				b.Fatal(err)
			}
			elapsed := time.Since(t0)
			d.alive()
			pct[j] += 100 * (st1.cpu - st0.cpu) / elapsed.Seconds()
			d.stop()
		}
	}
	n := float64(b.N)
	reportPair(b, fmt.Sprintf("daemon CPU, %d children printing a line every 10 ms", chattyChildren), "%core",
		pct[0]/n, pct[1]/n, atMost(5, "≤ 5% of a core"))
}
