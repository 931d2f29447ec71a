#!/usr/bin/env python3
"""recorder.py: an event listener that records every envelope byte for byte.

Each envelope (header line plus payload, exactly as read from stdin) is written
to $RECORD_DIR/NNNN.bin. The payload is read by decoding UTF-8 one code point at
a time until the header's len is reached, because len counts code points
(EVT-ENV-002), not bytes. It answers OK to every event.
"""
import codecs
import os
import sys

out = os.environ["RECORD_DIR"]
stdin = sys.stdin.buffer
stdout = sys.stdout.buffer
n = 0
while True:
    stdout.write(b"READY\n")
    stdout.flush()
    header = stdin.readline()
    if not header:
        break
    fields = dict(tok.split(b":", 1) for tok in header.split())
    want = int(fields[b"len"])
    dec = codecs.getincrementaldecoder("utf-8")()
    payload = b""
    got = 0
    while got < want:
        c = stdin.read(1)
        if not c:
            break
        payload += c
        got += len(dec.decode(c))
    with open(os.path.join(out, "%04d.bin" % n), "wb") as f:
        f.write(header + payload)
    n += 1
    stdout.write(b"RESULT 2\nOK")
    stdout.flush()
