# multiple — lmw/stmw and the string instructions lswi/lswx/stswi/stswx (big-endian;
# ISA 2.07 Book I 3.3.6-3.3.7). Loaded words are zero-extended into the low word; a string
# load fills registers left to right, pads the last one with zeros and wraps r31 -> r0.
	.include "common.inc"
	.include "runtime.inc"
	.text
	.macro CLEAR16
	li	r0, 0
	std	r0, 0(r20)
	std	r0, 8(r20)
	.endm
_start:
	START64
	LA	r10, pat
	LI64	r20, SCRATCH
	PRINTLN	"multiple: lmw/stmw"
	li	r28, -1
	li	r29, -1
	li	r30, -1
	li	r31, -1
	lmw	r28, 0(r10)
	check	r28, 0x80818283, "lmw r28"
	check	r29, 0x84858687, "lmw r29"
	check	r30, 0x88898a8b, "lmw r30"
	check	r31, 0x8c8d8e8f, "lmw r31"
	LI64	r29, 0x1111111122222222
	LI64	r30, 0x3333333344444444
	LI64	r31, 0x5555555566666666
	CLEAR16
	stmw	r29, 4(r20)
	ld	r3, 0(r20)
	ld	r4, 8(r20)
	check	r3, 0x0000000022222222, "stmw low"
	check	r4, 0x4444444466666666, "stmw high"
	PRINTLN	"multiple: lswi/lswx"
	li	r5, -1
	li	r6, -1
	li	r7, -1
	lswi	r5, r10, 7
	check	r5, 0x80818283, "lswi 7 r5"
	check	r6, 0x84858600, "lswi 7 r6 padded"
	check	r7, -1, "lswi 7 r7 untouched"
	lswi	r5, r10, 16
	check	r8, 0x8c8d8e8f, "lswi 16 r8"
	li	r0, -1
	lswi	r31, r10, 6
	check	r31, 0x80818283, "lswi wrap r31"
	check	r0, 0x84850000, "lswi wrap r0"
	li	r0, 5
	mtxer	r0
	li	r12, 1
	li	r5, -1
	li	r6, -1
	lswx	r5, r10, r12
	mfxer	r7
	check	r5, 0x81828384, "lswx 5 r5"
	check	r6, 0x85000000, "lswx 5 r6"
	check	r7, 5, "lswx leaves XER"
	PRINTLN	"multiple: stswi/stswx"
	CLEAR16
	LI64	r5, 0xffffffffa1a2a3a4
	LI64	r6, 0xffffffffb1b2b3b4
	stswi	r5, r20, 6
	ld	r3, 0(r20)
	check	r3, 0xa1a2a3a4b1b20000, "stswi 6"
	CLEAR16
	li	r0, 3
	mtxer	r0
	li	r12, 2
	stswx	r5, r20, r12
	ld	r3, 0(r20)
	check	r3, 0x0000a1a2a3000000, "stswx 3"
	li	r0, 0
	mtxer	r0
	FINISH	"multiple"

	.data
	.balign	16
pat:	.quad	0x8081828384858687, 0x88898a8b8c8d8e8f
	.text
	.include "vectors.inc"
