#!/usr/bin/python3
"""Answer questions about CPython's glob, fnmatch and posixpath, for the
differential tests in this package (they run it when python3 is present).

Each line of stdin is an operation name and its hex-encoded byte-string
arguments, separated by spaces; each answer is one line of hex-encoded results,
separated by spaces ("-" for none). Bytes are decoded with os.fsdecode, so
undecodable ones arrive as surrogateescape code points, as file names do.
"""

import fnmatch
import glob
import os
import posixpath
import sys


def arg(h):
    return os.fsdecode(bytes.fromhex(h))


def out(s):
    return os.fsencode(s).hex() or '-'


OPS = {
    'match': lambda n, p: ['1' if fnmatch.fnmatchcase(n, p) else '0'],
    'normpath': lambda p: [posixpath.normpath(p)],
    'dirname': lambda p: [posixpath.dirname(p)],
    'basename': lambda p: [posixpath.basename(p)],
    'isabs': lambda p: ['1' if posixpath.isabs(p) else '0'],
    'abspath': lambda p: [posixpath.abspath(p)],
    'expanduser': lambda p: [posixpath.expanduser(p)],
    'join': lambda *ps: [posixpath.join(*ps)],
    'glob': lambda p: glob.glob(p),
}

for line in sys.stdin:
    op, *args = line.split()
    args = ['' if a == '-' else a for a in args]
    res = OPS[op](*[arg(a) for a in args])
    if op in ('match', 'isabs'):
        print(res[0])
    else:
        print(' '.join(out(r) for r in res) if res else '')
    sys.stdout.flush()
