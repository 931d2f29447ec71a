//go:build !(linux && (amd64 || arm64))

package startlimit

const supported = false

func getrlimitNofile(*[2]uint64) uintptr { return 1 }
