#!/usr/bin/python3
"""Answers shlex questions with CPython itself, one JSON request per line.

Used by FuzzSplit/FuzzTokens (go test -fuzz) as a long-lived subprocess, and by
capture.py to produce the tables in the *_test.go files.

Request:  {"op": "split"|"tokens"|"kv", "s": HEX}
Reply:    {"ok": [HEX, ...]} | {"exc": NAME, "msg": TEXT}

Strings travel as hex of their bytes and are decoded with surrogateescape.
"kv" answers supervisor's own dict_of_key_value_pairs, as [KEYHEX, VALHEX, ...],
when the reference is unpacked in the repository's .cache.
"""
import json
import os
import shlex
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../../../.cache/reference/supervisor_4.2.5-1/usr/lib/python3/dist-packages"))


def dec(h):
    return bytes.fromhex(h).decode("utf-8", "surrogateescape")


def enc(s):
    return s.encode("utf-8", "surrogateescape").hex()


def tokens(s):
    # As supervisor/datatypes.py dict_of_key_value_pairs builds its lexer.
    lexer = shlex.shlex(s)
    lexer.wordchars += "/.+-():"
    return list(lexer)


def kv(s):
    from supervisor.datatypes import dict_of_key_value_pairs
    out = []
    for k, v in dict_of_key_value_pairs(s).items():
        out += [k, v]
    return out


OPS = {"split": shlex.split, "tokens": tokens, "kv": kv}


def answer(req):
    return {"ok": [enc(t) for t in OPS[req["op"]](dec(req["s"]))]}


def main():
    for line in sys.stdin:
        try:
            rep = answer(json.loads(line))
        except Exception as e:  # the exception is the answer
            rep = {"exc": type(e).__name__, "msg": str(e).encode("utf-8", "surrogateescape").hex()}
        sys.stdout.write(json.dumps(rep) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
