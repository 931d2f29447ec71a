// Package conformance proves, differentially, that our supervisord behaves like
// the reference (Python supervisord 4.2.5, Debian package 4.2.5-1). It is black
// box and test-only: it builds ./cmd/supervisord and runs it as a program, and
// imports nothing else from the module.
//
// # The tests
//
// TestScripts runs every testdata/*.txtar as a testscript twice: subtest go
// against our binary, subtest ref against the reference's supervisord. Both
// are driven by the stock Python supervisorctl and a Python XML-RPC client,
// and the same expectations must hold on both sides: the reference is the
// expectation.
//
// TestDumpConfig loads every testdata/configs/*.txtar with the reference's own
// options module (scripts/dumpconfig.py) and with `supervisord --dump-config`,
// and wants the same exit status, then the same JSON document (exit 0) or the
// same stderr bytes (config errors). The archive holds supervisord.conf and the
// files it needs; the optional archive files args (extra flags, one per line,
// put before `-c supervisord.conf`) and env (KEY=VALUE lines) configure the run
// and are not extracted. Both sides run in a fresh directory with PATH, HOME
// (that directory), TMPDIR (its tmp/), LANG=C.UTF-8 and the env lines; in the
// outputs the directory reads $WORK and the host name $HOST.
//
// TestFastCGINginx runs a real web server end to end on both sides: Debian's
// nginx (installed when missing) passes requests to an [fcgi-program:x] pool
// whose Go FastCGI children (testdata/fcgichild) share the socket on fd 0,
// and every request must succeed while one child is restarted.
//
// The benchmarks (make bench) run both implementations side by side and
// report each figure with its ratio; they never run in make test.
//
// # Running
//
//	go test -race ./conformance                                    # everything
//	go test -race ./conformance -run 'TestScripts/ref'             # one side
//	go test -race ./conformance -run 'TestScripts/go/harness_daemon$'  # one script, one side
//	go test -race ./conformance -run 'TestDumpConfig/prg_defaults$'    # one config
//	go test -race ./conformance -run 'TestScripts/ref/harness_daemon$' -v -testwork  # keep $WORK
//
// The reference comes from scripts/reference --dir (cached under .cache/). If
// it cannot be had, the tests fail. For a local run without it, set
// CONFORMANCE_SKIP_REFERENCE=1: everything that needs it (both script sides,
// since the stock supervisorctl comes from it, and TestDumpConfig) is then
// skipped with a loud message. The knob is refused when CI=true.
//
// # Writing a script
//
// Add testdata/<area>_<behaviour>.txtar. Its config uses the conventions of
// shared/spec/README.md: paths under %(here)s, `[unix_http_server]
// file=%(here)s/s.sock` (the default socket of rpc and waitstate), and
// `[rpcinterface:supervisor]`. Each script runs in its own $WORK, whose
// environment is testscript's plus:
//
//	PATH        $BIN first
//	BIN         this side's bin directory: supervisord (ours or the reference's
//	            script) and supervisorctl (always the reference's script)
//	IMPL        go or ref
//	PYTHONPATH  the reference's dist-packages
//	LANG        C.UTF-8
//	HOME        $WORK
//
// Run supervisord and supervisorctl by bare name: argv0 is then $BIN/supervisord
// on both sides, so usage errors read `For help, use $BIN/supervisord -h` (match
// them with cmpenv). Comments cite spec IDs (shared/spec). Expectations come
// from running the reference, never from our binary.
//
// [go] and [ref] prefix a line that runs on that side only. They mark a
// deliberate difference, and the script must say why in a comment next to it
// (with the spec ID the deviation is recorded against).
//
// # Commands
//
// Besides testscript's own:
//
//	expectexit [-t DURATION] STATUS COMMAND [ARG...]
//	    Run COMMAND as exec does (through the script's PATH, in its directory,
//	    with its environment; at most 30s, then SIGTERM, SIGKILL 5s later) and
//	    fail unless it exits with exactly STATUS. stdout, stderr, cmp and cmpenv
//	    read its output.
//	rpc [-s URL] [-u USER -p PASS] [-t DURATION] METHOD [ARG...]
//	    Call an XML-RPC method as supervisorctl does (xmlrpc.client through
//	    supervisor.xmlrpc.SupervisorTransport) and print the result as
//	    json.dumps(sort_keys=True, indent=1, ensure_ascii=False). An ARG that
//	    parses as JSON is sent as that value, any other as a string. A Fault
//	    prints `FAULT <code> <faultString>` and fails the command, so write
//	    `! rpc ...` and then `stdout 'FAULT 10 BAD_NAME: x'`; any other error
//	    (no socket, HTTP error) fails it even under !. The URL is -s, else
//	    $SUPERVISOR_URL, else unix://$WORK/s.sock. Bounded by -t (30s).
//	waitstate [-s URL] [-u USER -p PASS] [-t DURATION] NAME STATE
//	    Poll supervisor.getProcessInfo(NAME) (one Python process) until its
//	    statename is STATE; after -t (15s) fail with
//	    `waitstate: NAME did not reach STATE within 15s (last: RUNNING)`.
//	waitfile [-t DURATION] FILE REGEXP
//	    Wait until a line of FILE matches REGEXP (Go syntax); -t defaults to 15s.
//	stopdaemons
//	    Stop every supervisord of this script: SIGTERM, then after 10s SIGKILL
//	    to it, its process group and its descendants; then kill any process
//	    left with this script's WORK in its environment. Fails if a supervisord
//	    had to be killed. It is the last command of every script (see below).
//
// # Cleanup
//
// At the end of a script testscript sends SIGINT to the commands still in the
// background (`exec ... &name&`) and waits for them without a bound; on failure
// it does the same after the script's Defers. So the harness runs each script
// from a copy with stopdaemons appended (failure messages name that copy,
// with the original's line numbers), and registers the same cleanup as a
// Defer, which on failure runs before testscript's SIGINT. Either way a
// foreground supervisord gets SIGTERM first and stops its children
// (process.md PROC-SIG-001). A script that ends early with testscript's stop
// or skip gets SIGINT first, which the reference also treats as shutdown.
// Daemons are found by their pidfiles under $WORK, by WORK=$WORK in their
// environment, and as background children of the test binary.
package conformance
