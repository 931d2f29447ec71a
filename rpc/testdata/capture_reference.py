#!/usr/bin/env python3
"""Capture golden wire bytes from the reference supervisord (RPC-XML, RPC-HTTP, RPC-AUTH).

Usage (from the repository root):
  PYTHONPATH=$(scripts/reference --dir)/usr/lib/python3/dist-packages \
    python3 rpc/testdata/capture_reference.py $(scripts/reference --dir)

Runs the reference in a fixed directory (/tmp/gsd-golden, so paths inside the
responses are stable), sends raw requests over its unix socket and writes:
  rpc/xmlrpc/testdata/<name>.xml   response bodies (XML-RPC)
  rpc/testdata/<name>.http         whole responses, Date header normalised
It also writes rpc/xmlrpc/testdata/types_*.xml with xmlrpc.client.dumps,
which is exactly what the reference's xmlrpc_marshal calls.
"""
import datetime
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import xmlrpc.client

ref = sys.argv[1]
top = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
xmldir = os.path.join(top, 'rpc', 'xmlrpc', 'testdata')
httpdir = os.path.join(top, 'rpc', 'testdata')
here = '/tmp/gsd-golden'
shutil.rmtree(here, ignore_errors=True)
os.makedirs(here)
sock = here + '/s.sock'
conf = """[supervisord]
logfile=%(here)s/supervisord.log
pidfile=%(here)s/supervisord.pid
childlogdir=%(here)s
loglevel=trace

[unix_http_server]
file=%(here)s/s.sock

[unix_http_server:auth]
file=%(here)s/auth.sock
username=user
password={SHA}a94a8fe5ccb19ba61c4c0873d391e987982fbbd3

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:weird]
command=/bin/sh -c "printf 'caf\\303\\251 \\001\\002\\033[0m <a&b> \\342\\202\\254\\360\\237\\230\\200\\n'; exec sleep 1000"
stdout_logfile=%(here)s/weird-\u00e9.log
startsecs=0
"""
with open(here + '/supervisord.conf', 'w') as f:
    f.write(conf)

env = dict(os.environ, PYTHONPATH=ref + '/usr/lib/python3/dist-packages')
p = subprocess.Popen([sys.executable, ref + '/usr/bin/supervisord', '-n', '-c', here + '/supervisord.conf'],
                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def raw(data, path=sock, stream=False):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(3 if stream else 10)
    s.connect(path)
    s.sendall(data)
    out = b''
    while True:
        try:
            b = s.recv(65536)
        except socket.timeout:
            break  # HTTP/1.0 tails send nothing until 64 KiB have accumulated
        if not b:
            break
        out += b
        if stream and b'<a&b>' in out.partition(b'\r\n\r\n')[2]:
            break  # a tail never ends
    s.close()
    return out


def call(method, *params, path=sock, extra=b''):
    body = xmlrpc.client.dumps(params, method).encode('utf-8')
    req = (b'POST /RPC2 HTTP/1.0\r\nContent-Type: text/xml\r\n' + extra +
           b'Content-Length: %d\r\n\r\n' % len(body) + body)
    return raw(req, path)


def norm(resp):
    return re.sub(rb'Date: [^\r]*', b'Date: Thu, 01 Jan 1970 00:00:00 GMT', resp)


def save_body(name, resp):
    head, _, body = resp.partition(b'\r\n\r\n')
    with open(os.path.join(xmldir, name + '.xml'), 'wb') as f:
        f.write(body)


def save_http(name, resp):
    with open(os.path.join(httpdir, name + '.http'), 'wb') as f:
        f.write(norm(resp))


try:
    deadline = time.time() + 20
    while True:
        try:
            state = call('supervisor.getState')
            if b'RUNNING' in state and b'\xc3\xa9' in open(here + '/weird-\u00e9.log', 'rb').read():
                break
        except OSError:
            pass
        if time.time() > deadline:
            sys.exit('reference did not start')
        time.sleep(0.1)

    save_body('getstate', call('supervisor.getState'))
    save_http('getstate', call('supervisor.getState'))
    save_body('apiversion', call('supervisor.getAPIVersion'))
    save_body('readlog_weird', call('supervisor.readProcessStdoutLog', 'weird', 0, 0))
    save_body('tail_weird', call('supervisor.tailProcessStdoutLog', 'weird', 0, 1000))
    save_body('configinfo', call('supervisor.getAllConfigInfo'))
    save_body('fault_bad_name', call('supervisor.getProcessInfo', 'n<o>&pe'))
    save_body('fault_unknown_method', call('supervisor.nope'))
    save_body('fault_incorrect_parameters', call('supervisor.getState', 1))
    save_body('listmethods', call('system.listMethods'))
    save_body('methodhelp', call('system.methodHelp', 'supervisor.startProcess'))
    save_body('methodsignature', call('system.methodSignature', 'supervisor.startProcess'))
    save_body('multicall', call('system.multicall', [
        {'methodName': 'supervisor.getState'},
        {'methodName': 'supervisor.getProcessInfo', 'params': ['nope']},
        {'params': []},
        {'methodName': 'system.multicall', 'params': [[]]},
        {'methodName': 'supervisor.getProcessInfo', 'params': [1]},
        {'methodName': 'system.methodSignature', 'params': ['supervisor.getPID']},
    ]))
    save_http('internal_error', call('supervisor.getProcessInfo', 1))
    save_http('unauthorized', call('supervisor.getState', path=here + '/auth.sock'))
    save_http('authorized', call('supervisor.getState', path=here + '/auth.sock',
                                 extra=b'Authorization: Basic dXNlcjp0ZXN0\r\n'))
    save_http('not_found', raw(b'GET /logtail/nope HTTP/1.0\r\n\r\n'))
    save_http('get_rpc2', raw(b'GET /RPC2 HTTP/1.0\r\n\r\n'))
    save_http('length_required', raw(b'POST /RPC2 HTTP/1.0\r\n\r\n'))
    save_http('unmarshallable', raw(b'POST /RPC2 HTTP/1.0\r\nContent-Length: 5\r\n\r\n<a><b'))
    save_http('no_method_name', raw(b'POST /RPC2 HTTP/1.0\r\nContent-Length: 13\r\n\r\n<methodCall/>'))
    body = b'<methodCall><methodName>supervisor.getAPIVersion</methodName></methodCall>'
    save_http('keepalive10', raw(b'POST /RPC2 HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: %d\r\n\r\n' % len(body)
                                 + body + b'GET /x HTTP/1.0\r\n\r\n'))
    save_http('noversion', raw(b'POST /RPC2\r\nContent-Length: %d\r\n\r\n' % len(body) + body))
    save_http('http11_close', raw(b'POST /RPC2 HTTP/1.1\r\nContent-Length: %d\r\n\r\n' % len(body) + body
                                  + b'POST /RPC2 HTTP/1.1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n' % len(body) + body))
    save_http('logtail10', raw(b'GET /logtail/weird HTTP/1.0\r\n\r\n', stream=True))
    save_http('logtail11', raw(b'GET /logtail/weird HTTP/1.1\r\n\r\n', stream=True))
finally:
    p.send_signal(signal.SIGTERM)
    p.wait(20)

# Types the reference never returns itself but the marshaller handles (RPC-XML-005).
types = {
    'types_scalars': (0, -2147483648, 2147483647, True, False, '', 'a&b<c>d"e\'f', 1.5, 0.1, -0.0, 1e100, 1e-7, 123456789.0,
                      float('inf'), float('nan')),
    'types_nested': ({'a': [], 'b': {}, 'c': [[1, [2]], {'x': {'y': 'z'}}], 'd\u00e9\x01': 'tab\there\r\nnl\x7f'},),
    'types_binary': (b'\x00\x01hello' * 10, datetime.datetime(2026, 11, 25, 18, 13, 47)),
}
for name, values in types.items():
    with open(os.path.join(xmldir, name + '.xml'), 'wb') as f:
        f.write(xmlrpc.client.dumps((values,), methodresponse=True).encode('utf-8'))
