"""Answers each JSON line with {"echo": <the request>, "n": <its number>}."""
import json
import sys

for n, line in enumerate(sys.stdin):
    sys.stdout.write(json.dumps({"echo": json.loads(line), "n": n}) + "\n")
    sys.stdout.flush()
