package configparser_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/configparser"
	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
)

// readCase is files read in turn, named a.conf, b.conf, ..., and the dump
// CPython 3.11 gives for them (format: testdata/oracle.py).
type readCase struct {
	name string
	in   []string
	want string
}

// readCases are printed by python3 testdata/capture.py; TestReadMatchesPython
// checks them against a live CPython when there is one.
var readCases = []readCase{
	{name: "header", in: []string{"[supervisord]\nlogfile=x\n"}, want: `[supervisord]
logfile='x'`},
	{name: "header leading space", in: []string{"  [a]\nk=v\n\t[b]\nk=w\n"}, want: `[a]
k='w'`},
	{name: "header case-sensitive", in: []string{"[Program:a]\nk=1\n[program:a]\nk=2\n"}, want: `[Program:a]
k='1'
[program:a]
k='2'`},
	{name: "header last bracket", in: []string{"[a]b]c\nk=v\n"}, want: `[a]b]
k='v'`},
	{name: "header inner space kept", in: []string{"[ a ]\nk=v\n"}, want: `[ a ]
k='v'`},
	{name: "header empty is error", in: []string{"[a]\n[]\n[]]\nk=v\n"}, want: "[a]\n[]]\nk='v'\nerror: Source contains parsing errors: 'a.conf'\n\t[line  2]: '[]\\n'"},
	{name: "header unclosed is option", in: []string{"[a]\n[b=c\n[d\n"}, want: "[a]\n[b='c'\nerror: Source contains parsing errors: 'a.conf'\n\t[line  3]: '[d\\n'"},
	{name: "header inline comment", in: []string{"[a]  ; note\nk=v\n[b]#x\nk=w\n[c;d]\nk=u\n"}, want: `[a]
k='v'
[b]
k='w'
[c;d]
k='u'`},
	{name: "header comment cuts", in: []string{"[a]\n[b ;c]\nk=v\n"}, want: "[a]\nk='v'\nerror: Source contains parsing errors: 'a.conf'\n\t[line  2]: '[b ;c]\\n'"},
	{name: "header unicode", in: []string{"[prögram:ä]\nk=v\n"}, want: `[prögram:ä]
k='v'`},
	{name: "delimiters", in: []string{"[a]\nk1=v\nk2:v\nk3 = v \nk4 : v\nk5\t=\tv\n"}, want: `[a]
k1='v'
k2='v'
k3='v'
k4='v'
k5='v'`},
	{name: "first delimiter wins", in: []string{"[a]\nk=b:c\nm:b=c\nn = = x\n"}, want: `[a]
k='b:c'
m='b=c'
n='= x'`},
	{name: "keys lower-cased", in: []string{"[a]\nCOMMAND=x\nMiXeD = y\n"}, want: `[a]
command='x'
mixed='y'`},
	{name: "empty value", in: []string{"[a]\nk=\nm =   \nn:\n"}, want: `[a]
k=''
m=''
n=''`},
	{name: "empty name", in: []string{"[a]\n=x\n  : y\nk=v\n"}, want: "[a]\n='y'\nk='v'\nerror: Source contains parsing errors: 'a.conf'\n\t[line  2]: '=x\\n'\n\t[line  3]: '  : y\\n'"},
	{name: "empty name no continuation", in: []string{"[a]\n=x\n  more\n"}, want: "[a]\n='x'\nerror: Source contains parsing errors: 'a.conf'\n\t[line  2]: '=x\\n'\n\t[line  3]: '  more\\n'"},
	{name: "unicode keys", in: []string{"[a]\nÄBC=1\nİ=2\nΟΔΟΣ=3\nΣ=4\nAΣ.=5\nΣA=6\nAΣ́B=7\n"}, want: `[a]
äbc='1'
i̇='2'
οδος='3'
σ='4'
aς.='5'
σa='6'
aσ́b='7'`},
	{name: "inner spaces kept", in: []string{"[a]\nmy key = a  b\n"}, want: `[a]
my key='a  b'`},
	{name: "value keeps quotes", in: []string{"[a]\nk=\"quoted\"\nm='single'\nn=\"\"\"x\"\"\"\no=`x`\n"}, want: "[a]\nk='\"quoted\"'\nm=\"'single'\"\nn='\"\"\"x\"\"\"'\no='`x`'"},
	{name: "value with brackets", in: []string{"[a]\nk=[x]\n"}, want: `[a]
k='[x]'`},
	{name: "key with brackets", in: []string{"[a]\n[x] = 1\n"}, want: `[a]
[x]`},
	{name: "dotted section", in: []string{"[a]\nk=1\n[a.b]\nm=2\n"}, want: `[a]
k='1'
[a.b]
m='2'`},
	{name: "full-line comments", in: []string{"# top\n; top\n[a]\n# c\n  ; c\nk=v\n\t# c\n"}, want: `[a]
k='v'`},
	{name: "comment line in value", in: []string{"[a]\nk=v\n# c\n  w\n"}, want: `[a]
k='v\nw'`},
	{name: "indented comment in value", in: []string{"[a]\nk=v\n  # c\n  w\n"}, want: `[a]
k='v\nw'`},
	{name: "inline comment", in: []string{"[a]\nk=v ;c\nm=v #c\nn=v\t#c\no=v;c\np=v#c\n"}, want: `[a]
k='v'
m='v'
n='v'
o='v;c'
p='v#c'`},
	{name: "quotes do not protect", in: []string{"[a]\ncommand=/bin/sh -c \"a ; b\"\n"}, want: `[a]
command='/bin/sh -c "a'`},
	{name: "comment rounds", in: []string{"[a]\nk=a;b ;c #d\nm=a#b #c ;d\nn=x;y;z ;w\n"}, want: `[a]
k='a;b ;c'
m='a#b #c'
n='x;y;z'`},
	{name: "comment after unicode space", in: []string{"[a]\nk=v\u3000#c\nm=v\u00a0;c\nn=v\x1c#c\no=v\u200b#c\np=v\u0085;c\n"}, want: `[a]
k='v'
m='v'
n='v'
o='v\u200b#c'
p='v'`},
	{name: "comment only value", in: []string{"[a]\nk= ;c\nm=#c\n"}, want: `[a]
k=''
m='#c'`},
	{name: "identifier hash", in: []string{"[supervisord]\nidentifier=ident#x\n"}, want: `[supervisord]
identifier='ident#x'`},
	{name: "continuation", in: []string{"[a]\nk=one\n  two\n\tthree\nm=x\n"}, want: `[a]
k='one\ntwo\nthree'
m='x'`},
	{name: "continuation blank lines", in: []string{"[a]\nk=one\n\n  two\n\n\n[b]\nm=x\n"}, want: `[a]
k='one\n\ntwo'
[b]
m='x'`},
	{name: "continuation trailing blank", in: []string{"[a]\nk=one\n  two\n   \n\n"}, want: `[a]
k='one\ntwo'`},
	{name: "continuation comment kept out", in: []string{"[a]\nk=one\n  two ; c\n  ; c\n  three\n"}, want: `[a]
k='one\ntwo\nthree'`},
	{name: "continuation comment-only inline", in: []string{"[a]\nk=one\n   #c\n\n  two\n"}, want: `[a]
k='one\n\ntwo'`},
	{name: "same indent is new option", in: []string{"[a]\n  k=1\n  m=2\n"}, want: `[a]
k='1'
m='2'`},
	{name: "shallower indent", in: []string{"[a]\n    k=1\n  m=2\n      n=3\n"}, want: `[a]
k='1'
m='2\nn=3'`},
	{name: "indented header continues", in: []string{"[a]\nk=1\n  [b]\n"}, want: `[a]
k='1\n[b]'`},
	{name: "after header no continuation", in: []string{"[a]\n  k=1\n"}, want: `[a]
k='1'`},
	{name: "continuation after error", in: []string{"[a]\nk=v\nbad\n  more\n"}, want: "[a]\nk='v\\nmore'\nerror: Source contains parsing errors: 'a.conf'\n\t[line  3]: 'bad\\n'"},
	{name: "continuation of empty value", in: []string{"[a]\nk=\n  x\n"}, want: `[a]
k='\nx'`},
	{name: "blank then key", in: []string{"[a]\nk=\n\n\nm=1\n"}, want: `[a]
k=''
m='1'`},
	{name: "unicode indent", in: []string{"[a]\n\u3000k=1\n  more\n"}, want: `[a]
k='1\nmore'`},
	{name: "indent counts characters", in: []string{"[a]\n \u3000k=1\n\u3000\u3000x\n"}, want: "[a]\nk='1'\nerror: Source contains parsing errors: 'a.conf'\n\t[line  3]: '\\u3000\\u3000x\\n'"},
	{name: "blank value lines only", in: []string{"[a]\nk=\n\n  \n"}, want: `[a]
k=''`},
	{name: "continuation with delimiter", in: []string{"[a]\nk=1\n  m=2\n"}, want: `[a]
k='1\nm=2'`},
	{name: "continuation in DEFAULT", in: []string{"[DEFAULT]\nk=1\n  2\n[a]\n"}, want: `[DEFAULT]
k='1\n2'
[a]
k='1\n2'
options=['k']`},
	{name: "errors collected", in: []string{"[a]\nk=v\nthis is bad\nm=w\n\n\nbad2\n"}, want: "[a]\nk='v'\nm='w'\nerror: Source contains parsing errors: 'a.conf'\n\t[line  3]: 'this is bad\\n'\n\t[line  7]: 'bad2\\n'"},
	{name: "error repr", in: []string{"[a]\nbad ; comment\n  x\nit's\n\"q'\ntab\there\n"}, want: "[a]\nerror: Source contains parsing errors: 'a.conf'\n\t[line  2]: 'bad ; comment\\n'\n\t[line  3]: '  x\\n'\n\t[line  4]: \"it's\\n\"\n\t[line  5]: '\"q\\'\\n'\n\t[line  6]: 'tab\\there\\n'"},
	{name: "error last line no newline", in: []string{"[a]\nbad"}, want: "[a]\nerror: Source contains parsing errors: 'a.conf'\n\t[line  2]: 'bad'"},
	{name: "error line numbers", in: []string{"[a]\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nbad\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nk=v\nbad\n"}, want: "[a]\nk='v'\nerror: Source contains parsing errors: 'a.conf'\n\t[line 10]: 'bad\\n'\n\t[line 101]: 'bad\\n'"},
	{name: "error unicode", in: []string{"[a]\nnö\u3000\n"}, want: "[a]\nerror: Source contains parsing errors: 'a.conf'\n\t[line  2]: 'nö\\u3000\\n'"},
	{name: "error crlf", in: []string{"[a]\r\nbad\r\n"}, want: "[a]\nerror: Source contains parsing errors: 'a.conf'\n\t[line  2]: 'bad\\n'"},
	{name: "no header", in: []string{"k=v\n[a]\n"}, want: `error: File contains no section headers.
file: 'a.conf', line: 1
'k=v\n'`},
	{name: "no header after comments", in: []string{"# c\n\n; c\n  \njunk ; x\n"}, want: `error: File contains no section headers.
file: 'a.conf', line: 5
'junk ; x\n'`},
	{name: "no header before errors", in: []string{"[a]\n", "bad\n[b]\n"}, want: `[a]
error: File contains no section headers.
file: 'b.conf', line: 1
'bad\n'`},
	{name: "no header bom", in: []string{"\ufeff[supervisord]\n"}, want: `error: File contains no section headers.
file: 'a.conf', line: 1
'\ufeff[supervisord]\n'`},
	{name: "no header indented", in: []string{"   k=v\n"}, want: `error: File contains no section headers.
file: 'a.conf', line: 1
'   k=v\n'`},
	{name: "no header no newline", in: []string{"x"}, want: `error: File contains no section headers.
file: 'a.conf', line: 1
'x'`},
	{name: "duplicate sections", in: []string{"[a]\nk=1\nm=2\n[b]\nx=1\n[a]\nk=3\nn=4\n"}, want: `[a]
k='3'
m='2'
n='4'
[b]
x='1'`},
	{name: "duplicate keys", in: []string{"[a]\nk=1\nK=2\nk : 3\n"}, want: `[a]
k='3'`},
	{name: "files merge", in: []string{"[a]\nk=1\nm=1\n", "[b]\nx=1\n[a]\nm=2\nn=2\n"}, want: `[a]
k='1'
m='2'
n='2'
[b]
x='1'`},
	{name: "files merge continuation", in: []string{"[a]\nk=1\n  2\n", "[a]\nk=3\n  4\n\n"}, want: `[a]
k='3\n4'`},
	{name: "error stops files", in: []string{"[a]\nk=1\nbad\n", "[b]\n"}, want: "[a]\nk='1'\nerror: Source contains parsing errors: 'a.conf'\n\t[line  3]: 'bad\\n'"},
	{name: "errors keep values", in: []string{"[a]\nk=1\n  2\n\nbad\n"}, want: "[a]\nk='1\\n2'\nerror: Source contains parsing errors: 'a.conf'\n\t[line  5]: 'bad\\n'"},
	{name: "DEFAULT", in: []string{"[DEFAULT]\nd=1\ne=2\n[a]\nk=v\ne=3\n[b]\n"}, want: `[DEFAULT]
d='1'
e='2'
[a]
d='1'
e='3'
k='v'
options=['k', 'e', 'd']
[b]
d='1'
e='2'
options=['d', 'e']`},
	{name: "DEFAULT later", in: []string{"[a]\nk=v\n[DEFAULT]\nd=1\nk=0\n"}, want: `[DEFAULT]
d='1'
k='0'
[a]
d='1'
k='v'
options=['k', 'd']`},
	{name: "DEFAULT twice", in: []string{"[DEFAULT]\nd=1\n[a]\n[DEFAULT]\nd=2\ne=3\n"}, want: `[DEFAULT]
d='2'
e='3'
[a]
d='2'
e='3'
options=['d', 'e']`},
	{name: "default lower-case", in: []string{"[default]\nd=1\n[a]\nk=v\n"}, want: `[default]
d='1'
[a]
k='v'`},
	{name: "DEFAULT only", in: []string{"[DEFAULT]\nd=1\n"}, want: `[DEFAULT]
d='1'`},
	{name: "DEFAULT across files", in: []string{"[DEFAULT]\nd=1\n", "[a]\nk=1\n", "[DEFAULT]\nd=2\n"}, want: `[DEFAULT]
d='2'
[a]
d='2'
k='1'
options=['k', 'd']`},
	{name: "crlf", in: []string{"[a]\r\nk=v\r\n  w\r\n\r\n"}, want: `[a]
k='v\nw'`},
	{name: "lone cr", in: []string{"[a]\rk=v\r  w\r\rm=1"}, want: `[a]
k='v\nw'
m='1'`},
	{name: "mixed newlines", in: []string{"[a]\r\n\rk=1\n\r\n  x\r"}, want: `[a]
k='1\n\nx'`},
	{name: "no final newline", in: []string{"[a]\nk=v"}, want: `[a]
k='v'`},
	{name: "empty file", in: []string{""}, want: ``},
	{name: "only blank", in: []string{"\n\n   \n"}, want: ``},
	{name: "other line breaks are not", in: []string{"[a]\nk=1\x0b2\x0c3\x1c4\x1d5\x1e6\u00857\u20288\u20299\n"}, want: `[a]
k='1\x0b2\x0c3\x1c4\x1d5\x1e6\x857\u20288\u20299'`},
	{name: "whitespace chars strip", in: []string{"[a]\nk=\x0b\x0cv\x1c\x1f\u0085\u2028\u3000\n"}, want: `[a]
k='v'`},
	{name: "nul byte", in: []string{"[a]\nk=a\x00b\n\x00=1\n"}, want: "[a]\nk='a\\x00b'\n\x00='1'"},
	{name: "invalid utf-8", in: []string{"[a]\x0ak=\xff\x0a"}, want: `error: decode`},
	{name: "invalid utf-8 second file", in: []string{"[a]\nk=1\n", "[b]\x0a\xc3\x0a"}, want: `[a]
k='1'
error: decode`},
	{name: "surrogate bytes", in: []string{"[a]\x0ak=\xed\xa0\x80\x0a"}, want: `error: decode`},
	{name: "supervisord.conf", in: []string{"; supervisor config file\n\n[unix_http_server]\nfile=/var/run/supervisor.sock   ; (the path to the socket file)\nchmod=0700                       ; sockef file mode (default 0700)\n\n[supervisord]\nlogfile=/var/log/supervisor/supervisord.log ; (main log file;default $CWD/supervisord.log)\npidfile=/var/run/supervisord.pid ; (supervisord pidfile;default supervisord.pid)\nchildlogdir=/var/log/supervisor            ; ('AUTO' child log dir, default $TEMP)\n\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n[supervisorctl]\nserverurl=unix:///var/run/supervisor.sock ; use a unix:// URL  for a unix socket\n\n[program:web]\ncommand = /usr/bin/env python3 -m http.server\n  --bind 127.0.0.1\n  8000\nenvironment = A=\"1\",\n    B=\"x;y\" ; comment\nautostart=true\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n"}, want: `[unix_http_server]
file='/var/run/supervisor.sock'
chmod='0700'
[supervisord]
logfile='/var/log/supervisor/supervisord.log'
pidfile='/var/run/supervisord.pid'
childlogdir='/var/log/supervisor'
[rpcinterface:supervisor]
supervisor.rpcinterface_factory='supervisor.rpcinterface:make_main_rpcinterface'
[supervisorctl]
serverurl='unix:///var/run/supervisor.sock'
[program:web]
command='/usr/bin/env python3 -m http.server\n--bind 127.0.0.1\n8000'
environment='A="1",\nB="x;y"'
autostart='true'
[include]
files='/etc/supervisor/conf.d/*.conf'`},
}

// spec: CFG-INI-001 .. CFG-INI-009, CFG-INI-013
func TestRead(t *testing.T) {
	for _, tt := range readCases {
		if got := readDump(tt.in); got != tt.want {
			t.Errorf("%s: read %q\ngot:\n%s\nwant:\n%s", tt.name, tt.in, got, tt.want)
		}
	}
}

// readDump reads files in turn, stopping at the first error, and dumps the
// parser as testdata/oracle.py dumps CPython's.
func readDump(files []string) string {
	p := configparser.New()
	var err error
	for i, data := range files {
		if err = p.Read(fmt.Sprintf("%c.conf", 'a'+i), []byte(data)); err != nil {
			break
		}
	}
	return dump(p, err)
}

func dump(p *configparser.Parser, err error) string {
	var out []string
	defaults := p.Items(configparser.DefaultSection)
	if len(defaults) > 0 {
		out = append(out, "[DEFAULT]")
		out = appendItems(out, defaults)
	}
	for _, s := range p.Sections() {
		out = append(out, "["+s+"]")
		out = appendItems(out, p.Items(s))
		if len(defaults) > 0 {
			out = append(out, "options="+reprList(p.Options(s)))
		}
	}
	var de *configparser.DecodeError
	switch {
	case errors.As(err, &de):
		out = append(out, "error: decode")
	case err != nil:
		out = append(out, "error: "+err.Error())
	}
	return strings.Join(out, "\n")
}

func appendItems(out []string, items []configparser.KV) []string {
	for _, kv := range items {
		out = append(out, kv.Key+"="+pyfmt.Repr(kv.Value))
	}
	return out
}

func reprList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = pyfmt.Repr(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
