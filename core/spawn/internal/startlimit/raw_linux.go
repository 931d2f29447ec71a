//go:build linux && (amd64 || arm64)

package startlimit

const supported = true

// getrlimitNofile is the raw system call, in assembly: this package may not
// import syscall (see the package comment).
//
//go:noescape
func getrlimitNofile(lim *[2]uint64) uintptr
