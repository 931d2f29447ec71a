#!/usr/bin/env python3
"""dispatchers_ref.py: drive the reference's own PEventListenerDispatcher and
POutputDispatcher with scripted input and pin what they do in
dispatchers_golden.json (read by protocol_test.go and capture_test.go).

    PYTHONPATH=$(scripts/reference --dir)/usr/lib/python3/dist-packages \
        /usr/bin/python3 core/events/testdata/dispatchers_ref.py

Bytes travel through JSON as latin-1 strings (one code point per byte).
"""
import json
import os
import sys

from supervisor import events
from supervisor.dispatchers import PEventListenerDispatcher, POutputDispatcher
from supervisor.dispatchers import default_handler
from supervisor.states import EventListenerStates, ProcessStates

sys.setrecursionlimit(200)  # the negative-length case recurses without end


def b2s(b):
    return b.decode("latin-1")


def s2b(s):
    return s.encode("latin-1")


class Logger:
    def __init__(self, rec):
        self.rec = rec

    def _log(self, level, msg, **kw):
        if kw:
            msg = msg % kw
        self.rec.append(["log", level, b2s(msg.encode("utf-8"))])

    def debug(self, msg, **kw):
        self._log("DEBG", msg, **kw)

    def warn(self, msg, **kw):
        self._log("WARN", msg, **kw)

    def critical(self, msg, **kw):
        self._log("CRIT", msg, **kw)

    def log(self, level, msg, **kw):
        self._log("DEBG", msg, **kw)

    def info(self, msg, **kw):
        self._log("INFO", msg, **kw)

    def getLogger(self):
        return None


class Obj:
    pass


def make_process(name, rec, chunks, capture_maxbytes=0):
    options = Obj()
    options.logger = Logger(rec)
    options.strip_ansi = False
    options.loglevel = 10
    options.readfd = lambda fd: chunks.pop(0)
    options.getLogger = make_capture_logger(rec)
    config = Obj()
    config.name = name
    config.options = options
    config.priority = -1
    for ch in ("stdout", "stderr"):
        setattr(config, ch + "_logfile", None)
        setattr(config, ch + "_logfile_maxbytes", 0)
        setattr(config, ch + "_logfile_backups", 0)
        setattr(config, ch + "_syslog", False)
        setattr(config, ch + "_capture_maxbytes", capture_maxbytes)
    config.stdout_events_enabled = False
    config.stderr_events_enabled = False
    group = Obj()
    group.config = Obj()
    group.config.result_handler = default_handler
    proc = Obj()
    proc.config = config
    proc.group = group
    proc.pid = 42
    proc.state = ProcessStates.RUNNING
    return proc


def make_capture_logger(rec):
    from supervisor import loggers

    def getLogger():
        lg = loggers.getLogger()
        orig = lg.info

        def info(data, **kw):
            rec.append(["segment", b2s(data)])
            orig(data, **kw)
        lg.info = info
        return lg
    return getLogger


def run_protocol(steps):
    rec = []
    chunks = []
    proc = make_process("listener", rec, chunks)
    d = PEventListenerDispatcher(proc, "stdout", 5)

    def on_reject(ev):
        rec.append(["reject"])
    events.subscribe(events.EventRejectedEvent, on_reject)
    try:
        for step in steps:
            if step == "dispatch":
                if proc.listener_state == EventListenerStates.READY:
                    proc.listener_state = EventListenerStates.BUSY
                    proc.event = object()
                    rec.append(["dispatched"])
                continue
            chunks.append(s2b(step))
            try:
                d.handle_read_event()
            except RecursionError:
                rec.append(["stalled"])
                break
        rec.append(["state", {10: "READY", 20: "BUSY", 30: "ACKNOWLEDGED", 40: "UNKNOWN"}[proc.listener_state]])
    finally:
        events.clear()
    return rec


def run_capture(maxbytes, chunks_in):
    rec = []
    chunks = []
    proc = make_process("cap", rec, chunks, capture_maxbytes=maxbytes)
    comm = []

    def on_comm(ev):
        rec.append(["comm", b2s(ev.data)])
    events.subscribe(events.ProcessCommunicationEvent, on_comm)
    try:
        d = POutputDispatcher(proc, events.ProcessCommunicationStdoutEvent, 7)
        for c in chunks_in:
            chunks.append(s2b(c))
            d.handle_read_event()
        rec.append(["pending", b2s(d.output_buffer)])
    finally:
        events.clear()
    return rec


OKR = "RESULT 2\nOK"
protocol_cases = [
    ("ready", ["READY\n"]),
    ("ready split", ["RE", "AD", "Y", "\n"]),
    ("short then garbage", ["READ", "X\n"]),
    ("garbage first", ["hello world\n"]),
    ("ready twice", ["READY\nREADY\n"]),
    ("spurious while ready", ["READY\n", "x"]),
    ("ok", ["READY\n", "dispatch", OKR]),
    ("ok then ready in one write", ["READY\n", "dispatch", OKR + "READY\n"]),
    ("ok split everywhere", ["READY\n", "dispatch", "RES", "ULT ", "2", "\n", "O", "K", "REA", "DY\n"]),
    ("fail", ["READY\n", "dispatch", "RESULT 4\nFAILREADY\n"]),
    ("other body", ["READY\n", "dispatch", "RESULT 5\nHELLOREADY\n"]),
    ("ok with padding", ["READY\n", "dispatch", "RESULT  \t2 \r\nOKREADY\n"]),
    ("no prefix check", ["READY\n", "dispatch", "XXXXXXX2\nOKREADY\n"]),
    ("underscore len", ["READY\n", "dispatch", "RESULT 0_2\nOKREADY\n"]),
    ("bad len", ["READY\n", "dispatch", "RESULT two\nOK"]),
    ("bad len empty", ["READY\n", "dispatch", "RESULT\n"]),
    ("bad len undecodable", ["READY\n", "dispatch", "RESULT \xff\xfe\nOK"]),
    ("bad len utf8", ["READY\n", "dispatch", "RESULT \xc3\xa9\n"]),
    ("bad len quote", ["READY\n", "dispatch", "RES'ULT x\n"]),
    ("zero len alone", ["READY\n", "dispatch", "RESULT 0\n"]),
    ("zero len then ready", ["READY\n", "dispatch", "RESULT 0\n", "READY\n"]),
    ("zero len same write", ["READY\n", "dispatch", "RESULT 0\nREADY\n"]),
    ("busy without newline", ["READY\n", "dispatch", "RESULT 2"]),
    ("body longer than needed", ["READY\n", "dispatch", "RESULT 2\nOKOK"]),
    ("data before dispatch", ["READY\n", "RESULT 2\nOK"]),
    ("unknown discards", ["junk!!", "READY\n", "more"]),
    ("negative len alone", ["READY\n", "dispatch", "RESULT -1\n"]),
    ("negative len then data", ["READY\n", "dispatch", "RESULT -1\n", "x"]),
    ("negative len same write", ["READY\n", "dispatch", "RESULT -3\nabc"]),
    ("two events", ["READY\n", "dispatch", OKR + "READY\n", "dispatch", "RESULT 4\nFAIL", "READY\n"]),
    ("digits limit ok", ["READY\n", "dispatch", "RESULT " + "0" * 4299 + "2\nOKREADY\n"]),
    ("digits limit exceeded", ["READY\n", "dispatch", "RESULT " + "0" * 4300 + "2\nOK"]),
    ("non-ascii body", ["READY\n", "dispatch", "RESULT 3\n\xe2\x82\xacREADY\n"]),
]

B, E = "<!--XSUPERVISOR:BEGIN-->", "<!--XSUPERVISOR:END-->"
capture_cases = [
    ("disabled", 0, ["a" + B + "b" + E + "c\n"]),
    ("short held", 100, ["short\n"]),
    ("short then more", 100, ["short\n", "x" * 30]),
    ("exactly token held", 100, [B]),
    ("one block", 100, ["before" + B + "inside" + E + "after that is long enough\n"]),
    ("block split", 100, ["bef", "ore<!--XSUP", "ERVISOR:BEG", "IN-->ins", "ide<!--XSUPERVISOR:E", "ND-->", "tail tail tail tail tail tail\n"]),
    ("many blocks", 100, [(B + "x" + E + "y") * 5 + "z" * 30]),
    ("empty block", 100, [B + E + "-" * 30]),
    ("truncation", 10, [B + "0123456789abcdef" + "ghij" + E + "-" * 30]),
    ("truncation chunks", 10, [B + "01234567", "89ab", "cdefghijklmnopqrstuvwxyz01", "23" + E + "-" * 30]),
    ("partial token at end", 100, ["x" * 30 + "<!--XSUPER", "VISOR:BEGIN-->in" + E + "-" * 30]),
    ("false prefix", 100, ["x" * 30 + "<!--XSUPER", "nothing here, just text\n"]),
    ("end token outside", 100, ["a" * 30 + E + "b" * 30]),
    ("nested begin", 100, [B + "a" + B + "b" + E + "c" * 30]),
]

out = {"protocol": [], "capture": []}
for name, steps in protocol_cases:
    out["protocol"].append({"name": name, "steps": steps, "want": run_protocol(steps)})
for name, maxbytes, chunks in capture_cases:
    out["capture"].append({"name": name, "maxbytes": maxbytes, "chunks": chunks,
                           "want": run_capture(maxbytes, list(chunks))})
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "dispatchers_golden.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("%d protocol and %d capture cases" % (len(out["protocol"]), len(out["capture"])))
