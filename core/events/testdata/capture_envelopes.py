#!/usr/bin/env python3
"""capture_envelopes.py: run the reference supervisord with recorder.py subscribed
to EVENT and pin every envelope it receives in reference_envelopes.json.

    PYTHONPATH=$(scripts/reference --dir)/usr/lib/python3/dist-packages \
        python3 core/events/testdata/capture_envelopes.py $(scripts/reference --dir)

It exercises SUPERVISOR_STATE_CHANGE_*, PROCESS_GROUP_ADDED/REMOVED, every
PROCESS_STATE_* the run reaches, PROCESS_LOG_* and PROCESS_COMMUNICATION_*
(chatty.py, with non-ASCII and undecodable output), REMOTE_COMMUNICATION (with
non-ASCII text: len counts code points, EVT-ENV-002) and TICK_5. Takes ~15 s.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import xmlrpc.client

ref = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
tmp = tempfile.mkdtemp(prefix="evcap.")
rec = os.path.join(tmp, "rec")
os.mkdir(rec)
conf = os.path.join(tmp, "supervisord.conf")
with open(conf, "w") as f:
    f.write("""[supervisord]
logfile=%(tmp)s/supervisord.log
pidfile=%(tmp)s/supervisord.pid
loglevel=debug
identifier=capsrv
[unix_http_server]
file=%(tmp)s/s.sock
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[eventlistener:rec]
command=/usr/bin/python3 %(here)s/recorder.py
events=EVENT
buffer_size=100
environment=RECORD_DIR="%(rec)s"
[program:chatty]
command=/usr/bin/python3 %(here)s/chatty.py
startsecs=0
stdout_events_enabled=true
stderr_events_enabled=true
stdout_capture_maxbytes=1KB
stderr_capture_maxbytes=1KB
[program:fastfail]
command=/bin/false
startsecs=1
startretries=1
[program:oneshot]
command=/bin/sh -c "exit 3"
startsecs=0
autorestart=false
""" % {"tmp": tmp, "here": here, "rec": rec})

env = dict(os.environ, PYTHONPATH=ref + "/usr/lib/python3/dist-packages")
sd = subprocess.Popen(["/usr/bin/python3", ref + "/usr/bin/supervisord", "-n", "-c", conf],
                      env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
sys.path.insert(0, ref + "/usr/lib/python3/dist-packages")
from supervisor.xmlrpc import SupervisorTransport  # noqa: E402



def rpc():
    return xmlrpc.client.ServerProxy(
        "http://127.0.0.1", transport=SupervisorTransport(None, None, "unix://" + tmp + "/s.sock"))


deadline = time.time() + 10
while True:
    try:
        proxy = rpc()
        proxy.supervisor.getState()
        break
    except Exception:
        if time.time() > deadline:
            raise
        time.sleep(0.1)
time.sleep(3)
proxy.supervisor.sendRemoteCommEvent("t\u00e9", "d\u00e9\u20ac")
proxy.supervisor.sendRemoteCommEvent("plain", "line1\nline2\n")
proxy.supervisor.stopProcess("chatty")
proxy.supervisor.removeProcessGroup("chatty")
proxy.supervisor.addProcessGroup("chatty")
time.sleep(4)  # a TICK_5
proxy.supervisor.shutdown()
sd.wait()

out = []
for name in sorted(os.listdir(rec)):
    with open(os.path.join(rec, name), "rb") as f:
        out.append(f.read().decode("utf-8"))
with open(os.path.join(here, "reference_envelopes.json"), "w") as f:
    json.dump(out, f, indent=1, ensure_ascii=True)
    f.write("\n")
print("captured %d envelopes; logs in %s" % (len(out), tmp))
