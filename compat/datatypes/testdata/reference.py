"""The reference side of diff_test.go: reads JSON requests, one a line,
{"fn": name, "arg": hex of the UTF-8 bytes}, calls supervisor.datatypes
(or the options.py helper) on the argument decoded with surrogateescape, and
answers {"result": canon}, where canon is an ASCII rendering of the value or
of the exception text that diff_test.go builds in the same way for ours.
Run with PYTHONPATH pointing at the reference's dist-packages."""
import json
import os
import sys

from supervisor import datatypes
from supervisor import options


def hx(s):
    return s.encode("utf-8", "surrogateescape").hex()


def canon(v):
    if v is None:
        return "n"
    if v is True or v is False:
        return "b1" if v else "b0"
    if v is datatypes.Automatic:
        return "AUTO"
    if v is datatypes.Syslog:
        return "SYSLOG"
    if v is datatypes.RestartUnconditionally:
        return "T"
    if v is datatypes.RestartWhenExitUnexpected:
        return "U"
    if isinstance(v, int):
        return "i%d" % v
    if isinstance(v, str):
        return "s" + hx(v)
    if isinstance(v, dict):
        return "[" + ",".join("[%s,%s]" % (canon(k), canon(x)) for k, x in v.items()) + "]"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(canon(x) for x in v) + "]"
    raise TypeError(repr(v))


def logging_level(s):
    level = datatypes.logging_level(s)
    if not isinstance(level, int):
        # Documented difference: we reject non-level attributes.
        raise ValueError("bad logging level name %r" % s)
    return level


FUNCS = {
    "integer": datatypes.integer,
    "boolean": datatypes.boolean,
    "byte_size": datatypes.byte_size,
    "octal_type": datatypes.octal_type,
    "list_of_exitcodes": datatypes.list_of_exitcodes,
    "signal_number": datatypes.signal_number,
    "logfile_name": datatypes.logfile_name,
    "existing_directory": datatypes.existing_directory,
    "existing_dirpath": datatypes.existing_dirpath,
    "logging_level": logging_level,
    "process_or_group_name": datatypes.process_or_group_name,
    "name_to_uid": datatypes.name_to_uid,
    "name_to_gid": datatypes.name_to_gid,
    "colon_separated_user_group": datatypes.colon_separated_user_group,
    "inet_address": datatypes.inet_address,
    "port_number": datatypes.port_number,
    "url": datatypes.url,
    "dict_of_key_value_pairs": datatypes.dict_of_key_value_pairs,
    "list_of_strings": datatypes.list_of_strings,
    "auto_restart": datatypes.auto_restart,
    "profile_options": datatypes.profile_options,
    "normalize_path": options.normalize_path,
    "expanduser": os.path.expanduser,
}


def main():
    for line in sys.stdin.buffer:
        req = json.loads(line)
        arg = bytes.fromhex(req["arg"]).decode("utf-8", "surrogateescape")
        try:
            result = canon(FUNCS[req["fn"]](arg))
        except Exception as e:
            result = "E" + hx(str(e))
        sys.stdout.write(json.dumps({"result": result}) + "\n")
        sys.stdout.flush()


main()
