#!/usr/bin/env python3
"""chatty.py: output for PROCESS_LOG and PROCESS_COMMUNICATION envelopes."""
import os
import sys
import time

out = sys.stdout.buffer
err = sys.stderr.buffer
out.write("plain t\u00e9 \u20ac\n".encode("utf-8"))
out.flush()
time.sleep(0.3)
err.write(b"bad \xff\xfe bytes\n")
err.flush()
time.sleep(0.3)
out.write(b"before<!--XSUPERVISOR:BEGIN-->captured d\xc3\xa9\nline2<!--XSUPERVISOR:END-->after\n")
out.flush()
time.sleep(0.3)
err.write(b"<!--XSUPERVISOR:BEGIN-->\xff raw<!--XSUPERVISOR:END-->tail of stderr\n")
err.flush()
while True:
    time.sleep(1)
