#!/usr/bin/python3
"""Capture the reference's answers as Go test tables.

Run from compat/pypath with CPython 3.11 on Linux (UTF-8 file system encoding):

    python3 testdata/capture.py | gofmt > captured_test.go

Inputs are listed here; outputs come only from the running interpreter.
The glob cases are taken on the tree described by testdata/globtree.txt,
built in a temporary directory; absolute results name it @ROOT@.
"""

import fnmatch
import glob
import os
import posixpath
import random
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))


def goq(s):
    """A Go string literal for the bytes os.fsencode(s)."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out.append('\\x%02x' % (o - 0xDC00))
        elif ch == '"' or ch == '\\':
            out.append('\\' + ch)
        elif ch == '\n':
            out.append('\\n')
        elif ch == '\t':
            out.append('\\t')
        elif o < 0x80 and not ch.isprintable():
            out.append('\\x%02x' % o)
        elif o >= 0x80 and (not ch.isprintable()
                            or unicodedata.category(ch).startswith('M')):
            out.append('\\u%04x' % o if o <= 0xFFFF else '\\U%08x' % o)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def golist(xs):
    return '[]string{' + ', '.join(goq(x) for x in xs) + '}'


def unescape(s):
    """Decode the escapes of globtree.txt into a str (surrogateescape)."""
    b = bytearray()
    i = 0
    raw = s.encode('utf-8', 'surrogateescape')
    while i < len(raw):
        c = raw[i:i + 1]
        if c == b'\\':
            n = raw[i + 1:i + 2]
            if n == b'x':
                b.append(int(raw[i + 2:i + 4], 16))
                i += 4
                continue
            b += {b'\\': b'\\', b't': b'\t', b'n': b'\n'}[n]
            i += 2
            continue
        b += c
        i += 1
    return os.fsdecode(bytes(b))


def build_tree(root):
    with open(os.path.join(HERE, 'globtree.txt'), encoding='utf-8') as f:
        for line in f.read().splitlines():
            if not line or line.startswith('#'):
                continue
            kind, rest = line.split(' ', 1)
            if kind == 'l':
                path, target = rest.split('\t')
                os.symlink(unescape(target), os.path.join(root, unescape(path)))
                continue
            path = os.path.join(root, unescape(rest))
            if kind == 'd':
                os.makedirs(path)
            else:
                open(path, 'w').close()


MATCH_NAMES = [
    '', 'a', 'ab', 'abc', '.a', 'a.conf', 'x.conf', '.hidden', 'a/b', '/',
    '[', ']', '[]', '[!]', '!', '^', '-', '\\', '\\a', '*', '?', 'a\nb', '\n',
    'é', 'e\u0301', '\U0001F600', '\udcff', 'a\udcc3', '&', '~', '|', 'b', 'z',
    'A', 'Z', '0', '9', '_', '%', '{a,b}', '[a]', 'aaaaaaaaaaaaaaaaaaaaaaaab',
]

MATCH_PATTERNS = [
    '', '*', '**', '?', '??', 'a*', '*a', '*b*', 'a?c', '.*', '*.conf', 'a/*',
    '*/*', '[abc]', '[!abc]', '[^abc]', '[a-c]', '[!a-c]', '[c-a]', '[!c-a]',
    '[b-a!]', '[b-a!x]', '[z-a-c]', '[a-]', '[-a]', '[!-a]', '[--0]', '[]]',
    '[]a]', '[!]]', '[!]a]', '[]-a]', '[!]-a]', '[]', '[!]', '[', 'a[', '[a',
    '[!', '[]a', '[\\]', '[\\a]', '[a\\]', '[\\-a]', '[a-\\]', '\\*', '\\?',
    '\\[a]', '[[]', '[[]]', '[^]', '[&]', '[&&]', '[~~]', '[||]', '[a-c&]',
    '[é]', '[!é]', '[à-ê]', '[\udcff]', '[\udc80-\udcff]', 'a\\', '*\\',
    '{a,b}', '[a-a]', '[a-b-c]', '[a-ba-c]', '[c-ba-x]', '[!b-a]', '[!]-]',
    '[]-]', '[%--]', '[+--]', '[--/]', '[-]', '[--]', '[---]', '[!--]',
    '*a*a*a*a*a*a*a*a*a*a*a*a*c', 'a*b', '*?', '?*?', '*[ab]*', '[a-z]*[0-9]',
    '[!.]*', '*[!/]', 'e\u0301', '[e\u0301]', '?\u0301', '\\\\', '\n', '?\n?',
    '[\n]', '[!\n]', '*\n*',
]

PATHS = [
    '', '.', '..', '/', '//', '///', '////', 'a', 'a/', 'a//', '/a', '//a',
    '///a', '//a/', 'a/b', 'a/b/', 'a//b', 'a/./b', 'a/../b', '../a', '../../a',
    '/..', '/../a', '//..', '//../a', '///..', './', './a', './/a', 'a/.',
    'a/..', 'a/b/../..', 'a/b/../../..', '/a/b/../../..', '..//a', '././x',
    'x/./../y', '//.', '/./', './/', './a/../..', 'a\0b/../c', '\0', '~',
    'é/../ü', '\udcff/x', 'a/b/c/', '...', 'a/.../b', '.a/..b/', ' /a ',
]

JOINS = [
    [''], ['a'], ['', ''], ['a', ''], ['', 'a'], ['a', 'b'], ['a/', 'b'],
    ['a//', 'b'], ['a', '/b'], ['a', 'b', '/c', 'd'], ['/', 'a'], ['//', 'a'],
    ['a', 'b/'], ['a', '', 'b'], ['', '', 'b'], ['/a', '..', 'b'],
    ['a', '//b'], ['é', 'ü'],
]

EXPANDUSER = [
    # (HOME or None for "set to these"), inputs
    ('/home/u', ['~', '~/', '~/x', '~x', 'x~', '', '/~', '~//x', '~nosuchuser-for-pypath',
                 '~nosuchuser-for-pypath/x']),
    ('/home/u/', ['~', '~/x']),
    ('/', ['~', '~/x', '~x/']),
    ('//', ['~', '~/x']),
    ('', ['~', '~/', '~/x']),
    ('relative', ['~', '~/x']),
]

GLOB_PATTERNS = [
    '*', '.*', '*/', '?', 'a/*', 'a/*.conf', 'a/.*', 'a/.*.conf', 'a/?.conf',
    'a/[x].conf', 'a/[[]x].conf', 'a/[*].conf', 'a/[?].conf', 'a/\\*.conf',
    'a/back\\slash.conf', 'a/back\\*', 'a/[\\]*', 'a/*\\*', 'a/[!x]*', 'a/[^x]*',
    'a/[', 'a/[x', 'a/*[', 'a/[]]close', 'a/[!]]*', 'a/[z-a]*', 'a/[!z-a]*',
    'a/[a-z].conf', 'a/[x-y].conf', 'a/[y-x].conf', 'a/caf?.conf', 'a/caf\xe9.conf',
    'a/caf*', 'a/?', 'a/\udcff.conf', 'a/?.conf', 'a/[\udcff].conf', 'a/*/*.conf',
    '*/*/*', '*/sub', '*/.hdir/*', '*/.*/*', '*/*/', 'a/sub/', 'a/sub//', 'a//sub',
    'a//*', 'a/*//', 'b/*', 'b/*/*', 'b/link-to-a/*.conf', 'b/l*/sub', 'b/l*/*.conf',
    'b/dangling', 'b/dang*', 'b/dangling/', 'b/selfloop/*', 'b/*/', 'b/[c]/*',
    'b/[[]c]/*', 'b/[c]', 'b/[[]c]', 'nonexistent', 'nonexistent/*', '*/nonexistent',
    'plain/*', 'plain/', 'plain', 'plain/.', '', '.', './', './*', './/a/*.conf',
    'a/../b/*', '*/../plain', 'a/*/../*.conf', 'b/*/..', '**', '**/*.conf', 'a/**',
    'a/*?*', 'a/[-]dash', 'a/[!-]*', 'a/[a-]*', 'a/new?line.conf', 'a/new*',
    'a/with space', 'a/with*', 'top.ini', 'top.[i]ni', '[t]op.ini', '.top', '[.]top',
    '?top', '*top', 'empty/*', 'empty/', 'a/[&]*', 'a/[!&]amp', 'a/[]]*', 'a/[!!]*',
    'a/[!^]*', 'a/x.conf/*', 'a/x.conf/', 'b/link-to-file/', 'b/link-to-file/*',
]


def main():
    random.seed(20231)
    w = sys.stdout.write
    w('// Code generated by testdata/capture.py from CPython %s; DO NOT EDIT.\n\n'
      % sys.version.split()[0])
    w('package pypath\n\n')

    w('// matchCases: fnmatch.fnmatchcase(name, pattern).\n')
    w('var matchCases = []struct {\n\tname, pattern string\n\twant bool\n}{\n')
    pairs = [(n, p) for p in MATCH_PATTERNS for n in MATCH_NAMES]
    alpha = ['a', 'b', 'c', '-', '!', '^', '[', ']', '\\', '*', '?', '.', '/', 'é', '&', 'z']
    for _ in range(400):
        p = ''.join(random.choice(alpha) for _ in range(random.randint(0, 7)))
        n = ''.join(random.choice(alpha) for _ in range(random.randint(0, 5)))
        pairs.append((n, p))
    seen = set()
    for n, p in pairs:
        if (n, p) in seen:
            continue
        seen.add((n, p))
        w('\t{%s, %s, %s},\n' % (goq(n), goq(p), 'true' if fnmatch.fnmatchcase(n, p) else 'false'))
    w('}\n\n')

    os.chdir('/')
    w('// pathCases: os.path.normpath, dirname, basename, isabs and (cwd "/") abspath.\n')
    w('var pathCases = []struct {\n\tin, normpath, dirname, basename string\n'
      '\tisabs bool\n\tabspath string\n}{\n')
    for p in PATHS:
        w('\t{%s, %s, %s, %s, %s, %s},\n' % (
            goq(p), goq(posixpath.normpath(p)), goq(posixpath.dirname(p)),
            goq(posixpath.basename(p)), 'true' if posixpath.isabs(p) else 'false',
            goq(posixpath.abspath(p))))
    w('}\n\n')

    w('// joinCases: os.path.join(*in).\n')
    w('var joinCases = []struct {\n\tin   []string\n\twant string\n}{\n')
    for j in JOINS:
        w('\t{%s, %s},\n' % (golist(j), goq(posixpath.join(*j))))
    w('}\n\n')

    w('// expanduserCases: os.path.expanduser(in) with $HOME set to home.\n')
    w('var expanduserCases = []struct {\n\thome, in, want string\n}{\n')
    for home, ins in EXPANDUSER:
        os.environ['HOME'] = home
        for p in ins:
            w('\t{%s, %s, %s},\n' % (goq(home), goq(p), goq(posixpath.expanduser(p))))
    w('}\n\n')

    w('// globCases: sorted(glob.glob(pattern)) in the globtree.txt tree, from its\n'
      '// root (rel) and with the root prepended to the pattern (abs).\n')
    w('var globCases = []struct {\n\tpattern  string\n\trel, abs []string\n}{\n')
    with tempfile.TemporaryDirectory() as root:
        root = os.path.realpath(root)
        build_tree(root)
        os.chdir(root)
        for p in GLOB_PATTERNS:
            rel = sorted(glob.glob(p))
            ab = sorted('@ROOT@' + r[len(root):] for r in glob.glob(root + '/' + p))
            w('\t{%s, %s, %s},\n' % (goq(p), golist(rel), golist(ab)))
        os.chdir('/')
    w('}\n')


if __name__ == '__main__':
    main()
