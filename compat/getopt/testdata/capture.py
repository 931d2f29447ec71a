#!/usr/bin/env python3
"""Print the Go table rows of TestParse as CPython's getopt.getopt computes them.

    python3 testdata/capture.py

Cases use supervisord's own option spec (supervisor/options.py, ServerOptions)
unless a case names another one.
"""
import getopt

SHORT = 'h?c:vnu:m:d:l:y:z:e:j:i:q:a:kts'
LONG = ['help', 'configuration=', 'version', 'nodaemon', 'user=', 'umask=',
        'directory=', 'logfile=', 'logfile_maxbytes=', 'logfile_backups=',
        'loglevel=', 'pidfile=', 'identifier=', 'childlogdir=', 'minfds=',
        'minprocs=', 'nocleanup', 'strip_ansi', 'profile_options=', 'silent']

CASES = [
    ([],),
    (['-n'],),
    (['-nc', 'file'],),
    (['-cfile'],),
    (['-c', 'file', '-n'],),
    (['-c', '-n'],),
    (['-ncfile', 'x'],),
    (['-n', '-n'],),
    (['-?'],),
    (['-x'],),
    (['-nx'],),
    (['-c'],),
    (['-n', '-c'],),
    (['-c', ''],),
    (['-:'],),
    (['--configuration=f'],),
    (['--configuration', 'f'],),
    (['--configuration=', 'f'],),
    (['--configuration'],),
    (['--conf=x=y'],),
    (['--nodaem'],),
    (['--nodaemon=1'],),
    (['--nodaem=1'],),
    (['--user'],),
    (['--us'],),
    (['--foo'],),
    (['--c'],),
    (['--logfile', 'a'],),
    (['--logfile_', 'a'],),
    (['--logf=a'],),
    (['--minp', '2'],),
    (['--min', '2'],),
    (['--s'],),
    (['--'],),
    (['--', '-n'],),
    (['-n', '--', '--', '-c'],),
    (['-'],),
    (['-n', '-', '-c'],),
    (['foo', '-n'],),
    (['-n', 'foo', '-c', 'x'],),
    (['--=x'],),
    (['---n'],),
    (['-c', '-'],),
    (['--profile_options'],),
    (['-cé'],),
    (['-é'],),
    (['--é'],),
    # Exact match wins over a longer name it prefixes; "name" and "name=" both
    # listed: the one without '=' wins.
    (['--log'], '', ['log', 'logfile=']),
    (['--lo'], '', ['log', 'logfile=']),
    (['--log', 'x'], '', ['log=', 'logfile=']),
    (['--log'], '', ['log', 'log=']),
    (['--log=1'], '', ['log=', 'log']),
    (['-a:'], 'a:', []),
    (['-b'], ':b', []),
    (['-ab', 'c'], 'ab:', []),
    (['-ba', 'c'], 'ab:', []),
    (['--x'], '', []),
    (['--=x'], '', ['only=']),
    (['--='], '', ['only']),
    # Arguments that are not valid UTF-8 reach Python surrogate-escaped, one
    # character per bad byte (os.fsdecode).
    ([b'--\xc3'], '', [b'\xc3\xa9x']),
    ([b'--\xc3\xa9'], '', [b'\xc3\xa9x']),
    ([b'-\xc3\xa9\xff'], b'\xc3\xa9\xff:', []),
    ([b'-\xff\xfe'], b'\xfe', []),
]


def run(args, short=SHORT, long=LONG):
    args = [fsdecode(a) for a in args]
    short = fsdecode(short)
    long = [fsdecode(a) for a in long]
    try:
        opts, rest = getopt.getopt(args, short, long)
    except getopt.GetoptError as e:
        return None, None, str(e)
    return opts, rest, ''


def fsdecode(v):
    return v.decode('utf-8', 'surrogateescape') if isinstance(v, bytes) else v


def go(v):
    """Go string literal for v, bytes as os.fsencode gives them."""
    out = []
    for b in fsdecode(v).encode('utf-8', 'surrogateescape'):
        c = chr(b)
        if c in '"\\' or not 0x20 <= b < 0x7f:
            out.append('\\x%02x' % b)
        else:
            out.append(c)
    return '"' + ''.join(out) + '"'


for case in CASES:
    args = case[0]
    spec = '' if len(case) == 1 else ', custom: true, short: %s, long: %s' % (
        go(case[1]), '[]string{%s}' % ', '.join(go(x) for x in case[2]))
    opts, rest, err = run(*case)
    row = '{args: []string{%s}%s' % (', '.join(go(a) for a in args), spec)
    if err:
        row += ', wantErr: %s' % go(err)
    else:
        row += ', want: []getopt.Option{%s}, rest: []string{%s}' % (
            ', '.join('{%s, %s}' % (go(n), go(v)) for n, v in opts),
            ', '.join(go(a) for a in rest))
    print('\t\t' + row + '},')
