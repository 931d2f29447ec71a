#!/usr/bin/env python3
"""CPython's reading of supervisord.conf files, dumped as the Go tests dump ours.

    python3 testdata/oracle.py a.conf [b.conf ...]   # dump reading the files in turn
    python3 testdata/oracle.py --serve               # differential fuzzing server

The server reads one JSON object per line, {"files": [{"name": str, "data":
base64}]}, and answers one line, {"dump": str}. The parser is built as
supervisor 4.2.5 builds it (supervisor/options.py, UnhosedConfigParser), and
each file is read as RawConfigParser.read reads it: UTF-8 text, universal
newlines. A file that is not valid UTF-8 dumps as "error: decode" before it is
parsed: Python would die with a traceback (see DecodeError).

Dump format: "[DEFAULT]" when it has options, then each section in order,
each followed by its items() as key=repr(value) lines, and by
"options=<repr(options())>" when DEFAULT has options; then "error: <str(e)>"
if reading stopped on an error.
"""
import base64
import configparser
import io
import json
import sys


def new_parser():
    return configparser.RawConfigParser(inline_comment_prefixes=(';', '#'),
                                        strict=False)


def dump(files):
    """files: [(name, bytes)]; read in turn, stopping at the first error."""
    p = new_parser()
    err = None
    for name, data in files:
        try:
            data.decode('utf-8')
        except UnicodeDecodeError:
            err = 'decode'
            break
        try:
            p.read_file(io.TextIOWrapper(io.BytesIO(data), encoding='utf-8'),
                        source=name)
        except configparser.Error as e:
            err = str(e)
            break
    out = []
    if p.defaults():
        out.append('[DEFAULT]')
        out += ['%s=%r' % kv for kv in p.items('DEFAULT')]
    for s in p.sections():
        out.append('[%s]' % s)
        out += ['%s=%r' % kv for kv in p.items(s)]
        if p.defaults():
            out.append('options=%r' % (p.options(s),))
    if err is not None:
        out.append('error: ' + err)
    return '\n'.join(out)


def serve():
    for line in sys.stdin:
        req = json.loads(line)
        files = [(f['name'], base64.b64decode(f['data'])) for f in req['files']]
        sys.stdout.write(json.dumps({'dump': dump(files)}) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    if sys.argv[1:] == ['--serve']:
        serve()
    else:
        files = []
        for name in sys.argv[1:]:
            with open(name, 'rb') as f:
                files.append((name, f.read()))
        print(dump(files))
