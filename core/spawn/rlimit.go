package spawn

import (
	"errors"
	"strconv"
	"syscall"

	"github.com/gosupervisord/gosupervisord/core/spawn/internal/startlimit"
)

// rlimInfinity is RLIM_INFINITY, which Python's resource module shows as -1.
const rlimInfinity = ^uint64(0)

// SetRlimits is ServerOptions.set_rlimits_or_exit (PROC-LIMIT): for
// RLIMIT_NOFILE (minfds) then RLIMIT_NPROC (minprocs), a soft limit below the
// minimum (and not unlimited) is raised to it, the hard limit too when it is
// lower (which needs root). infos are the "Increased RLIMIT_NOFILE limit to
// N" lines the daemon logs at INFO once its logger exists (PROC-BOOT-003). A
// failure returns the reference's text (PROC-LIMIT-002) for a usage error;
// like the reference, nothing after the failing limit is tried.
//
// The daemon calls it once at first start, before spawning anything.
//
// Differs from the reference only in mechanics: the Go runtime raises its own
// soft RLIMIT_NOFILE at start-up and restores the original in children, so the
// comparison uses the limit the process was started with (package
// startlimit). When nothing is raised, children keep that original soft
// limit; when it is raised, they inherit minfds, as with the reference.
func SetRlimits(minFDs, minProcs int) (infos []string, err error) {
	limits := []struct {
		name     string
		resource int
		min      int
		msg      func(min, hard string) string
	}{
		{"RLIMIT_NOFILE", syscall.RLIMIT_NOFILE, minFDs, func(min, hard string) string {
			return "The minimum number of file descriptors required to run this process is " + min +
				" as per the \"minfds\" command-line argument or config file setting. The current environment will only allow you to open " +
				hard + " file descriptors.  Either raise the number of usable file descriptors in your environment (see README.rst) or lower the minfds setting in the config file to allow the process to start."
		}},
		{"RLIMIT_NPROC", rlimitNproc, minProcs, func(min, hard string) string {
			return "The minimum number of available processes required to run this program is " + min +
				" as per the \"minprocs\" command-line argument or config file setting. The current environment will only allow you to open " +
				hard + " processes.  Either raise the number of usable processes in your environment (see README.rst) or lower the minprocs setting in the config file to allow the program to start."
		}},
	}
	for _, l := range limits {
		var cur syscall.Rlimit
		if err := syscall.Getrlimit(l.resource, &cur); err != nil {
			return infos, err
		}
		soft, hard := cur.Cur, cur.Max
		if l.resource == syscall.RLIMIT_NOFILE && startlimit.Known && startlimit.NoFile[1] == hard {
			soft = startlimit.NoFile[0]
		}
		min := uint64(l.min)
		if l.min < 0 || soft >= min || soft == rlimInfinity {
			continue
		}
		if hard < min && hard != rlimInfinity {
			hard = min
		}
		// syscall.Setrlimit, not unix's: it also stops Go from restoring
		// the start-up RLIMIT_NOFILE in children.
		if err := syscall.Setrlimit(l.resource, &syscall.Rlimit{Cur: min, Max: hard}); err != nil {
			return infos, errors.New(l.msg(strconv.Itoa(l.min), pyLimit(hard)))
		}
		infos = append(infos, "Increased "+l.name+" limit to "+strconv.Itoa(l.min))
	}
	return infos, nil
}

// rlimitNproc is RLIMIT_NPROC on Linux (the syscall package does not name it).
const rlimitNproc = 6

// pyLimit prints a limit as Python's resource module gives it.
func pyLimit(v uint64) string {
	if v == rlimInfinity {
		return "-1"
	}
	return strconv.FormatUint(v, 10)
}
