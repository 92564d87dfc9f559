# arith — fixed-point add/subtract family (ISA 2.07 Book I 3.3.9): results, XER CA/OV/SO and
# CR0, in 64-bit mode and in 32-bit mode (MSR[SF]=0: CA, OV and CR0 follow the low 32 bits;
# the whole 64-bit result is still written). POWER8 has no CA32/OV32 (ISA 3.0), so mfxer
# must show only SO/OV/CA.
	.include "common.inc"
	.include "runtime.inc"
	.include "tmacros.inc"
	.set	MAX,  0x7fffffffffffffff
	.set	MIN,  0x8000000000000000
	.set	M1,   0xffffffffffffffff
	.text
_start:
	START64
	PRINTLN	"arith: 64-bit mode"
	# add / add. / addo / addo.
	R3	add,    1, 2, 0, 3, 0, 0, "add 1+2"
	R3	add.,   1, 2, 0, 3, 0, GT, "add. 1+2"
	R3	add.,   -5, 2, 0, -3, 0, LT, "add. -5+2"
	R3	add.,   M1, 1, 0, 0, 0, EQ, "add. -1+1"
	R3	add.,   1, 2, XSO, 3, XSO, GT|SO, "add. SO copied to CR0"
	R3	addo,   MAX, 1, 0, MIN, XSO|XOV, 0, "addo MAX+1"
	R3	addo.,  MAX, 1, 0, MIN, XSO|XOV, LT|SO, "addo. MAX+1"
	R3	addo.,  MIN, M1, 0, MAX, XSO|XOV, GT|SO, "addo. MIN-1"
	R3	addo.,  1, 2, XSO|XOV, 3, XSO, GT|SO, "addo. clears OV keeps SO"
	R3	addo,   0x7fffffff, 1, 0, 0x80000000, 0, 0, "addo 0x7fffffff+1 no OV in 64-bit"
	R3	add,    M1, 1, 0, 0, 0, 0, "add does not set CA"
	# addc
	R3	addc,   M1, 1, 0, 0, XCA, 0, "addc -1+1"
	R3	addc.,  M1, 1, 0, 0, XCA, EQ, "addc. -1+1"
	R3	addc,   0xffffffff, 1, 0, 0x100000000, 0, 0, "addc 0xffffffff+1 no CA in 64-bit"
	R3	addc,   3, 4, XCA, 7, 0, 0, "addc clears CA"
	R3	addco., MIN, MIN, 0, 0, XSO|XOV|XCA, EQ|SO, "addco. MIN+MIN"
	# adde
	R3	adde,   5, 6, XCA, 12, 0, 0, "adde 5+6+CA"
	R3	adde,   5, 6, 0, 11, 0, 0, "adde 5+6"
	R3	adde.,  M1, 0, XCA, 0, XCA, EQ, "adde. -1+0+CA"
	R3	addeo., MAX, 0, XCA, MIN, XSO|XOV, LT|SO, "addeo. MAX+0+CA"
	R3	addeo,  M1, M1, XCA, M1, XCA, 0, "addeo -1+-1+CA"
	# addme: RA + CA - 1
	R2	addme,  0, 0, M1, 0, 0, "addme 0 CA=0"
	R2	addme,  0, XCA, 0, XCA, 0, "addme 0 CA=1"
	R2	addme.,  5, 0, 4, XCA, GT, "addme. 5 CA=0"
	R2	addmeo, MIN, 0, MAX, XSO|XOV|XCA, 0, "addmeo MIN CA=0"
	# addze: RA + CA
	R2	addze,  M1, XCA, 0, XCA, 0, "addze -1 CA=1"
	R2	addze.,  7, 0, 7, 0, GT, "addze. 7 CA=0"
	R2	addzeo., MAX, XCA, MIN, XSO|XOV, LT|SO, "addzeo. MAX CA=1"
	# subf: RB - RA (r3 = r5 - r4)
	R3	subf,   3, 10, 0, 7, 0, 0, "subf 10-3"
	R3	subf.,  10, 3, 0, -7, 0, LT, "subf. 3-10"
	R3	subfo., 1, MIN, 0, MAX, XSO|XOV, GT|SO, "subfo. MIN-1"
	R3	subfo,  M1, MAX, 0, MIN, XSO|XOV, 0, "subfo MAX-(-1)"
	R3	subfo,  5, 5, XOV, 0, 0, 0, "subfo 5-5 clears OV"
	# subfc: CA = no borrow
	R3	subfc,  3, 5, 0, 2, XCA, 0, "subfc 5-3"
	R3	subfc,  5, 3, XCA, -2, 0, 0, "subfc 3-5"
	R3	subfc.,  0, 0, 0, 0, XCA, EQ, "subfc. 0-0"
	R3	subfco., 1, MIN, 0, MAX, XSO|XOV|XCA, GT|SO, "subfco. MIN-1"
	# subfe: ~RA + RB + CA
	R3	subfe,  3, 5, 0, 1, XCA, 0, "subfe 5-3-1"
	R3	subfe,  5, 3, XCA, -2, 0, 0, "subfe 3-5 CA=1"
	R3	subfe.,  0, 0, 0, M1, 0, LT, "subfe. 0-0-1"
	R3	subfeo., 0, MIN, 0, MAX, XSO|XOV|XCA, GT|SO, "subfeo. MIN-0-1"
	# subfme: ~RA + CA - 1
	R2	subfme, 0, XCA, M1, XCA, 0, "subfme 0 CA=1"
	R2	subfme, 0, 0, -2, XCA, 0, "subfme 0 CA=0"
	R2	subfme., M1, 0, M1, 0, LT, "subfme. -1 CA=0"
	R2	subfmeo, MAX, 0, MAX, XSO|XOV|XCA, 0, "subfmeo MAX CA=0"	# ~MAX + 0 + -1 = MIN - 1: neg + neg -> pos, carry
	# subfze: ~RA + CA
	R2	subfze, 0, XCA, 0, XCA, 0, "subfze 0 CA=1"
	R2	subfze., 1, 0, -2, 0, LT, "subfze. 1 CA=0"
	R2	subfzeo, MIN, XCA, MIN, XSO|XOV, 0, "subfzeo MIN CA=1"
	# neg (CA unchanged)
	R2	neg,    5, XCA, -5, XCA, 0, "neg 5 keeps CA"
	R2	neg.,   0, 0, 0, 0, EQ, "neg. 0"
	R2	nego.,  MIN, 0, MIN, XSO|XOV, LT|SO, "nego. MIN"
	R2	nego,   0x80000000, 0, 0xffffffff80000000, 0, 0, "nego 0x80000000 no OV in 64-bit"
	# addic / addic. / subfic / addi / addis
	RI	addic,  M1, 1, 0, 0, XCA, 0, "addic -1+1"
	RI	addic,  5, -3, 0, 2, XCA, 0, "addic 5+(-3)"
	RI	addic,  2, -3, XCA, -1, 0, 0, "addic 2+(-3)"
	RI	addic., MAX, 1, 0, MIN, 0, LT, "addic. MAX+1"
	RI	addic., M1, 1, XSO, 0, XSO|XCA, EQ|SO, "addic. -1+1 SO"
	RI	subfic, 3, 10, 0, 7, XCA, 0, "subfic 10-3"
	RI	subfic, 10, 3, XCA, -7, 0, 0, "subfic 3-10"
	RI	subfic, 0, 0, 0, 0, XCA, 0, "subfic 0-0"
	RI	subfic, 0x100000000, 0, 0, 0xffffffff00000000, 0, 0, "subfic 0-0x100000000"
	RI	addi,   5, -6, XCA, -1, XCA, 0, "addi 5-6"
	RI	addis,  1, 0x7fff, 0, 0x7fff0001, 0, 0, "addis 0x7fff"
	RI	addis,  0, -1, 0, 0xffffffffffff0000, 0, 0, "addis -1"

	PRINTLN	"arith: 32-bit mode"
	MODE32
	R3	add.,   0x7fffffff, 1, 0, 0x80000000, 0, LT, "32 add. 0x7fffffff+1"
	R3	addo.,  0x7fffffff, 1, 0, 0x80000000, XSO|XOV, LT|SO, "32 addo. 0x7fffffff+1"
	# 64-bit overflow but not 32-bit: OV follows the 32-bit result
	R3	addo.,  MAX, 1, 0, MIN, 0, EQ, "32 addo. MAX+1 (low word 0)"
	R3	add.,   0x100000000, 0, 0, 0x100000000, 0, EQ, "32 add. CR0 from low word"
	R3	addc.,  0xffffffff, 1, 0, 0x100000000, XCA, EQ, "32 addc. 0xffffffff+1"
	R3	addc,   0x1ffffffff, 1, 0, 0x200000000, XCA, 0, "32 addc carry out of bit 32"
	R3	addc,   M1, 1, 0, 0, XCA, 0, "32 addc -1+1"
	R3	addc,   0xffffffff00000000, 0x100000000, 0, 0, 0, 0, "32 addc high carry ignored"
	R3	adde,   0xffffffff, 0, XCA, 0x100000000, XCA, 0, "32 adde 0xffffffff+0+CA"
	R3	addeo., 0x7fffffff, 0, XCA, 0x80000000, XSO|XOV, LT|SO, "32 addeo. 0x7fffffff+CA"
	R2	addme,  0x100000000, 0, 0xffffffff, 0, 0, "32 addme 0x100000000 CA=0"
	R2	addmeo., 0x80000000, 0, 0x7fffffff, XSO|XOV|XCA, GT|SO, "32 addmeo. 0x80000000"
	R2	addze,  0xffffffff, XCA, 0x100000000, XCA, 0, "32 addze 0xffffffff CA=1"
	R2	addzeo., 0x7fffffff, XCA, 0x80000000, XSO|XOV, LT|SO, "32 addzeo. 0x7fffffff CA=1"
	R3	subfc,  1, 0x100000000, 0, 0xffffffff, 0, 0, "32 subfc 0x100000000-1 borrow"
	R3	subfo., 1, 0x80000000, 0, 0x7fffffff, XSO|XOV, GT|SO, "32 subfo. 0x80000000-1"
	R3	subfc., 5, 5, 0, 0, XCA, EQ, "32 subfc. 5-5"
	R3	subfe,  1, 0x100000000, XCA, 0xffffffff, 0, 0, "32 subfe 0x100000000-1"
	R2	subfme, 0xffffffff, XCA, 0xffffffff00000000, XCA, 0, "32 subfme 0xffffffff CA=1"	# low word: 0 + 1 + 0xffffffff carries
	R2	subfze, 0x100000000, XCA, 0xffffffff00000000, XCA, 0, "32 subfze 0x100000000 CA=1"
	R2	subfze., 1, 0, 0xfffffffffffffffe, 0, LT, "32 subfze. 1"
	R2	nego.,  0x80000000, 0, 0xffffffff80000000, XSO|XOV, LT|SO, "32 nego. 0x80000000"
	R2	neg.,   0x100000000, 0, 0xffffffff00000000, 0, EQ, "32 neg. 0x100000000"
	RI	addic., 0xffffffff, 1, 0, 0x100000000, XCA, EQ, "32 addic. 0xffffffff+1"
	RI	addic,  0x7fffffff, 1, 0, 0x80000000, 0, 0, "32 addic 0x7fffffff+1"
	RI	subfic, 0x100000000, 0, 0, 0xffffffff00000000, XCA, 0, "32 subfic 0-0x100000000"
	RI	subfic, 1, 0, 0, M1, 0, 0, "32 subfic 0-1"
	MODE64
	PRINTLN	"arith: back in 64-bit mode"
	R3	addc,   0xffffffff, 1, 0, 0x100000000, 0, 0, "addc 0xffffffff+1 again 64-bit"
	FINISH	"arith"
	.include "vectors.inc"
