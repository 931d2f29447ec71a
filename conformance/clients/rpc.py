#!/usr/bin/python3
"""XML-RPC client for the conformance scripts' `rpc` and `waitstate` commands.

It talks to supervisord exactly as the stock clients do: xmlrpc.client through
supervisor.xmlrpc.SupervisorTransport (which understands unix:// URLs), so it
needs PYTHONPATH set to the reference's dist-packages.

Usage:
  rpc.py call      -s URL [-u USER -p PASS] -t SECONDS METHOD [ARG...]
  rpc.py waitstate -s URL [-u USER -p PASS] -t SECONDS NAME STATE

call prints the result as canonical JSON and exits 0; a Fault prints
`FAULT <code> <faultString>` and exits 1. waitstate polls
supervisor.getProcessInfo(NAME) until its statename is STATE (exit 0) or the
time is up (exit 1, last seen state on stdout). Any other error (no socket,
HTTP error, bad arguments) is reported on stderr with exit 2.
"""
import argparse
import json
import socket
import sys
import time
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

EXIT_FAULT = 1
EXIT_ERROR = 2


def proxy(args):
    transport = SupervisorTransport(args.user, args.password, args.url)
    # The host part is ignored by SupervisorTransport; supervisorctl and
    # childutils pass the same placeholder.
    return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)


def jsonable(value):
    if isinstance(value, xmlrpc.client.Binary):
        return {"binary": repr(value.data)}
    if isinstance(value, xmlrpc.client.DateTime):
        return {"datetime": value.value}
    raise TypeError("cannot print %r" % (value,))


def parse_arg(text):
    try:
        return json.loads(text)
    except ValueError:
        return text


def call(args):
    params = [parse_arg(a) for a in args.params]
    try:
        result = getattr(proxy(args), args.method)(*params)
    except xmlrpc.client.Fault as f:
        print("FAULT %d %s" % (f.faultCode, f.faultString))
        return EXIT_FAULT
    print(json.dumps(result, sort_keys=True, indent=1, ensure_ascii=False, default=jsonable))
    return 0


def describe(exc):
    if isinstance(exc, xmlrpc.client.Fault):
        return "FAULT %d %s" % (exc.faultCode, exc.faultString)
    return "%s: %s" % (type(exc).__name__, exc)


def waitstate(args):
    name, want = args.params
    deadline = time.monotonic() + args.timeout
    last = "no answer yet"
    server = None
    while True:
        try:
            if server is None:
                server = proxy(args)
            last = server.supervisor.getProcessInfo(name)["statename"]
            if last == want:
                return 0
        except xmlrpc.client.Fault as f:
            last = describe(f)
        except (OSError, xmlrpc.client.ProtocolError, xmlrpc.client.ResponseError) as e:
            last = describe(e)
            server = None  # the transport keeps a broken connection; start over
        if time.monotonic() >= deadline:
            print(last)
            return EXIT_FAULT
        time.sleep(0.1)


def main():
    p = argparse.ArgumentParser(prog="rpc.py")
    p.add_argument("mode", choices=("call", "waitstate"))
    p.add_argument("-s", dest="url", required=True)
    p.add_argument("-u", dest="user")
    p.add_argument("-p", dest="password")
    p.add_argument("-t", dest="timeout", type=float, required=True)
    p.add_argument("method_or_name")
    p.add_argument("params", nargs="*")
    args = p.parse_args()
    # Every socket operation is bounded; a hung server becomes an error.
    socket.setdefaulttimeout(args.timeout)
    try:
        if args.mode == "call":
            args.method = args.method_or_name
            return call(args)
        args.params = [args.method_or_name] + args.params
        if len(args.params) != 2:
            p.error("waitstate needs NAME STATE")
        return waitstate(args)
    except Exception as e:  # transport and protocol errors, not Faults
        print("rpc.py: %s" % describe(e), file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
