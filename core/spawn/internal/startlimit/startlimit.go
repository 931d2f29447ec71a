// Package startlimit records the RLIMIT_NOFILE this process was started with.
//
// The Go runtime's syscall package raises the soft RLIMIT_NOFILE to the hard
// limit in its init and hides the original (it only restores it in children).
// supervisord's minfds check (PROC-LIMIT-001) must compare minfds with the
// limit the process was given, as the reference does. So this package reads
// it before syscall's init runs: it imports nothing, and the Go spec
// initialises packages in import-path order among those whose imports are
// initialised, so "github.com/..." comes before "syscall".
package startlimit

// NoFile is the soft and hard RLIMIT_NOFILE at process start; Known is false
// where it could not be read (an architecture without the raw call).
var NoFile, Known = read()

func read() ([2]uint64, bool) {
	var lim [2]uint64
	if !supported || getrlimitNofile(&lim) != 0 {
		return lim, false
	}
	return lim, true
}
