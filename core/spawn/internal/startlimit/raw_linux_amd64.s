#include "textflag.h"

// func getrlimitNofile(lim *[2]uint64) uintptr
// getrlimit(RLIMIT_NOFILE, lim); returns 0 or -errno.
TEXT ·getrlimitNofile(SB),NOSPLIT,$0-16
	MOVQ	$7, DI            // RLIMIT_NOFILE
	MOVQ	lim+0(FP), SI
	MOVQ	$97, AX           // SYS_getrlimit
	SYSCALL
	MOVQ	AX, ret+8(FP)
	RET
