// Package logs writes and reads supervisord's log files the way the reference
// does: the supervisord.log writer ([Logger], PROC-LOGF), the per-channel child
// output logs ([ChildLog], PROC-CLOG), the rotating file under both ([File]),
// the byte-range reads behind readLog and tailProcessStdoutLog ([ReadLog],
// [TailLog], RPC-SUP-006/026), the AUTO child log names and their start-up
// cleanup ([AutoChildLogName], [ClearAutoChildLogDir]), the ANSI stripper
// ([StripANSI]) and the bounded capture-mode buffer ([CaptureBuffer]).
//
// testdata/reference.py drives the reference's own code; the *MatchesReference
// tests re-run it (when /usr/bin/python3 and scripts/reference's cache are
// present) against the tables the other tests pin.
//
// Callers: cmd/supervisord builds the [Logger] and passes it down (there is no
// global logger); core/supervisor owns one [ChildLog] per logged channel; rpc
// calls [ReadLog] and [TailLog] from its handler goroutines. This package
// imports only compat/ and the standard library, and never touches the
// process's stdout or stderr itself: they are handed in as io.Writers.
//
// Concurrency: [Logger] is safe for concurrent use and writes synchronously,
// so a line is on disk when the call returns (readLog right after an action
// sees it, as with the reference). [ChildLog] writes on its own goroutine so a
// slow disk never stalls the supervisor loop; see its doc for backpressure.
// [File] is not safe for concurrent use; its owner serialises calls.
//
// Reference: supervisor/loggers.py, supervisor/dispatchers.py (_log,
// stripEscapes), supervisor/options.py (make_logger, readFile, tailFile,
// get_autochildlog_name, clear_autochildlogdir), supervisor/rpcinterface.py
// (readLog, clearLog, _readProcessLog, _tailProcessLog).
package logs
