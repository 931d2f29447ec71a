#!/usr/bin/env python3
"""Print the Go table rows of TestRead as CPython 3.11 reads each case.

    python3 testdata/capture.py > /tmp/rows   # then paste into read_test.go

Each case is a list of files read in turn (named a.conf, b.conf, ...); the
dump format is oracle.py's.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle import dump  # noqa: E402

CASES = [
    # CFG-INI-001 section headers
    ('header', ['[supervisord]\nlogfile=x\n']),
    ('header leading space', ['  [a]\nk=v\n\t[b]\nk=w\n']),
    ('header case-sensitive', ['[Program:a]\nk=1\n[program:a]\nk=2\n']),
    ('header last bracket', ['[a]b]c\nk=v\n']),
    ('header inner space kept', ['[ a ]\nk=v\n']),
    ('header empty is error', ['[a]\n[]\n[]]\nk=v\n']),
    ('header unclosed is option', ['[a]\n[b=c\n[d\n']),
    ('header inline comment', ['[a]  ; note\nk=v\n[b]#x\nk=w\n[c;d]\nk=u\n']),
    ('header comment cuts', ['[a]\n[b ;c]\nk=v\n']),
    ('header unicode', ['[prögram:ä]\nk=v\n']),
    # CFG-INI-002 options
    ('delimiters', ['[a]\nk1=v\nk2:v\nk3 = v \nk4 : v\nk5\t=\tv\n']),
    ('first delimiter wins', ['[a]\nk=b:c\nm:b=c\nn = = x\n']),
    ('keys lower-cased', ['[a]\nCOMMAND=x\nMiXeD = y\n']),
    ('empty value', ['[a]\nk=\nm =   \nn:\n']),
    ('empty name', ['[a]\n=x\n  : y\nk=v\n']),
    ('empty name no continuation', ['[a]\n=x\n  more\n']),
    ('unicode keys', ['[a]\nÄBC=1\nİ=2\nΟΔΟΣ=3\nΣ=4\nAΣ.=5\nΣA=6\nAΣ\u0301B=7\n']),
    ('inner spaces kept', ['[a]\nmy key = a  b\n']),
    ('value keeps quotes', ['[a]\nk="quoted"\nm=\'single\'\nn="""x"""\no=`x`\n']),
    ('value with brackets', ['[a]\nk=[x]\n']),
    ('key with brackets', ['[a]\n[x] = 1\n']),
    ('dotted section', ['[a]\nk=1\n[a.b]\nm=2\n']),
    # CFG-INI-003 full-line comments
    ('full-line comments', ['# top\n; top\n[a]\n# c\n  ; c\nk=v\n\t# c\n']),
    ('comment line in value', ['[a]\nk=v\n# c\n  w\n']),
    ('indented comment in value', ['[a]\nk=v\n  # c\n  w\n']),
    # CFG-INI-004 inline comments
    ('inline comment', ['[a]\nk=v ;c\nm=v #c\nn=v\t#c\no=v;c\np=v#c\n']),
    ('quotes do not protect', ['[a]\ncommand=/bin/sh -c "a ; b"\n']),
    ('comment rounds', ['[a]\nk=a;b ;c #d\nm=a#b #c ;d\nn=x;y;z ;w\n']),
    ('comment after unicode space', ['[a]\nk=v\u3000#c\nm=v\u00a0;c\nn=v\x1c#c\no=v\u200b#c\np=v\x85;c\n']),
    ('comment only value', ['[a]\nk= ;c\nm=#c\n']),
    ('identifier hash', ['[supervisord]\nidentifier=ident#x\n']),
    # CFG-INI-005 continuation lines
    ('continuation', ['[a]\nk=one\n  two\n\tthree\nm=x\n']),
    ('continuation blank lines', ['[a]\nk=one\n\n  two\n\n\n[b]\nm=x\n']),
    ('continuation trailing blank', ['[a]\nk=one\n  two\n   \n\n']),
    ('continuation comment kept out', ['[a]\nk=one\n  two ; c\n  ; c\n  three\n']),
    ('continuation comment-only inline', ['[a]\nk=one\n   #c\n\n  two\n']),
    ('same indent is new option', ['[a]\n  k=1\n  m=2\n']),
    ('shallower indent', ['[a]\n    k=1\n  m=2\n      n=3\n']),
    ('indented header continues', ['[a]\nk=1\n  [b]\n']),
    ('after header no continuation', ['[a]\n  k=1\n']),
    ('continuation after error', ['[a]\nk=v\nbad\n  more\n']),
    ('continuation of empty value', ['[a]\nk=\n  x\n']),
    ('blank then key', ['[a]\nk=\n\n\nm=1\n']),
    ('unicode indent', ['[a]\n\u3000k=1\n  more\n']),
    ('indent counts characters', ['[a]\n \u3000k=1\n\u3000\u3000x\n']),
    ('blank value lines only', ['[a]\nk=\n\n  \n']),
    ('continuation with delimiter', ['[a]\nk=1\n  m=2\n']),
    ('continuation in DEFAULT', ['[DEFAULT]\nk=1\n  2\n[a]\n']),
    # CFG-INI-006 parsing errors
    ('errors collected', ['[a]\nk=v\nthis is bad\nm=w\n\n\nbad2\n']),
    ('error repr', ['[a]\nbad ; comment\n  x\nit\'s\n"q\'\ntab\there\n']),
    ('error last line no newline', ['[a]\nbad']),
    ('error line numbers', ['[a]\n' + 'k=v\n' * 8 + 'bad\n' + 'k=v\n' * 90 + 'bad\n']),
    ('error unicode', ['[a]\nnö\u3000\n']),
    ('error crlf', ['[a]\r\nbad\r\n']),
    # CFG-INI-007 missing section header
    ('no header', ['k=v\n[a]\n']),
    ('no header after comments', ['# c\n\n; c\n  \njunk ; x\n']),
    ('no header before errors', ['[a]\n', 'bad\n[b]\n']),
    ('no header bom', ['\ufeff[supervisord]\n']),
    ('no header indented', ['   k=v\n']),
    ('no header no newline', ['x']),
    # CFG-INI-008 duplicates
    ('duplicate sections', ['[a]\nk=1\nm=2\n[b]\nx=1\n[a]\nk=3\nn=4\n']),
    ('duplicate keys', ['[a]\nk=1\nK=2\nk : 3\n']),
    ('files merge', ['[a]\nk=1\nm=1\n', '[b]\nx=1\n[a]\nm=2\nn=2\n']),
    ('files merge continuation', ['[a]\nk=1\n  2\n', '[a]\nk=3\n  4\n\n']),
    ('error stops files', ['[a]\nk=1\nbad\n', '[b]\n']),
    ('errors keep values', ['[a]\nk=1\n  2\n\nbad\n']),
    # CFG-INI-009 DEFAULT
    ('DEFAULT', ['[DEFAULT]\nd=1\ne=2\n[a]\nk=v\ne=3\n[b]\n']),
    ('DEFAULT later', ['[a]\nk=v\n[DEFAULT]\nd=1\nk=0\n']),
    ('DEFAULT twice', ['[DEFAULT]\nd=1\n[a]\n[DEFAULT]\nd=2\ne=3\n']),
    ('default lower-case', ['[default]\nd=1\n[a]\nk=v\n']),
    ('DEFAULT only', ['[DEFAULT]\nd=1\n']),
    ('DEFAULT across files', ['[DEFAULT]\nd=1\n', '[a]\nk=1\n', '[DEFAULT]\nd=2\n']),
    # CFG-INI-013 text mode
    ('crlf', ['[a]\r\nk=v\r\n  w\r\n\r\n']),
    ('lone cr', ['[a]\rk=v\r  w\r\rm=1']),
    ('mixed newlines', ['[a]\r\n\rk=1\n\r\n  x\r']),
    ('no final newline', ['[a]\nk=v']),
    ('empty file', ['']),
    ('only blank', ['\n\n   \n']),
    ('other line breaks are not', ['[a]\nk=1\x0b2\x0c3\x1c4\x1d5\x1e6\x85' + '7\u20288\u20299\n']),
    ('whitespace chars strip', ['[a]\nk=\x0b\x0cv\x1c\x1f\x85\u2028\u3000\n']),
    ('nul byte', ['[a]\nk=a\x00b\n\x00=1\n']),
    ('invalid utf-8', [b'[a]\nk=\xff\n']),
    ('invalid utf-8 second file', ['[a]\nk=1\n', b'[b]\n\xc3\n']),
    ('surrogate bytes', [b'[a]\nk=\xed\xa0\x80\n']),
    # A realistic file.
    ('supervisord.conf', ['''; supervisor config file

[unix_http_server]
file=/var/run/supervisor.sock   ; (the path to the socket file)
chmod=0700                       ; sockef file mode (default 0700)

[supervisord]
logfile=/var/log/supervisor/supervisord.log ; (main log file;default $CWD/supervisord.log)
pidfile=/var/run/supervisord.pid ; (supervisord pidfile;default supervisord.pid)
childlogdir=/var/log/supervisor            ; ('AUTO' child log dir, default $TEMP)

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix:///var/run/supervisor.sock ; use a unix:// URL  for a unix socket

[program:web]
command = /usr/bin/env python3 -m http.server
  --bind 127.0.0.1
  8000
environment = A="1",
    B="x;y" ; comment
autostart=true

[include]
files = /etc/supervisor/conf.d/*.conf
''']),
]


def golit(v):
    """A Go interpreted string literal for v (str, or bytes kept as they are)."""
    data = v if isinstance(v, bytes) else v.encode('utf-8')
    try:
        s = data.decode('utf-8')
    except UnicodeDecodeError:
        s = None
    out = []
    if s is None:
        for b in data:
            c = chr(b)
            out.append(c if 0x20 <= b < 0x7f and c not in '"\\' else '\\x%02x' % b)
        return '"' + ''.join(out) + '"'
    for c in s:
        if c in '"\\':
            out.append('\\' + c)
        elif c == '\n':
            out.append('\\n')
        elif c == '\t':
            out.append('\\t')
        elif c == '\r':
            out.append('\\r')
        elif ord(c) < 0x80:
            out.append(c if c.isprintable() else '\\x%02x' % ord(c))
        elif c.isprintable() and not c.isspace():
            out.append(c)
        else:
            out.append('\\u%04x' % ord(c))
    return '"' + ''.join(out) + '"'


def want(s):
    if '`' not in s and all(c == '\n' or (c.isprintable() and c != '\t') for c in s):
        return '`' + s + '`'
    return golit(s)


for name, files in CASES:
    data = [f if isinstance(f, bytes) else f.encode('utf-8') for f in files]
    names = ['%s.conf' % chr(ord('a') + i) for i in range(len(files))]
    got = dump(list(zip(names, data)))
    print('\t\t{name: %s, in: []string{%s}, want: %s},' % (
        golit(name), ', '.join(golit(f) for f in files), want(got)))
