# spr — mtspr/mfspr round trips of LR, CTR, XER, SPRG0-3, SRR0/1, DAR, DSISR; the timebase
# (mftb monotonic, TBU = upper half) and the PVR of a POWER8 (0x004d0200, QEMU's
# POWER8 v2.0). (ISA 2.07 Book I 3.3.15, Book III 4.3-4.4, 7.)
	.include "common.inc"
	.include "runtime.inc"
	.text
	.set	VAL1, 0x0123456789abcdef
	.set	VAL2, 0xfedcba9876543210
_start:
	START64
	PRINTLN	"spr: user"
	LI64	r4, VAL1
	LI64	r5, VAL2
	mtlr	r4
	mflr	r3
	check	r3, VAL1, "lr"
	mtctr	r5
	mfctr	r3
	check	r3, VAL2, "ctr"
	mtspr	8, r5			# LR by number
	mfspr	r3, 8
	check	r3, VAL2, "mtspr/mfspr 8 (lr)"
	mtspr	9, r4
	mfspr	r3, 9
	check	r3, VAL1, "mtspr/mfspr 9 (ctr)"
	# XER: SO, OV, CA and the string byte count (bits 57:63) are defined on POWER8
	LI64	r0, 0xe000007f
	mtxer	r0
	mfxer	r3
	check	r3, 0xe000007f, "xer so ov ca count"
	li	r0, 0
	mtspr	1, r0
	mfspr	r3, 1
	check	r3, 0, "xer cleared"
	PRINTLN	"spr: supervisor"
	mtsprg0	r4
	mtsprg1	r5
	mtsprg2	r4
	mtsprg3	r5
	mfsprg0	r3
	check	r3, VAL1, "sprg0"
	mfsprg1	r3
	check	r3, VAL2, "sprg1"
	mfsprg2	r3
	check	r3, VAL1, "sprg2"
	mfsprg3	r3
	check	r3, VAL2, "sprg3"
	mfspr	r3, 259			# SPRG3 user read-only alias
	check	r3, VAL2, "sprg3 via 259"
	mtsrr0	r4
	mfsrr0	r3
	check	r3, VAL1, "srr0"
	LI64	r6, 0x8000000000001032
	mtsrr1	r6
	mfsrr1	r3
	check	r3, 0x8000000000001032, "srr1"
	mtdar	r5
	mfdar	r3
	check	r3, VAL2, "dar"
	LI64	r6, 0x42000000
	mtdsisr	r6
	mfdsisr	r3
	check	r3, 0x42000000, "dsisr"
	PRINTLN	"spr: timebase"
	mftb	r4
	li	r0, 1000
	mtctr	r0
1:	bdnz	1b
	mftb	r5
	cmpld	r5, r4
	li	r3, 0
	blt	2f
	li	r3, 1
2:	check	r3, 1, "mftb monotonic"
	mfspr	r6, 268			# TB
	mfspr	r7, 269			# TBU
	srdi	r8, r6, 32
	subf	r9, r8, r7		# TBU = TB >> 32 unless the low word wrapped in between
	cmpldi	r9, 1
	li	r3, 0
	bgt	3f
	li	r3, 1
3:	check	r3, 1, "tbu is the upper half"
	PRINTLN	"spr: pvr"
	mfpvr	r3
	check	r3, 0x004d0200, "pvr"
	mfmsr	r3
	check	r3, MSR_SF, "msr"
	FINISH	"spr"
	.include "vectors.inc"
