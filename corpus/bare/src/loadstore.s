# loadstore — fixed-point loads and stores of every width: D/DS-form, indexed, update
# (RA receives the EA), algebraic (sign-extending) and byte-reverse forms, and RA=0 meaning
# a base of 0 (ISA 2.07 Book I 3.3.2-3.3.5). Big-endian.
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
	LA	r10, pat			# r10 = pattern 80 81 ... 8f
	LA	r9, pat2			# r9 = 01 02 ... 08
	LI64	r20, SCRATCH
	PRINTLN	"loadstore: loads"
	lbz	r3, 1(r10)
	check	r3, 0x81, "lbz"
	lhz	r3, 2(r10)
	check	r3, 0x8283, "lhz"
	lha	r3, 2(r10)
	check	r3, 0xffffffffffff8283, "lha negative"
	lha	r3, 2(r9)
	check	r3, 0x0304, "lha positive"
	lwz	r3, 4(r10)
	check	r3, 0x84858687, "lwz"
	lwa	r3, 4(r10)
	check	r3, 0xffffffff84858687, "lwa negative"
	lwa	r3, 4(r9)
	check	r3, 0x05060708, "lwa positive"
	ld	r3, 8(r10)
	check	r3, 0x88898a8b8c8d8e8f, "ld"
	ld	r3, 0(r9)
	check	r3, 0x0102030405060708, "ld pat2"
	# unaligned (POWER8 handles these in big-endian without an interrupt)
	lwz	r3, 1(r10)
	check	r3, 0x81828384, "lwz unaligned"
	li	r12, 3
	ldx	r3, r10, r12
	check	r3, 0x838485868788898a, "ldx unaligned"
	PRINTLN	"loadstore: indexed"
	li	r12, 6
	lbzx	r3, r10, r12
	check	r3, 0x86, "lbzx"
	lhzx	r3, r10, r12
	check	r3, 0x8687, "lhzx"
	lhax	r3, r10, r12
	check	r3, 0xffffffffffff8687, "lhax"
	li	r12, 12
	lwzx	r3, r10, r12
	check	r3, 0x8c8d8e8f, "lwzx"
	lwax	r3, r10, r12
	check	r3, 0xffffffff8c8d8e8f, "lwax"
	li	r12, 8
	ldx	r3, r10, r12
	check	r3, 0x88898a8b8c8d8e8f, "ldx"
	PRINTLN	"loadstore: update forms"
	mr	r11, r10
	lbzu	r3, 3(r11)
	subf	r4, r10, r11
	check	r3, 0x83, "lbzu value"
	check	r4, 3, "lbzu ea"
	lhzu	r3, 1(r11)
	subf	r4, r10, r11
	check	r3, 0x8485, "lhzu value"
	check	r4, 4, "lhzu ea"
	lhau	r3, 2(r11)
	subf	r4, r10, r11
	check	r3, 0xffffffffffff8687, "lhau value"
	check	r4, 6, "lhau ea"
	lwzu	r3, -2(r11)
	subf	r4, r10, r11
	check	r3, 0x84858687, "lwzu value"
	check	r4, 4, "lwzu ea"
	mr	r11, r10
	ldu	r3, 8(r11)
	subf	r4, r10, r11
	check	r3, 0x88898a8b8c8d8e8f, "ldu value"
	check	r4, 8, "ldu ea"
	mr	r11, r10
	li	r12, 5
	lbzux	r3, r11, r12
	subf	r4, r10, r11
	check	r3, 0x85, "lbzux value"
	check	r4, 5, "lbzux ea"
	li	r12, 1
	lhzux	r3, r11, r12
	check	r3, 0x8687, "lhzux"
	lhaux	r3, r11, r12
	subf	r4, r10, r11
	check	r3, 0xffffffffffff8788, "lhaux value"
	check	r4, 7, "lhaux ea"
	lwzux	r3, r11, r12
	check	r3, 0x88898a8b, "lwzux"
	li	r12, -8
	lwaux	r3, r11, r12
	subf	r4, r10, r11
	check	r3, 0xffffffff80818283, "lwaux value"
	check	r4, 0, "lwaux ea"
	li	r12, 8
	ldux	r3, r11, r12
	subf	r4, r10, r11
	check	r3, 0x88898a8b8c8d8e8f, "ldux value"
	check	r4, 8, "ldux ea"
	PRINTLN	"loadstore: byte-reverse loads"
	li	r12, 2
	lhbrx	r3, r10, r12
	check	r3, 0x8382, "lhbrx"
	li	r12, 4
	lwbrx	r3, r10, r12
	check	r3, 0x87868584, "lwbrx"
	li	r12, 0
	ldbrx	r3, r10, r12
	check	r3, 0x8786858483828180, "ldbrx"
	PRINTLN	"loadstore: stores"
	LI64	r4, 0x0102030405060708
	CLEAR16
	stb	r4, 3(r20)
	ld	r3, 0(r20)
	check	r3, 0x0000000800000000, "stb"
	CLEAR16
	sth	r4, 2(r20)
	ld	r3, 0(r20)
	check	r3, 0x0000070800000000, "sth"
	CLEAR16
	stw	r4, 4(r20)
	ld	r3, 0(r20)
	check	r3, 0x0000000005060708, "stw"
	CLEAR16
	std	r4, 8(r20)
	ld	r3, 8(r20)
	check	r3, 0x0102030405060708, "std"
	CLEAR16
	stw	r4, 5(r20)			# unaligned: bytes 5..8 straddle two doublewords
	ld	r3, 0(r20)
	ld	r5, 8(r20)
	check	r3, 0x0000000000050607, "stw unaligned low"
	check	r5, 0x0800000000000000, "stw unaligned high"
	CLEAR16
	li	r12, 1
	stbx	r4, r20, r12
	li	r12, 6
	sthx	r4, r20, r12
	li	r12, 8
	stwx	r4, r20, r12
	ld	r3, 0(r20)
	ld	r5, 8(r20)
	check	r3, 0x0008000000000708, "stbx sthx"
	check	r5, 0x0506070800000000, "stwx"
	CLEAR16
	li	r12, 8
	stdx	r4, r20, r12
	ld	r3, 8(r20)
	check	r3, 0x0102030405060708, "stdx"
	PRINTLN	"loadstore: store update forms"
	CLEAR16
	mr	r11, r20
	stbu	r4, 1(r11)
	sthu	r4, 1(r11)
	stwu	r4, 2(r11)
	subf	r5, r20, r11
	check	r5, 4, "stbu/sthu/stwu ea"
	ld	r3, 0(r20)
	ld	r5, 8(r20)
	check	r3, 0x0008070805060708, "stbu/sthu/stwu data"	# 08 at 1, 0708 at 2, 05060708 at 4
	mr	r11, r20
	stdu	r4, 8(r11)
	subf	r5, r20, r11
	check	r5, 8, "stdu ea"
	CLEAR16
	mr	r11, r20
	li	r12, 2
	stbux	r4, r11, r12
	sthux	r4, r11, r12
	stwux	r4, r11, r12
	subf	r5, r20, r11
	check	r5, 6, "stbux/sthux/stwux ea"
	ld	r3, 0(r20)
	ld	r5, 8(r20)
	check	r3, 0x0000080007080506, "stbux/sthux/stwux data"
	check	r5, 0x0708000000000000, "stwux data high"
	li	r12, -6
	stdux	r4, r11, r12
	subf	r5, r20, r11
	check	r5, 0, "stdux ea"
	ld	r3, 0(r20)
	check	r3, 0x0102030405060708, "stdux data"
	PRINTLN	"loadstore: byte-reverse stores"
	CLEAR16
	li	r12, 0
	sthbrx	r4, r20, r12
	li	r12, 4
	stwbrx	r4, r20, r12
	li	r12, 8
	stdbrx	r4, r20, r12
	ld	r3, 0(r20)
	ld	r5, 8(r20)
	check	r3, 0x0807000008070605, "sthbrx stwbrx"
	check	r5, 0x0807060504030201, "stdbrx"
	PRINTLN	"loadstore: RA=0 means 0"
	LI64	r4, 0xcafef00d
	stw	r4, 0x80(0)			# 0x80: unused hole below the vectors
	lwz	r3, 0x80(0)
	check	r3, 0xcafef00d, "stw/lwz RA=0"
	li	r12, 0x80
	lwzx	r3, 0, r12
	check	r3, 0xcafef00d, "lwzx RA=0"
	FINISH	"loadstore"

	.data
	.balign	16
pat:	.quad	0x8081828384858687, 0x88898a8b8c8d8e8f
pat2:	.quad	0x0102030405060708
	.text
	.include "vectors.inc"
