#!/usr/bin/python3
"""Prints the Go table rows of format_test.go and repr_test.go from CPython.

    /usr/bin/python3 testdata/capture.py format   # rows for formatTests
    /usr/bin/python3 testdata/capture.py repr     # rows for reprTests
    /usr/bin/python3 testdata/capture.py bytes    # rows for reprBytesTests

Inputs are bytes; str inputs are the surrogateescape decoding of those bytes.
"""
import resource
import sys

# Widths past pyfmt.MaxPadding would make CPython allocate them: fail fast instead.
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

# Keep in step with stdDict in format_test.go.
STD = [
    (b"here", b"/etc/supervisor"), (b"program_name", b"cat"), (b"process_num", 3),
    (b"a", 1), (b"s", b"x"), (b"e", "é".encode()), (b"neg", -255),
    (b"big", 2**63 - 1), (b"min", -2**63), (b"q", b"it's"), (b"qq", b'say "hi"'),
    (b"both", b"'\""), (b"ctl", b"a\tb\nc\x00\x7f"), (b"bad", b"\xff"), (b"c1", b"A"),
    (b"zero", 0), (b"sur", 0xDC80), (b"hi", 0x10FFFF), (b"", b"empty"), (b"a(b)", b"paren"),
    (b"wide", "😀".encode()), (b"f", 15),
]

FORMATS = [
    # plain
    b"", b"plain", b"%%", b"100%%", b"%(here)s/log", b"%(program_name)s_%(process_num)02d",
    b"%(process_num)d", b"%(process_num)03d", b"%(a)s%(a)s", b"%()s", b"%(a(b))s",
    # the dict itself
    b"%s", b"%r", b"%a", b"%s%s", b"%s%(a)s", b"%(a)s%s", b"%d", b"%x", b"%f", b"%c", b"%.5s",
    # incomplete and unknown
    b"%", b"a%", b"%(", b"%(a", b"%(a)", b"%(a)5", b"%(a)-", b"%(a).", b"%(a)l", b"%(a)#",
    b"%(nokey)s", b"x%(a)s %(nokey)s", b"%(nokey)", b"%(nokey", b"%(e)y", b"%(a)b",
    b"/tmp/a%%b%(a)q", b"/tmp/a%b", b"%5%", b"%(a)%", b"%(a)5%", "%é".encode(),
    "%(a)s\u00e9%(a)ÿ".encode(), b"%\xff", b"%(a)\x01", b"%(a)~", b"%(a) ", b"%y%(a)s", b"%(a)lld",
    b"%(a)hd", b"%(a)Ld", b"%(a)ld",
    # strings
    b"%(s)5s|", b"%(s)-5s|", b"%(s)05s|", b"%(s)+s", b"%(s) 5s", b"%(s).0s", b"%(e)3s|",
    b"%(e)r", b"%(e)a", b"%(q)r", b"%(qq)r", b"%(both)r", b"%(ctl)r", b"%(ctl)a", b"%(bad)s",
    b"%(bad)r", b"%(bad)3s|", b"%(wide)r", b"%(wide)a", b"%(wide)-3s|", b"%(q).2r", b"%(e).1a",
    b"%(s)d", b"%(s)i", b"%(s)u", b"%(s)o", b"%(s)x", b"%(s)X", b"%(s)e", b"%(s)g", b"%(s)F",
    b"%(a)s", b"%(a)r", b"%(a)a", b"%(a)5s|", b"%(a).1s", b"%(big).3s", b"%(neg)s",
    # ints
    b"%(a)d", b"%(neg)d", b"%(neg)5d", b"%(neg)-6d|", b"%(neg)06d", b"%(neg)+d", b"%(a)+d",
    b"%(a) d", b"%(neg) d", b"%(a)+05d", b"%(a) 05d", b"%(a)-05d|", b"%(a).3d", b"%(neg).5d",
    b"%(neg)8.5d", b"%(neg)08.5d", b"%(big)d", b"%(min)d", b"%(min)x", b"%(min)#o",
    b"%(f)o", b"%(f)#o", b"%(f)x", b"%(f)#x", b"%(f)X", b"%(f)#X", b"%(neg)#x", b"%(neg)#.5x",
    b"%(neg)#010x", b"%(neg)#-10x|", b"%(f)#5o", b"%(f)#05o", b"%(f)# x", b"%(f)#+X",
    b"%(f)i", b"%(f)u", b"%(zero)d", b"%(zero).0d", b"%(zero)#x", b"%(zero)#.0o",
    # floats
    b"%(f)f", b"%(f)F", b"%(f)e", b"%(f)E", b"%(f)g", b"%(f)G", b"%(f).0f", b"%(f)#.0f",
    b"%(f).0e", b"%(f)#.0e", b"%(f).1g", b"%(f)#g", b"%(f)#.1g", b"%(f)-+10.2f|",
    b"%(f)010.2f", b"%(neg)010.2f", b"%(neg) e", b"%(big)f", b"%(big)e", b"%(big)g",
    b"%(big).20g", b"%(big)#.25g", b"%(min)G", b"%(zero)g", b"%(zero)#g", b"%(zero)e",
    b"%(process_num).3g", b"%(neg)g", b"%(f).30f", b"%(big).17g", b"%(big).16e",
    # chars
    b"%(a)c", b"%(c1)c", b"%(e)c", b"%(s)5c|", b"%(c1)-3c|", b"%(c1)03c", b"%(c1).0c",
    b"%(q)c", b"%(neg)c", b"%(hi)c", b"%(big)c", b"%(sur)c", b"%(bad)c", b"%(wide)c",
    # * widths and precisions
    b"%*d", b"%.*d", b"%(a)*d", b"%(a).*d", b"%(s)*d", b"%(s).*d", b"%(a)*", b"%(a).*",
    b"%(big).*d", b"%(min).*d", b"%(a)*%", b"%(neg)*",
    # widths CPython rejects while parsing
    b"%(a)9223372036854775808d", b"%(a)99999999999999999999s", b"%(a).2147483648d",
    b"%(a).2147483645d", b"%(a).2147483644x", b"%(s).2147483648s", b"%(nokey)99999999999999999999d",
    b"%(s)99999999999999999999d", b"%(a)99999999999999999999y",
]


def dec(b):
    return b.decode("utf-8", "surrogateescape")


def goquote(b):
    """A Go interpreted string literal for bytes b."""
    out = ['"']
    s = dec(b)
    for ch in s:
        c = ord(ch)
        if 0xDC80 <= c <= 0xDCFF:
            out.append("\\x%02x" % (c - 0xDC00))
        elif ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif c < 0x20 or c == 0x7F:
            out.append("\\x%02x" % c)
        elif c > 0x7F and not ch.isprintable():
            out.append("\\U%08x" % c if c > 0xFFFF else "\\u%04x" % c)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def enc(s):
    out = bytearray()
    for ch in s:
        c = ord(ch)
        if 0xDC80 <= c <= 0xDCFF:
            out.append(c - 0xDC00)
        else:
            out += ch.encode("utf-8", "surrogatepass")
    return bytes(out)


def row(in_, call):
    try:
        got = call()
    except KeyError as e:
        return "{in: %s, wantErr: %s, keyErr: true}," % (goquote(in_), goquote(enc(str(e))))
    except Exception as e:
        return "{in: %s, wantErr: %s}, // %s" % (goquote(in_), goquote(enc(str(e))), type(e).__name__)
    return "{in: %s, want: %s}," % (goquote(in_), goquote(enc(got)))


def main():
    what = sys.argv[1]
    if what == "format":
        d = {dec(k): (dec(v) if isinstance(v, bytes) else v) for k, v in STD}
        for f in FORMATS:
            print(row(f, lambda: dec(f) % d))
    elif what == "repr":
        for s in [b"", b"abc", b"it's", b'say "hi"', b"'\"", b"\\", b"a\tb\nc\rd",
                  b"\x00\x01\x1f\x7f", "\x80\x9f\xa0\xad\xff".encode(), "é€😀".encode(),
                  "\u0378\u2028\u2029\u200b\ufeff\ue000\U000f0000".encode(),
                  "\u3000\u00a0\u1680".encode(), "\U0001fae8\u0b55".encode(),  # Unicode 15/14 additions
                  b"\xff", b"a\x80b", b"\xed\xa0\x80", b"\xe2\x82", b"\xf4\x90\x80\x80", b"\xc0\xaf",
                  "\ufffd".encode(), "\U0010ffff".encode(), "\U000e0001".encode()]:
            print(row(s, lambda: repr(dec(s))))
    elif what == "bytes":
        for s in [b"", b"abc", b"it's", b'say "hi"', b"'\"", b"\\", b"a\tb\nc\rd", b"\x00\x1f\x7f\x80\xff",
                  "é".encode()]:
            print(row(s, lambda: repr(s)))


if __name__ == "__main__":
    main()
