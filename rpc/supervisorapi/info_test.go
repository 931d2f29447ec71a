package supervisorapi

import (
	"bytes"
	"testing"

	"github.com/gosupervisord/gosupervisord/core/supervisor"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

// infoStruct is the plain form of infoValue: it renders the process info struct in the reference's member
// order (RPC-INFO-001).
func infoStruct(i supervisor.ProcessInfo) xmlrpc.Struct {
	return xmlrpc.Struct{
		{Name: "name", Value: i.Name},
		{Name: "group", Value: i.Group},
		{Name: "start", Value: i.Start},
		{Name: "stop", Value: i.Stop},
		{Name: "now", Value: i.Now},
		{Name: "state", Value: int(i.State)},
		{Name: "statename", Value: i.State.String()},
		{Name: "spawnerr", Value: i.SpawnErr},
		{Name: "exitstatus", Value: i.ExitStatus},
		{Name: "logfile", Value: i.StdoutLogfile},
		{Name: "stdout_logfile", Value: i.StdoutLogfile},
		{Name: "stderr_logfile", Value: i.StderrLogfile},
		{Name: "pid", Value: i.PID},
		{Name: "description", Value: i.Description},
	}
}

// TestInfoEncoding: infoValue and infoList write exactly the bytes of the
// same info built as Structs, escaping and every state included, and an
// invalid string fails both ways (RPC-INFO-001, RPC-XML-005).
func TestInfoEncoding(t *testing.T) {
	infos := []supervisor.ProcessInfo{
		{Name: "web", Group: "web", Start: 1764093600, Now: 1764093700, State: supervisor.ProcessRunning,
			StdoutLogfile: "/var/log/web.log", StderrLogfile: "/var/log/web-err.log", PID: 4242, Description: "pid 4242, uptime 0:01:40"},
		{Name: "a<b>&c", Group: "g:é", Stop: 1764093650, Now: 1764093700, State: supervisor.ProcessFatal,
			SpawnErr: "can't find command 'x<y'", ExitStatus: -1, Description: "can't find command 'x<y'"},
		{Name: "idle", Group: "idle", State: supervisor.ProcessStopped, Description: "Not started"},
	}
	plain := []any{}
	for _, i := range infos {
		plain = append(plain, infoStruct(i))
	}
	want, err := xmlrpc.AppendResponse(nil, plain)
	if err != nil {
		t.Fatal(err)
	}
	got, err := xmlrpc.AppendResponse(nil, infoList(infos))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("infoList encodes as\n%s\nwant\n%s", got, want)
	}
	want, _ = xmlrpc.AppendResponse(nil, infoStruct(infos[1]))
	if got, _ = xmlrpc.AppendResponse(nil, infoValue(infos[1])); !bytes.Equal(got, want) {
		t.Errorf("infoValue encodes as\n%s\nwant\n%s", got, want)
	}
	if v, err := xmlrpc.Plain(infoList(infos)); err != nil || len(v.([]any)) != len(infos) {
		t.Errorf("Plain(infoList) = %v, %v; want %d structs", v, err, len(infos))
	}
	bad := infos[0]
	bad.Description = "\xff"
	if _, err := xmlrpc.AppendResponse(nil, infoList{bad}); err == nil {
		t.Error("infoList with invalid UTF-8 encoded without error")
	}
	if _, err := xmlrpc.AppendResponse(nil, []any{infoStruct(bad)}); err == nil {
		t.Error("the Struct form with invalid UTF-8 encoded without error")
	}
}
