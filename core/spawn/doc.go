// Package spawn starts children the way the reference's Subprocess.spawn does
// (supervisor/process.py, supervisor/options.py): command resolution with the
// reference's spawnerr texts, pipes, a new process group, the child's
// environment, fds, signal dispositions, user, directory and umask, plus the
// boot-time resource limits and the wait-status texts the loop needs.
//
// It holds no state: the supervisor loop owns every process and is the only
// reaper; nothing here waits for a child. Callers: core/supervisor (Spawn,
// Kill, DecodeWaitStatus), cmd/supervisord (ChildMain, SetRlimits). It may
// import compat/, core/config and the standard library, nothing above.
//
// Go cannot run code between fork and exec, so Spawn forks and execs our own
// binary as a small helper that does the child-side steps and then execs the
// program, as runc does with "runc init"; see [ChildMain] for the handshake.
// Children that need none of those steps are exec'd directly, which is much
// cheaper; see [PrepareDirect] for when and why that is the same.
//
// Linux only: the helper relies on /proc/self/exe, close_range and the raw
// signal calls.
package spawn
