# muldiv — mulld/mullw/mulli/mulhd/mulhdu/mulhw/mulhwu and divd/divdu/divw/divwu/divde/
# divdeu/divwe/divweu with OE and Rc, incl. overflow and divide by zero
# (ISA 2.07 Book I 3.3.9). Where the ISA leaves something undefined it is not checked:
# the high word of mulhw/mulhwu/divw/divwu/divwe/divweu results (check32), CR0 LT/GT/EQ of
# those word forms in 64-bit mode (no Rc), and RT (and CR0) after an overflowing or
# by-zero division (only XER is checked).
	.include "common.inc"
	.include "runtime.inc"
	.include "tmacros.inc"
	.set	MAX,  0x7fffffffffffffff
	.set	MIN,  0x8000000000000000
	.set	M1,   0xffffffffffffffff
	.text
# word result: only the low 32 bits are defined
	.macro W3 insn, a, b, xin, rt, xo, name
	SETUP	\a, \b, \xin
	\insn	r3, r4, r5
	mfxer	r6
	mfcr	r7
	check32	r3, \rt, "\name"
	check	r6, \xo, "\name xer"
	check32	r7, 0, "\name cr"
	.endm
# overflow: RT undefined, only XER (and that CR is untouched when Rc=0)
	.macro OVF insn, a, b, xin, xo, name
	SETUP	\a, \b, \xin
	\insn	r3, r4, r5
	mfxer	r6
	mfcr	r7
	check	r6, \xo, "\name xer"
	check32	r7, 0, "\name cr"
	.endm
_start:
	START64
	PRINTLN	"muldiv: multiply"
	R3	mulld,   3, -4, 0, -12, 0, 0, "mulld 3*-4"
	R3	mulld.,  3, -4, 0, -12, 0, LT, "mulld. 3*-4"
	R3	mulldo,  MAX, 2, 0, 0xfffffffffffffffe, XSO|XOV, 0, "mulldo MAX*2"
	R3	mulldo., 0x100000000, 0x100000000, 0, 0, XSO|XOV, EQ|SO, "mulldo. 2^32*2^32"
	R3	mulldo,  MIN, M1, 0, MIN, XSO|XOV, 0, "mulldo MIN*-1"
	R3	mulldo,  -3, 5, XSO|XOV, -15, XSO, 0, "mulldo no overflow clears OV"
	R3	mullw,   0x7fffffff, 2, 0, 0xfffffffe, 0, 0, "mullw 0x7fffffff*2"
	R3	mullwo., 0x7fffffff, 2, 0, 0xfffffffe, XSO|XOV, GT|SO, "mullwo. 0x7fffffff*2"
	R3	mullw,   0xdeadbeef00000003, 0x12345678fffffffe, 0, 0xfffffffffffffffa, 0, 0, "mullw uses low words"
	R3	mullwo,  0x10000, 0x8000, 0, 0x80000000, XSO|XOV, 0, "mullwo 2^31"
	R3	mullwo,  0xffff0000, 0x8000, 0, 0xffffffff80000000, 0, 0, "mullwo -2^31 fits"
	RI	mulli,   7, -3, 0, -21, 0, 0, "mulli 7*-3"
	RI	mulli,   MIN, 2, 0, 0, 0, 0, "mulli wraps"
	R3	mulhd,   MIN, 2, 0, M1, 0, 0, "mulhd MIN*2"
	R3	mulhd.,  M1, M1, 0, 0, 0, EQ, "mulhd. -1*-1"
	R3	mulhd,   0x123456789abcdef0, -3, 0, M1, 0, 0, "mulhd X*-3"
	R3	mulhdu,  M1, M1, 0, 0xfffffffffffffffe, 0, 0, "mulhdu -1*-1"
	R3	mulhdu., 0x100000000, 0x100000000, 0, 1, 0, GT, "mulhdu. 2^32*2^32"
	W3	mulhw,   0x80000000, 0x80000000, 0, 0x40000000, 0, "mulhw MINW^2"
	W3	mulhw,   M1, 1, 0, 0xffffffff, 0, "mulhw -1*1"
	W3	mulhwu,  0xffffffff, 0xffffffff, 0, 0xfffffffe, 0, "mulhwu"
	W3	mulhwu,  0x12345678ffffffff, 0x2, 0, 1, 0, "mulhwu low words"

	PRINTLN	"muldiv: divide"
	R3	divd,    -100, 7, 0, -14, 0, 0, "divd -100/7"
	R3	divd.,   -100, 7, 0, -14, 0, LT, "divd. -100/7"
	R3	divd,    100, -7, 0, -14, 0, 0, "divd 100/-7"
	R3	divdo,   100, 10, XSO|XOV, 10, XSO, 0, "divdo clears OV keeps SO"
	OVF	divdo,   5, 0, 0, XSO|XOV, "divdo by zero"
	OVF	divdo,   MIN, M1, 0, XSO|XOV, "divdo MIN/-1"
	R3	divdu,   M1, 2, 0, MAX, 0, 0, "divdu -1/2"
	R3	divdu.,  7, 8, 0, 0, 0, EQ, "divdu. 7/8"
	R3	divduo,  MIN, M1, 0, 0, 0, 0, "divduo MIN/-1 unsigned ok"
	OVF	divduo,  5, 0, 0, XSO|XOV, "divduo by zero"
	W3	divw,    100, -7, 0, 0xfffffff2, 0, "divw 100/-7"
	W3	divw,    0xffffffff00000064, 0x7, 0, 14, 0, "divw uses low words"
	W3	divwo,   -100, 7, XOV, 0xfffffff2, 0, "divwo clears OV"
	OVF	divwo,   0x80000000, M1, 0, XSO|XOV, "divwo MINW/-1"
	OVF	divwo,   5, 0x100000000, 0, XSO|XOV, "divwo by zero (low word 0)"
	W3	divwu,   0xffffffff, 2, 0, 0x7fffffff, 0, "divwu"
	OVF	divwuo,  5, 0, 0, XSO|XOV, "divwuo by zero"
	# extended divides (ISA 2.06): dividend is (RA) || 0^64, resp. (RA)32:63 || 0^32
	R3	divdeu,  1, 2, 0, MIN, 0, 0, "divdeu 1/2"
	R3	divdeu,  3, 0x10, 0, 0x3000000000000000, 0, 0, "divdeu 3/16"
	OVF	divdeuo, 2, 2, 0, XSO|XOV, "divdeuo RA>=RB"
	OVF	divdeuo, 2, 0, 0, XSO|XOV, "divdeuo by zero"
	R3	divde,   1, 4, 0, 0x4000000000000000, 0, 0, "divde 1/4"
	R3	divde,   M1, 4, 0, 0xc000000000000000, 0, 0, "divde -1/4"
	# 2^64 / 2 = 2^63 does not fit in a signed doubleword: the ISA sets OV. QEMU 7.2's
	# helper_divde misses this boundary (it gives RT = 0x8000000000000000 and OV = 0).
	SETUP	1, 2, 0
	divdeo	r3, r4, r5
	mfxer	r6
	check_dev r6, XSO|XOV, 0, "divdeo 2^64/2 overflow xer"
	OVF	divdeo,  2, 2, 0, XSO|XOV, "divdeo 2^65/2 overflow"
	OVF	divdeo,  1, 0, 0, XSO|XOV, "divdeo by zero"
	R3	divdeo,  1, 4, XOV, 0x4000000000000000, 0, 0, "divdeo 1/4 clears OV"
	W3	divweu,  1, 2, 0, 0x80000000, 0, "divweu 1/2"
	OVF	divweuo, 2, 2, 0, XSO|XOV, "divweuo RA>=RB"
	W3	divwe,   1, 4, 0, 0x40000000, 0, "divwe 1/4"
	OVF	divweo,  1, 2, 0, XSO|XOV, "divweo 2^32/2 overflow"
	OVF	divweo,  1, 0, 0, XSO|XOV, "divweo by zero"
	FINISH	"muldiv"
	.include "vectors.inc"
