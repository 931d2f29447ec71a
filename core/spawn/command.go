package spawn

import (
	"os"
	"strings"

	"github.com/gosupervisord/gosupervisord/compat/datatypes"
	"github.com/gosupervisord/gosupervisord/compat/pyfmt"
	"github.com/gosupervisord/gosupervisord/compat/shlex"
	"golang.org/x/sys/unix"
)

// defaultPath is options.get_path's fallback when supervisord has no PATH.
var defaultPath = []string{"/bin", "/usr/bin", "/usr/local/bin"}

// ResolveCommand turns command= into the file to execute and the child's argv,
// as the reference's Subprocess.get_execv_args and
// ServerOptions.check_execv_args do (PROC-SPAWN-001..003, PROC-SPAWN-012).
// env is the program's environment= (already merged with [supervisord]
// environment=, as core/config does); its PATH, when present, replaces
// supervisord's own for the search.
//
// Errors are *SpawnError carrying the reference's spawnerr text (PROC-ERR-001
// .. PROC-ERR-006).
func ResolveCommand(command string, env []datatypes.KV) (filename string, argv []string, err error) {
	argv, err = shlex.Split(command)
	if err != nil {
		return "", nil, &SpawnError{Kind: ErrBadCommand,
			Text: "can't parse command " + pyfmt.Repr(command) + ": " + err.Error()}
	}
	if len(argv) == 0 {
		return "", nil, &SpawnError{Kind: ErrBadCommand, Text: "command is empty"}
	}
	program := argv[0]

	var st *unix.Stat_t
	if strings.Contains(program, "/") {
		filename = program
		st = stat(filename)
	} else {
		filename = program
		for _, dir := range searchPath(env) {
			found := pathJoin(dir, program)
			if st = stat(found); st != nil {
				filename = found
				break
			}
		}
	}
	if err := checkExecv(filename, st); err != nil {
		return "", nil, err
	}
	return filename, argv, nil
}

// searchPath is ProcessConfig.get_path: the program environment's PATH if it
// has one (even empty: "".split(":") is [""], which searches the current
// directory), else supervisord's non-empty $PATH, else defaultPath.
func searchPath(env []datatypes.KV) []string {
	if path, found := programPATH(env); found {
		return strings.Split(path, ":")
	}
	if p := os.Getenv("PATH"); p != "" {
		return strings.Split(p, ":")
	}
	return defaultPath
}

// programPATH is the PATH of the program's environment=, if it sets one.
func programPATH(env []datatypes.KV) (path string, found bool) {
	for _, kv := range env { // a dict: the last value of a key wins
		if kv.Key == "PATH" {
			path, found = kv.Value, true
		}
	}
	return path, found
}

// pathJoin is os.path.join(dir, name) for a name without a slash.
func pathJoin(dir, name string) string {
	if dir == "" || strings.HasSuffix(dir, "/") {
		return dir + name
	}
	return dir + "/" + name
}

// stat is the reference's "try: os.stat(f) except OSError: None".
func stat(name string) *unix.Stat_t {
	var st unix.Stat_t
	for {
		err := unix.Stat(name, &st)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil
		}
		return &st
	}
}

// checkExecv is ServerOptions.check_execv_args, tests in the same order.
func checkExecv(filename string, st *unix.Stat_t) error {
	switch {
	case st == nil:
		return &SpawnError{Kind: ErrNotFound, Text: "can't find command " + pyfmt.Repr(filename)}
	case st.Mode&unix.S_IFMT == unix.S_IFDIR:
		return &SpawnError{Kind: ErrNotExecutable, Text: "command at " + pyfmt.Repr(filename) + " is a directory"}
	case st.Mode&0o111 == 0:
		return &SpawnError{Kind: ErrNotExecutable, Text: "command at " + pyfmt.Repr(filename) + " is not executable"}
	}
	if err := unix.Access(filename, unix.X_OK); err != nil {
		return &SpawnError{Kind: ErrNoPermission, Text: "no permission to run command " + pyfmt.Repr(filename), Err: err}
	}
	return nil
}
