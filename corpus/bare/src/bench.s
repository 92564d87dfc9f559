# bench — an integer loop of about 100 million instructions (loads, stores, adds,
# logical ops, rotates, compare and branch) over a 8 KiB array, then a checksum.
# Instruction count of the main loop: 7000 * (1 + 1024 * 14 + 2) = 100,373,000 (plus
# about 4,100 for the array set-up, and the console code).
# The checksum is also computed by a model of the loop (see the comment at the check).
	.include "common.inc"
	.include "runtime.inc"
	.text
	.set	OUTER, 7000
	.set	N, 1024
_start:
	START64
	PRINTLN	"bench: start"
	LI64	r20, SCRATCH
	LI64	r15, 0x9e3779b97f4a7c15
	li	r16, 1
	mr	r4, r20
	li	r0, N
	mtctr	r0
2:	std	r16, 0(r4)		# a[i] = 1 + i * 0x9e3779b97f4a7c15
	add	r16, r16, r15
	addi	r4, r4, 8
	bdnz	2b
	addi	r13, r20, N * 8		# end of the array
	li	r6, 0
	li	r7, 0
	li	r10, 0
	li	r11, 0
	li	r14, 0
	li	r0, OUTER
	mtctr	r0
outer:	mr	r4, r20
1:	ld	r5, 0(r4)
	add	r6, r6, r5
	xor	r7, r7, r5
	rotldi	r8, r6, 13
	and	r9, r8, r7
	add	r10, r10, r9
	addi	r11, r11, 3
	rlwinm	r12, r5, 5, 0, 31
	subf	r6, r12, r6
	xor	r5, r5, r8
	std	r5, 0(r4)
	addi	r4, r4, 8
	cmpld	r4, r13
	blt	1b
	add	r14, r14, r6
	bdnz	outer
	xor	r3, r6, r7
	xor	r3, r3, r10
	xor	r3, r3, r11
	xor	r3, r3, r14
	PRINT_REG r3, "bench checksum"
	# value from a straight model of the loop above (Python, 64-bit wrap-around)
	check	r3, 0x9ddfa3ec4b30598f, "bench checksum matches the model"
	FINISH	"bench"
	.include "vectors.inc"
