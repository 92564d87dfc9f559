# atomic — load-and-reserve / store-conditional of every size (lbarx/lharx/lwarx/ldarx,
# stbcx./sthcx./stwcx./stdcx.): CR0 = 0b00 || success || XER[SO]; a stcx. without a
# reservation fails and stores nothing; every stcx. clears the reservation, so a second
# one fails (ISA 2.07 Book II 4.4.2).
	.include "common.inc"
	.include "runtime.inc"
	.text
	.macro CLR_CR
	li	r0, 0
	mtcrf	0xff, r0
	.endm
	.macro ATOM larx, stcx, val, want_load, want_mem, name
	LI64	r0, 0x8081828384858687
	std	r0, 0(r20)
	LI64	r4, \val
	CLR_CR
	\larx	r3, 0, r20
	\stcx	r4, 0, r20
	mfcr	r5
	ld	r6, 0(r20)
	check	r3, \want_load, "\name load"
	check32	r5, EQ, "\name success cr0"
	check	r6, \want_mem, "\name stored"
	CLR_CR
	LI64	r4, 0x5555555555555555
	\stcx	r4, 0, r20
	mfcr	r5
	ld	r6, 0(r20)
	check32	r5, 0, "\name second stcx fails"
	check	r6, \want_mem, "\name second stcx stores nothing"
	.endm
_start:
	START64
	LI64	r20, SCRATCH
	PRINTLN	"atomic"
	ATOM	lbarx, stbcx., 0xa5, 0x80, 0xa581828384858687, "byte"
	ATOM	lharx, sthcx., 0xa5a6, 0x8081, 0xa5a6828384858687, "half"
	ATOM	lwarx, stwcx., 0xa5a6a7a8, 0x80818283, 0xa5a6a7a884858687, "word"
	ATOM	ldarx, stdcx., 0xa5a6a7a8a9aaabac, 0x8081828384858687, 0xa5a6a7a8a9aaabac, "dword"
	# with XER[SO] = 1 the SO bit is copied to CR0 on success and on failure
	li	r0, 0
	std	r0, 0(r20)
	LI64	r0, XSO
	mtxer	r0
	CLR_CR
	li	r4, 7
	lwarx	r3, 0, r20
	stwcx.	r4, 0, r20
	mfcr	r5
	check32	r5, EQ|SO, "stwcx. success with SO"
	stwcx.	r4, 0, r20
	mfcr	r5
	check32	r5, SO, "stwcx. failure with SO"
	li	r0, 0
	mtxer	r0
	# a reservation on a doubleword at an offset (indexed EA)
	li	r0, 0
	std	r0, 8(r20)
	li	r12, 8
	li	r4, 99
	ldarx	r3, r20, r12
	addi	r4, r3, 1
	stdcx.	r4, r20, r12
	mfcr	r5
	ld	r6, 8(r20)
	check32	r5, EQ, "ldarx/stdcx. increment cr0"
	check	r6, 1, "ldarx/stdcx. increment value"
	# an atomic-increment loop (the usual retry idiom) runs exactly once here
	li	r7, 0
	stw	r7, 0(r20)
1:	lwarx	r3, 0, r20
	addi	r3, r3, 1
	addi	r7, r7, 1
	stwcx.	r3, 0, r20
	bne-	1b
	lwz	r3, 0(r20)
	check	r3, 1, "increment loop value"
	check	r7, 1, "increment loop iterations"
	FINISH	"atomic"
	.include "vectors.inc"
