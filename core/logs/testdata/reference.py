"""Drive the reference's logging code (supervisor 4.2.5) and print what it did.

Reads one JSON request on stdin, prints one JSON answer on stdout. Byte strings
travel as latin-1 text so every byte value survives JSON. Used by the Go tests
of core/logs to pin and re-check the reference's behaviour:

    PYTHONPATH=$(scripts/reference --dir)/usr/lib/python3/dist-packages \
        /usr/bin/python3 core/logs/testdata/reference.py < request.json

Request kinds:
  rotate   {"kind":"rotate","cases":[{"maxbytes":N,"backups":N,"pre":{name:s},"ops":[...]}]}
           pre: files in the directory before x.log is opened;
           ops: {"write":s} | {"reopen":1} | {"remove":1} | {"put":name,"data":s}
           answer per case: {"files":{name:content}} of the whole directory.
  read     {"kind":"read","cases":[{"data":s,"offset":N,"length":N}]}
           answer per case: {"data":s} or {"error":"BAD_ARGUMENTS"|"FAILED"}.
  tail     {"kind":"tail","cases":[{"data":s,"offset":N,"length":N}]}
           answer per case: {"data":s,"offset":N,"overflow":bool}.
  strip    {"kind":"strip","cases":[s,...]} -> [s,...]
  mainlog  {"kind":"mainlog","tz":"UTC","level":N,"syslog":bool,
            "records":[{"level":N,"msg":s,"time":float}]}
           answer: {"file":s} or {"syslog":[s,...]}
  childsyslog {"kind":"childsyslog","name":s,"chunks":[s,...]} -> [s,...]
  autoclean {"kind":"autoclean","identifier":s,"names":[s,...]} -> [s,...] matched
"""
import json
import os
import sys
import tempfile
import time

from supervisor import loggers
from supervisor import options
from supervisor.dispatchers import stripEscapes


def b(s):
    return s.encode('latin-1')


def s(b_):
    return b_.decode('latin-1')


def listing(d):
    out = {}
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), 'rb') as f:
            out[name] = s(f.read())
    return out


def rotate(case):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, 'x.log')
        for name, data in sorted(case.get('pre', {}).items()):
            with open(os.path.join(d, name), 'wb') as f:
                f.write(b(data))
        logger = loggers.getLogger()
        loggers.handle_file(logger, path, '%(message)s',
                            rotating=not not case['maxbytes'],
                            maxbytes=case['maxbytes'],
                            backups=case['backups'])
        for op in case['ops']:
            if 'write' in op:
                logger.info(b(op['write']))
            elif 'reopen' in op:
                for h in logger.handlers:
                    h.reopen()
            elif 'remove' in op:
                for h in logger.handlers:
                    h.remove()
                    h.reopen()
            elif 'put' in op:
                with open(os.path.join(d, op['put']), 'wb') as f:
                    f.write(b(op.get('data', '')))
        logger.close()
        return {'files': listing(d)}


def withfile(data, fn):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, 'x.log')
        with open(path, 'wb') as f:
            f.write(b(data))
        return fn(path)


def read(case):
    def fn(path):
        try:
            return {'data': s(options.readFile(path, case['offset'], case['length']))}
        except ValueError as e:
            return {'error': e.args[0]}
    return withfile(case['data'], fn)


def tail(case):
    def fn(path):
        # tailFile decodes as UTF-8; the cases are ASCII.
        data, offset, overflow = options.tailFile(path, case['offset'], case['length'])
        return {'data': data, 'offset': offset, 'overflow': overflow}
    return withfile(case['data'], fn)


def mainlog(req):
    os.environ['TZ'] = req['tz']
    time.tzset()
    sent = []
    clock = [0.0]
    time.time = lambda: clock[0]
    loggers.SyslogHandler._syslog = lambda self, msg: sent.append(msg)
    with tempfile.TemporaryDirectory() as d:
        path = 'syslog' if req['syslog'] else os.path.join(d, 'main.log')
        logger = loggers.getLogger(req['level'])
        loggers.handle_file(logger, path, '%(asctime)s %(levelname)s %(message)s\n')
        for r in req['records']:
            clock[0] = r['time']
            logger.log(r['level'], r['msg']) if r['level'] >= logger.level else None
        logger.close()
        if req['syslog']:
            return {'syslog': sent}
        with open(path, 'rb') as f:
            return {'file': f.read().decode('utf-8')}


def childsyslog(req):
    sent = []
    loggers.SyslogHandler._syslog = lambda self, msg: sent.append(msg)
    logger = loggers.getLogger()
    loggers.handle_syslog(logger, fmt=req['name'] + ' %(message)s')
    for c in req['chunks']:
        logger.info(b(c))
    return sent


def autoclean(req):
    import re
    fnre = re.compile(r'.+?---%s-\S+\.log\.{0,1}\d{0,4}' % req['identifier'])
    return [n for n in req['names'] if fnre.match(n)]


def main():
    req = json.load(sys.stdin)
    kind = req['kind']
    if kind == 'rotate':
        out = [rotate(c) for c in req['cases']]
    elif kind == 'read':
        out = [read(c) for c in req['cases']]
    elif kind == 'tail':
        out = [tail(c) for c in req['cases']]
    elif kind == 'strip':
        out = [s(stripEscapes(b(c))) for c in req['cases']]
    elif kind == 'mainlog':
        out = mainlog(req)
    elif kind == 'childsyslog':
        out = childsyslog(req)
    elif kind == 'autoclean':
        out = autoclean(req)
    else:
        raise SystemExit('unknown kind %r' % kind)
    json.dump(out, sys.stdout, sort_keys=True)


if __name__ == '__main__':
    main()
