# logical — and/andc/or/orc/xor/nand/nor/eqv (Rc=0/1), the immediate forms, mr/not, and CR0
# from the low word in 32-bit mode (ISA 2.07 Book I 3.3.13).
	.include "common.inc"
	.include "runtime.inc"
	.include "tmacros.inc"
	.set	A, 0xf0f0f0f00ff00ff0
	.set	B, 0xff00ff00ff00ff00
	.text
_start:
	START64
	PRINTLN	"logical: 64-bit mode"
	LOG3	and,   A, B, 0xf000f0000f000f00, 0, "and"
	LOG3	and.,  A, B, 0xf000f0000f000f00, LT, "and."
	LOG3	andc., A, B, 0x00f000f000f000f0, GT, "andc."
	LOG3	or.,   A, B, 0xfff0fff0fff0fff0, LT, "or."
	LOG3	orc.,  A, B, 0xf0fff0ff0fff0fff, LT, "orc."
	LOG3	xor.,  A, B, 0x0ff00ff0f0f0f0f0, GT, "xor."
	LOG3	xor.,  A, A, 0, EQ, "xor. self"
	LOG3	nand., A, B, 0x0fff0ffff0fff0ff, GT, "nand."
	LOG3	nor.,  A, B, 0x000f000f000f000f, GT, "nor."
	LOG3	eqv.,  A, B, 0xf00ff00f0f0f0f0f, LT, "eqv."
	LOG3	andc,  A, B, 0x00f000f000f000f0, 0, "andc"
	LOG3	orc,   A, B, 0xf0fff0ff0fff0fff, 0, "orc"
	LOG3	nor,   A, B, 0x000f000f000f000f, 0, "nor"
	LOG3	eqv,   A, B, 0xf00ff00f0f0f0f0f, 0, "eqv"
	LOG3	nand,  A, B, 0x0fff0ffff0fff0ff, 0, "nand"
	LOG3	xor,   A, B, 0x0ff00ff0f0f0f0f0, 0, "xor"
	LOG3	or,    A, B, 0xfff0fff0fff0fff0, 0, "or"
	LOG2	mr.,   A, A, LT, "mr."
	LOG2	not,   A, 0x0f0f0f0ff00ff00f, 0, "not"
	LOGI	andi., A, 0x8001, 0, EQ, "andi. 0x8001"
	LOGI	andi., A, 0xfff0, 0x0ff0, GT, "andi. 0xfff0"
	LOGI	andis., A, 0x0f00, 0x0f000000, GT, "andis. 0x0f00"
	LOGI	andis., A, 0xf000, 0, EQ, "andis. 0xf000"
	LOGI	ori,   A, 0xffff, 0xf0f0f0f00ff0ffff, 0, "ori"
	LOGI	oris,  A, 0xffff, 0xf0f0f0f0ffff0ff0, 0, "oris"
	LOGI	xori,  A, 0xffff, 0xf0f0f0f00ff0f00f, 0, "xori"
	LOGI	xoris, A, 0xffff, 0xf0f0f0f0f00f0ff0, 0, "xoris"
	# andi. with XER[SO] set copies SO into CR0
	LI64	r0, XSO
	mtxer	r0
	LI64	r4, A
	andi.	r3, r4, 0x10
	mfcr	r7
	check	r3, 0x10, "andi. with SO"
	check32	r7, GT|SO, "andi. with SO cr"
	li	r0, 0
	mtxer	r0

	PRINTLN	"logical: 32-bit mode"
	MODE32
	# CR0 reflects only the low word in 32-bit mode; the full 64-bit result is kept
	LOG3	and.,  0xffffffff00000000, M1_, 0xffffffff00000000, EQ, "32 and. low word zero"
	LOG3	or.,   0x0000000080000000, 0, 0x80000000, LT, "32 or. low word negative"
	LOG3	xor.,  0x8000000000000001, 0, 0x8000000000000001, GT, "32 xor. low word positive"
	MODE64
	LOG3	and.,  0xffffffff00000000, M1_, 0xffffffff00000000, LT, "64 and. same value negative"
	FINISH	"logical"
	.set	M1_, 0xffffffffffffffff
	.include "vectors.inc"
