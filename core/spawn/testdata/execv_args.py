#!/usr/bin/python3
"""Runs the reference's Subprocess.get_execv_args (with check_execv_args and
ProcessConfig.get_path) on the cases TestResolveCommandReference sends.

    cd FIXTURE && python3 execv_args.py REFERENCE_DIST_PACKAGES < cases.json

Input: a JSON list of {"command", "env_path" (null: the program sets no PATH),
"sd_path" (null: supervisord has no PATH)}. Output: a JSON list of
{"filename", "argv", "err"} in the same order.
"""
import json, os, sys

sys.path.insert(0, sys.argv[1])
from supervisor.options import ServerOptions, ProcessConfig
from supervisor.process import Subprocess, ProcessException

class Config:
    pass

out = []
for case in json.load(sys.stdin):
    if case["sd_path"] is None:
        os.environ.pop("PATH", None)
    else:
        os.environ["PATH"] = case["sd_path"]
    cfg = Config()
    cfg.name = "foo"
    cfg.command = case["command"]
    cfg.options = ServerOptions()
    cfg.environment = None if case["env_path"] is None else {"PATH": case["env_path"]}
    cfg.get_path = lambda cfg=cfg: ProcessConfig.get_path(cfg)
    proc = Subprocess.__new__(Subprocess)
    proc.config = cfg
    try:
        filename, argv = proc.get_execv_args()
        out.append({"filename": filename, "argv": argv, "err": ""})
    except ProcessException as e:
        out.append({"filename": "", "argv": None, "err": e.args[0]})
json.dump(out, sys.stdout)
