package configparser_test

import (
	"errors"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/configparser"
	"github.com/rogpeppe/go-internal/txtar"
	"path/filepath"
	"strings"
)

// seeds are realistic supervisord.conf snippets for the fuzz targets.
var seeds = []string{
	"[supervisord]\nlogfile=/tmp/supervisord.log ; main log\nloglevel=info\nnodaemon=true\n",
	"[unix_http_server]\nfile=/tmp/supervisor.sock   ; the socket\nchmod=0700\n\n[supervisorctl]\nserverurl=unix:///tmp/supervisor.sock\n",
	"[inet_http_server]\nport=127.0.0.1:9001\nusername=user\npassword={SHA}82ab876d1387bfafe46cc1c8a2ef074eae50cb1d\n",
	"[program:web]\ncommand=/usr/bin/python3 -m http.server\n  --bind 127.0.0.1\n  8000\nautostart=true\nautorestart=unexpected\nexitcodes=0,2\n",
	"[program:cat]\ncommand=/bin/cat\nprocess_name=%(program_name)s_%(process_num)02d\nnumprocs=3\nenvironment=A=\"1\",B=\"2;3\"\n",
	"[eventlistener:memmon]\ncommand=memmon -a 200MB\nevents=TICK_60\nbuffer_size=10\n",
	"[group:g]\nprograms=a,b\npriority=999\n",
	"[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n",
	"[include]\nfiles = /etc/supervisor/conf.d/*.conf %(here)s/extra/*.ini\n",
	"[DEFAULT]\nautostart=false\n[program:x]\ncommand=/bin/sleep 10\n",
	"; comment\n# comment\n\n[supervisord]\r\nidentifier=ident#x\r\n\r\n[program:y]\r\ncommand=sh -c \"a ; b\"\r\n",
	"[fcgi-program:f]\nsocket=unix:///tmp/%(program_name)s.sock\ncommand=/usr/bin/php-cgi\n\tstdout_logfile=NONE\nbad line\n",
}

// FuzzRead checks that any input gives values or an error of a documented
// type, never a panic, and that the accessors agree with one another.
func FuzzRead(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	// Every file of the conformance configurations is a seed too.
	archives, _ := filepath.Glob("../../conformance/testdata/configs/*.txtar")
	for _, name := range archives {
		a, err := txtar.ParseFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range a.Files {
			if strings.HasSuffix(file.Name, ".conf") {
				f.Add(file.Data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := configparser.New()
		err := p.Read("f.conf", data)
		var (
			pe *configparser.ParsingError
			me *configparser.MissingSectionHeaderError
			de *configparser.DecodeError
		)
		if err != nil && !errors.As(err, &pe) && !errors.As(err, &me) && !errors.As(err, &de) {
			t.Fatalf("Read(%q): error of type %T: %v", data, err, err)
		}
		if err != nil && err.Error() == "" {
			t.Fatalf("Read(%q): empty error text", data)
		}
		for _, s := range p.Sections() {
			if !p.HasSection(s) || s == configparser.DefaultSection {
				t.Fatalf("Read(%q): section %q listed but HasSection is false", data, s)
			}
			items, opts := p.Items(s), p.Options(s)
			if len(items) != len(opts) {
				t.Fatalf("Read(%q): [%s] has %d items, %d options", data, s, len(items), len(opts))
			}
			for _, kv := range items {
				if v, ok := p.Get(s, kv.Key); !ok || v != kv.Value || !p.HasOption(s, kv.Key) {
					t.Fatalf("Read(%q): [%s] %s: Get = %q, %v; item %q", data, s, kv.Key, v, ok, kv.Value)
				}
			}
		}
	})
}
