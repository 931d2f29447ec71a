#include "textflag.h"

// func getrlimitNofile(lim *[2]uint64) uintptr
// prlimit64(0, RLIMIT_NOFILE, NULL, lim); returns 0 or -errno.
TEXT ·getrlimitNofile(SB),NOSPLIT,$0-16
	MOVD	$0, R0
	MOVD	$7, R1            // RLIMIT_NOFILE
	MOVD	$0, R2
	MOVD	lim+0(FP), R3
	MOVD	$261, R8          // SYS_prlimit64
	SVC
	MOVD	R0, ret+8(FP)
	RET
