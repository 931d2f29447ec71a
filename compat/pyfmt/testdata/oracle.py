#!/usr/bin/python3
"""Answers pyfmt questions with CPython itself, one JSON request per line.

Used by FuzzFormat/FuzzRepr (go test -fuzz) as a long-lived subprocess, and by
capture.py to produce the tables in the *_test.go files.

Request:  {"op": "format"|"repr"|"reprbytes", "s": HEX, "dict": [[KEYHEX, ["s", HEX] | ["i", INT]], ...]}
Reply:    {"ok": HEX} | {"exc": NAME, "msg": HEX} | {"big": LENGTH}

Strings travel as hex of their bytes: Go strings need not be UTF-8, and are
decoded with surrogateescape, as supervisor reads them. Results are encoded back
the same way (other lone surrogates, only reachable through %c, as surrogatepass).
"""
import codecs
import json
import resource
import sys

BIG = 4 << 20  # replies longer than this are not sent back

# A huge width makes CPython allocate it; fail with MemoryError instead of swapping.
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _encode_errors(exc):
    out = bytearray()
    for ch in exc.object[exc.start:exc.end]:
        c = ord(ch)
        if 0xDC80 <= c <= 0xDCFF:
            out.append(c - 0xDC00)
        else:
            out += ch.encode("utf-8", "surrogatepass")
    return bytes(out), exc.end


codecs.register_error("pyfmt", _encode_errors)


def dec(h):
    return bytes.fromhex(h).decode("utf-8", "surrogateescape")


def enc(s):
    return s.encode("utf-8", "pyfmt").hex()


def answer(req):
    op = req["op"]
    if op == "format":
        d = {}
        for k, (kind, v) in req["dict"]:
            d[dec(k)] = dec(v) if kind == "s" else int(v)
        res = dec(req["s"]) % d
    elif op == "repr":
        res = repr(dec(req["s"]))
    elif op == "reprbytes":
        res = repr(bytes.fromhex(req["s"]))
    else:
        raise SystemExit("unknown op %r" % op)
    if len(res) > BIG:
        return {"big": len(res)}
    return {"ok": enc(res)}


def main():
    for line in sys.stdin:
        try:
            rep = answer(json.loads(line))
        except MemoryError:
            rep = {"exc": "MemoryError", "msg": ""}
        except Exception as e:  # the exception is the answer
            rep = {"exc": type(e).__name__, "msg": enc(str(e))}
        sys.stdout.write(json.dumps(rep) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
