#!/usr/bin/python3
"""Load a supervisord config with the reference's own options module and print
every parsed value as canonical JSON, the same document that
`supervisord --dump-config` prints from ours.

Usage: PYTHONPATH=<reference dist-packages> python3 scripts/dumpconfig.py [supervisord flags] -c FILE

Configuration errors are reported exactly as the reference's supervisord reports
them (its usage() prints `Error: ...` and exits 2), because this calls the same
ServerOptions.realize() that supervisord's main() calls, and nothing after it:
no logger, no sockets, no daemon.
"""
import json
import socket
import sys

from supervisor import datatypes, events
from supervisor.options import (EventListenerPoolConfig, FastCGIGroupConfig,
                                ServerOptions)


def logfile(value):
    if value is datatypes.Automatic:
        return "AUTO"
    if value is datatypes.Syslog:
        return "SYSLOG"
    return value


def autorestart(value):
    if value is datatypes.RestartUnconditionally:
        return "true"
    if value is datatypes.RestartWhenExitUnexpected:
        return "unexpected"
    if value is False:
        return "false"
    raise TypeError("unexpected autorestart value %r" % (value,))


def owner(value):
    return None if value is None else list(value)


def process(p):
    return {
        "name": p.name,
        "command": p.command,
        "directory": p.directory,
        "umask": p.umask,
        "priority": p.priority,
        "autostart": bool(p.autostart),
        "autorestart": autorestart(p.autorestart),
        "startsecs": p.startsecs,
        "startretries": p.startretries,
        "uid": p.uid,
        "stdout_logfile": logfile(p.stdout_logfile),
        "stdout_capture_maxbytes": p.stdout_capture_maxbytes,
        "stdout_events_enabled": bool(p.stdout_events_enabled),
        "stdout_syslog": bool(p.stdout_syslog),
        "stdout_logfile_backups": p.stdout_logfile_backups,
        "stdout_logfile_maxbytes": p.stdout_logfile_maxbytes,
        "stderr_logfile": logfile(p.stderr_logfile),
        "stderr_capture_maxbytes": p.stderr_capture_maxbytes,
        "stderr_events_enabled": bool(p.stderr_events_enabled),
        "stderr_syslog": bool(p.stderr_syslog),
        "stderr_logfile_backups": p.stderr_logfile_backups,
        "stderr_logfile_maxbytes": p.stderr_logfile_maxbytes,
        "stopsignal": p.stopsignal,
        "stopwaitsecs": p.stopwaitsecs,
        "stopasgroup": bool(p.stopasgroup),
        "killasgroup": bool(p.killasgroup),
        "exitcodes": list(p.exitcodes),
        "redirect_stderr": bool(p.redirect_stderr),
        "environment": p.environment,
        "serverurl": p.serverurl,
    }


def socket_config(s):
    d = {"url": s.url, "backlog": s.backlog}
    if s.url.startswith("unix://"):
        d.update(path=s.path, mode=s.mode, owner=owner(s.owner))
    else:
        d.update(host=s.host, port=s.port)
    return d


def group(g):
    d = {
        "type": "program",
        "name": g.name,
        "priority": g.priority,
        "processes": [process(p) for p in g.process_configs],
    }
    if isinstance(g, EventListenerPoolConfig):
        d["type"] = "eventlistener"
        d["buffer_size"] = g.buffer_size
        d["events"] = sorted(events.getEventNameByType(e) for e in g.pool_events)
        h = g.result_handler
        d["result_handler"] = "%s:%s" % (h.__module__, h.__name__)
    elif isinstance(g, FastCGIGroupConfig):
        d["type"] = "fcgi-program"
        d["socket"] = socket_config(g.socket_config)
    return d


def server(c):
    d = {
        "section": c["section"],
        "name": c["name"],
        "username": c["username"],
        "password": c["password"],
    }
    if c["family"] == socket.AF_UNIX:
        d.update(family="unix", file=c["file"], chmod=c["chmod"], chown=owner(c["chown"]))
    else:
        d.update(family="inet", host=c["host"], port=c["port"])
    return d


def rpcinterface(entry):
    name, factory, kwargs = entry
    return {
        "name": name,
        "factory": "%s:%s" % (factory.__module__, factory.__name__),
        "kwargs": kwargs,
    }


def dump(o):
    return {
        "supervisord": {
            "configfile": o.configfile,
            "here": o.here,
            "nodaemon": bool(o.nodaemon),
            "silent": bool(o.silent),
            "user": o.user,
            "uid": o.uid,
            "gid": o.gid,
            "umask": o.umask,
            "directory": o.directory,
            "logfile": o.logfile,
            "logfile_maxbytes": o.logfile_maxbytes,
            "logfile_backups": o.logfile_backups,
            "loglevel": o.loglevel,
            "pidfile": o.pidfile,
            "identifier": o.identifier,
            "childlogdir": o.childlogdir,
            "minfds": o.minfds,
            "minprocs": o.minprocs,
            "nocleanup": bool(o.nocleanup),
            "strip_ansi": bool(o.strip_ansi),
            "environment": o.configroot.supervisord.environment,
            "serverurl": o.serverurl,
        },
        "rpcinterfaces": [rpcinterface(e) for e in o.rpcinterface_factories],
        "servers": [server(c) for c in o.server_configs],
        "groups": [group(g) for g in o.process_group_configs],
        "warnings": o.parse_warnings,
        "infos": o.parse_infos,
    }


def main():
    o = ServerOptions()
    o.realize(sys.argv[1:], doc="", progname="supervisord")
    sys.stdout.write(json.dumps(dump(o), indent=2, sort_keys=True, ensure_ascii=False))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
