#!/usr/bin/python3
"""Prints the Go table rows of the shlex tests from CPython.

    /usr/bin/python3 testdata/capture.py split    # rows for splitTests
    /usr/bin/python3 testdata/capture.py tokens   # rows for tokensTests
    /usr/bin/python3 testdata/capture.py kv       # rows for keyValueTests (supervisor's own function)

Inputs are bytes, decoded with surrogateescape.
"""
import sys

from oracle import OPS

SPLIT = [
    b"", b"   ", b"a", b"a b  c", b" \t\r\na\t\r\nb ", b"a\x0bb\x0cc", "a\u00a0b\u3000c".encode(),
    b"'a b'", b'"a b"', b"a'b c'd", b"''", b'""', b"a '' b", b"'' ''", b"a''", b"'a'\"b\"c",
    b"'a\\b'", b'"a\\b"', b'"a\\\\b"', b'"a\\"b"', b'"a\\$b"', b'"a\\`b"', b'"a\\\nb"', b"'a\\'",
    b"a\\ b", b"\\a", b"a\\\\", b"\\'", b'\\"', b"a\\\nb", b"\\", b"a \\", b"'", b'"', b"'abc",
    b'"abc', b'"a\\"', b"a # b", b"a#b", b";|&<>()", b"$HOME `x`", b"\x00a", "é ü 😀".encode(),
    b"\xff \xfe\xfd", b"'\xff'", b"\\\xff", b'"\\\xff"', b"/usr/bin/cat --opt=\"a b\" 'c d' e\\ f",
]

TOKENS = [
    # spec CFG-TYPE-016, in its order
    b"A=1,B=2", b"A=1;B=2", b"A = 1 , B = 2", b"A=1,", b"A=", b"A=1,,B=2",
    b"A=a b", b"A=$HOME", b'A="x y"z', "A=éé".encode(), b"A=a#b",
    b'A="a;b"', b"A='\"q\"'", b'A=ab"cd"', b'A="x\\"y"', b"A=x=y", b"A=a@b",
    b"a.b=1", b"a/b-c+d(e):f=1", b"A=1,A=2", b"A=1 B=2", b"A=1\nB=2",
    # more lexer behaviour
    b"", b"  \t\r\n ", b"abc", b"a@b", b"@@", b"'a b'", b"'a''b'", b"'a'b", b"a'b c'd",
    b"'a\\'", b'"a\\"b"', b"'abc", b'ab"c', b'"', b"a # comment", b"a#x\nb c", b"#x\na",
    b"a#", b"# only", b"a\t#x\r\nb", b"x=\x00", "é😀ü".encode(), b"\xff=\xfe", b"k=v\xffw",
    b"A==1", b"=", b"A=1=", b"PATH=/usr/bin:/bin,HOME=/root", b"X='a,b',Y=\"c,d\"",
    b"A=~x", b"A=*.log", b"A=-1,B=+2", b"A=(x),B=y:z", b"A=\"\",B=''",
]


def goquote(b):
    out = ['"']
    for ch in b.decode("utf-8", "surrogateescape"):
        c = ord(ch)
        if 0xDC80 <= c <= 0xDCFF:
            out.append("\\x%02x" % (c - 0xDC00))
        elif ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif c < 0x20 or c == 0x7F:
            out.append("\\x%02x" % c)
        elif c > 0x7F and not ch.isprintable():
            out.append("\\U%08x" % c if c > 0xFFFF else "\\u%04x" % c)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def row(in_, op):
    try:
        got = OPS[op](in_.decode("utf-8", "surrogateescape"))
    except Exception as e:
        return "{in: %s, wantErr: %s}, // %s" % (goquote(in_), goquote(str(e).encode("utf-8", "surrogateescape")), type(e).__name__)
    items = ", ".join(goquote(t.encode("utf-8", "surrogateescape")) for t in got)
    return "{in: %s, want: []string{%s}}," % (goquote(in_), items)


def main():
    op = sys.argv[1]
    cases = SPLIT if op == "split" else TOKENS
    for c in cases:
        print(row(c, op))


if __name__ == "__main__":
    main()
