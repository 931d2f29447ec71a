package rpc

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

type benchInfo struct {
	Name          string `xmlrpc:"name"`
	Group         string `xmlrpc:"group"`
	Start         int    `xmlrpc:"start"`
	Stop          int    `xmlrpc:"stop"`
	Now           int    `xmlrpc:"now"`
	State         int    `xmlrpc:"state"`
	Statename     string `xmlrpc:"statename"`
	Spawnerr      string `xmlrpc:"spawnerr"`
	Exitstatus    int    `xmlrpc:"exitstatus"`
	Logfile       string `xmlrpc:"logfile"`
	StdoutLogfile string `xmlrpc:"stdout_logfile"`
	StderrLogfile string `xmlrpc:"stderr_logfile"`
	PID           int    `xmlrpc:"pid"`
	Description   string `xmlrpc:"description"`
}

// benchCall sends body over a keep-alive HTTP/1.1 connection and reads the
// response, as supervisorctl's transport does.
func benchCall(b *testing.B, c net.Conn, br *bufio.Reader, req []byte) int {
	if _, err := c.Write(req); err != nil {
		b.Fatal(err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		b.Fatal(err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("status %d, %v", resp.StatusCode, err)
	}
	return int(n)
}

func BenchmarkXMLRPC(b *testing.B) {
	ts := startServer(b, nil)
	infos := make([]benchInfo, 190) // ~227 KB, the size of a large getAllProcessInfo
	for i := range infos {
		infos[i] = benchInfo{Name: fmt.Sprintf("prog%03d", i), Group: "group", State: 20, Statename: "RUNNING",
			Logfile: "/var/log/supervisor/prog-stdout---supervisor-abcdefgh.log", PID: 1000 + i,
			StdoutLogfile: "/var/log/supervisor/prog-stdout---supervisor-abcdefgh.log", Description: "pid 1234, uptime 1:02:03"}
	}
	ts.s.Dispatcher.Register("bench", map[string]Method{
		"all": {Func: func(context.Context, []any) (any, error) { return infos, nil }},
	})
	for _, bc := range []struct{ name, method string }{{"tiny", "supervisor.getState"}, {"big", "bench.all"}} {
		body, _ := xmlrpc.AppendCall(nil, bc.method)
		req := []byte("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + string(body))
		for _, clients := range []int{1, 8} {
			b.Run(fmt.Sprintf("%s/clients=%d", bc.name, clients), func(b *testing.B) {
				var wg sync.WaitGroup
				per := b.N/clients + 1
				size := 0
				var mu sync.Mutex
				b.ResetTimer()
				for i := 0; i < clients; i++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						c, err := net.Dial("unix", ts.sock)
						if err != nil {
							b.Error(err)
							return
						}
						defer c.Close()
						br := bufio.NewReader(c)
						for j := 0; j < per; j++ {
							n := benchCall(b, c, br, req)
							mu.Lock()
							size = n
							mu.Unlock()
						}
					}()
				}
				wg.Wait()
				b.ReportMetric(float64(per*clients)/b.Elapsed().Seconds(), "req/s")
				b.ReportMetric(float64(size), "resp-bytes")
			})
		}
	}
}
