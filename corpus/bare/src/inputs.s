# inputs — every kind of outside input a trace records: H_RANDOM entropy, the RTC
# (get-time-of-day), decrementer interrupts and console bytes. It prints only what does not
# depend on the values (so its transcript is the same under QEMU), but folds every value into
# r30, so the machine state does depend on them: a replay with other values diverges.
# Reads one line of console input (corpus/bare/input/inputs.txt in the tests).
	.include "common.inc"
	.include "runtime.inc"
	.text
_start:
	START64
	PRINTLN	"inputs: H_RANDOM"
	li	r30, 0
	li	r20, 8
1:	li	r3, H_RANDOM
	sc	1
	check	r3, 0, "H_RANDOM returns H_SUCCESS"
	xor	r30, r30, r4
	rotldi	r30, r30, 7
	addi	r20, r20, -1
	cmpdi	r20, 0
	bne	1b

	PRINTLN	"inputs: RTC"
	LA	r4, tod
	li	r0, RTAS_GET_TIME_OF_DAY
	stw	r0, 0(r4)
	li	r0, 0
	stw	r0, 4(r4)			# nargs
	li	r0, 8
	stw	r0, 8(r4)			# nret: status, year, month, day, hour, minute, second, ns
	li	r3, 0
	ori	r3, r3, KVMPPC_H_RTAS
	sc	1
	LA	r4, tod
	lwz	r5, 12(r4)
	check	r5, 0, "get-time-of-day status"
	lwz	r5, 16(r4)			# year: only a sanity check is printed
	li	r6, 0
	cmpdi	r5, 2020
	blt	2f
	li	r6, 1
2:	check	r6, 1, "get-time-of-day year >= 2020"
	li	r20, 1
4:	sldi	r21, r20, 2
	lwzx	r5, r4, r21			# fold year … ns into r30
	add	r30, r30, r5
	rotldi	r30, r30, 13
	addi	r20, r20, 1
	cmpdi	r20, 11
	blt	4b

	PRINTLN	"inputs: decrementer"
	li	r29, 0				# interrupts taken (the handler counts)
	li	r3, 20000
	mtdec	r3
	li	r3, 0
	ori	r3, r3, MSR_EE
	mtmsrd	r3, 1				# EE on
5:	addi	r28, r28, 1			# spin; how long depends on timing, so not printed
	cmpdi	r29, 3
	blt	5b
	li	r3, 0
	mtmsrd	r3, 1				# EE off
	check	r29, 3, "three decrementer interrupts"
	add	r30, r30, r28

	PRINTLN	"inputs: console"
	PRINT	"inputs: read "
	LA	r21, inbuf
6:	li	r3, H_GET_TERM_CHAR
	lis	r4, VTY_UNIT_HI
	ori	r4, r4, VTY_UNIT_LO
	sc	1
	cmpdi	r4, 0
	beq	6b
	std	r5, 0(r21)
	std	r6, 8(r21)
	mr	r22, r4
	li	r23, 0
7:	lbzx	r3, r21, r23
	cmpdi	r3, 10
	beq	8f
	add	r30, r30, r3
	bl	putc
	addi	r23, r23, 1
	cmpd	r23, r22
	blt	7b
	b	6b
8:	bl	newline
	FINISH	"inputs"

h900:	addi	r29, r29, 1			# decrementer: count, rearm, return
	li	r26, 20000
	cmpdi	cr7, r29, 3
	blt	cr7, 1f
	lis	r26, 0x7fff			# after the third, none for ~4 s: QEMU's time base follows
1:	mtdec	r26				# the host clock, and a busy host once fitted a fourth in
	rfid

	.data
	.balign	8
tod:	.space	48
inbuf:	.space	16
	.text
	.include "vectors.inc"
