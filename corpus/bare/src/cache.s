# cache — storage control: sync/lwsync/ptesync/isync/eieio and dcbt/dcbtst/dcbst/dcbf/icbi
# execute without effect on registers or memory; dcbz zeroes the whole 128-byte block
# (POWER8 cache line) that contains the EA, aligned down; the documented sequence
# store; dcbst; sync; icbi; isync makes modified instructions visible (ISA 2.07 Book II 1.8,
# 4.3).
	.include "common.inc"
	.include "runtime.inc"
	.text
	.macro FILL384 val
	li	r0, \val
	li	r5, 48			# 384 bytes: three blocks
	mtctr	r5
	addi	r5, r20, -8
9:	stdu	r0, 8(r5)
	bdnz	9b
	.endm
_start:
	START64
	LI64	r20, SCRATCH			# 128-byte aligned
	PRINTLN	"cache: barriers and hints"
	LI64	r4, 0x1122334455667788
	std	r4, 0(r20)
	sync
	lwsync
	ptesync
	eieio
	isync
	dcbt	0, r20
	dcbtst	0, r20
	dcbst	0, r20
	dcbf	0, r20
	icbi	0, r20
	sync
	isync
	ld	r3, 0(r20)
	check	r3, 0x1122334455667788, "memory unchanged after hints"
	check	r4, 0x1122334455667788, "register unchanged"
	PRINTLN	"cache: dcbz"
	FILL384	-1
	li	r12, 0x85
	dcbz	r20, r12			# zeroes 0x80..0xff
	ld	r3, 0x78(r20)
	check	r3, -1, "dcbz leaves bytes below the block"
	ld	r3, 0x80(r20)
	check	r3, 0, "dcbz block start"
	ld	r3, 0xf8(r20)
	check	r3, 0, "dcbz block end"
	li	r3, 0
	li	r5, 16
	mtctr	r5
	addi	r5, r20, 0x78
1:	ldu	r6, 8(r5)
	or	r3, r3, r6
	bdnz	1b
	check	r3, 0, "dcbz whole block zero"
	ld	r3, 0x100(r20)
	check	r3, -1, "dcbz leaves bytes above the block"
	FILL384	-1
	dcbz	0, r20
	ld	r3, 0(r20)
	ld	r4, 0x78(r20)
	ld	r5, 0x80(r20)
	check	r3, 0, "dcbz ra=0 aligned first"
	check	r4, 0, "dcbz ra=0 aligned last"
	check	r5, -1, "dcbz ra=0 next block intact"
	PRINTLN	"cache: modified code"
	bl	smc_target
	check	r3, 0, "smc before"
	LA	r5, smc_target
	LI64	r6, 0x3860002a			# li r3, 42
	stw	r6, 0(r5)
	dcbst	0, r5
	sync
	icbi	0, r5
	isync
	bl	smc_target
	check	r3, 42, "smc after icbi"
	FINISH	"cache"
smc_target:
	li	r3, 0
	blr
	.include "vectors.inc"
