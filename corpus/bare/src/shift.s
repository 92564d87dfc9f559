# shift — slw/srw/sraw/srawi, sld/srd/srad/sradi (Rc=0/1) with amounts >= 32 / >= 64 and
# the CA of the algebraic shifts: CA = 1 iff the source is negative and 1 bits were
# shifted out (ISA 2.07 Book I 3.3.14.2). Word shifts use 6 bits of RB, doubleword 7.
	.include "common.inc"
	.include "runtime.inc"
	.include "tmacros.inc"
	.set	X, 0x123456789abcdef0
	.set	M1, 0xffffffffffffffff
	.text
_start:
	START64
	PRINTLN	"shift"
	R3	slw,   X, 4, 0, 0x00000000abcdef00, 0, 0, "slw 4"
	R3	slw,   X, 32, 0, 0, 0, 0, "slw 32"
	R3	slw.,  X, 0x3f, 0, 0, 0, EQ, "slw. 63"
	R3	slw,   X, 0x40, 0, 0x000000009abcdef0, 0, 0, "slw 0x40 is shift 0"
	R3	slw.,  1, 31, 0, 0x80000000, 0, GT, "slw. 1<<31 (64-bit CR0)"
	R3	srw,   X, 4, 0, 0x0000000009abcdef, 0, 0, "srw 4"
	R3	srw.,  X, 32, 0, 0, 0, EQ, "srw. 32"
	R3	srw,   X, 0, 0, 0x000000009abcdef0, 0, 0, "srw 0 clears high word"
	R3	sraw,  X, 4, 0, 0xfffffffff9abcdef, 0, 0, "sraw 4 no 1s out"
	R3	sraw,  X, 8, 0, 0xffffffffff9abcde, XCA, 0, "sraw 8 CA"
	R3	sraw.,  X, 32, 0, M1, XCA, LT, "sraw. 32 negative"
	R3	sraw,  0x7fffffff, 32, XCA, 0, 0, 0, "sraw 32 positive clears CA"
	R3	sraw,  X, 0x3f, 0, M1, XCA, 0, "sraw 63"
	R3	sraw,  X, 0, XCA, 0xffffffff9abcdef0, 0, 0, "sraw 0 sign-extends, CA=0"
	R3	sraw,  0x80000000, 31, 0, M1, 0, 0, "sraw 0x80000000 by 31 exact"
	RI	srawi, X, 0, XCA, 0xffffffff9abcdef0, 0, 0, "srawi 0"
	RI	srawi, 1, 31, 0, 0, 0, 0, "srawi 1 by 31"
	RI	srawi., 0xffffffff, 31, 0, M1, XCA, LT, "srawi. -1 by 31"
	RI	srawi, X, 8, 0, 0xffffffffff9abcde, XCA, 0, "srawi 8"
	R3	sld,   X, 4, 0, 0x23456789abcdef00, 0, 0, "sld 4"
	R3	sld.,  X, 64, 0, 0, 0, EQ, "sld. 64"
	R3	sld,   X, 0x7f, 0, 0, 0, 0, "sld 127"
	R3	sld,   X, 0x80, 0, X, 0, 0, "sld 0x80 is shift 0"
	R3	srd,   X, 4, 0, 0x0123456789abcdef, 0, 0, "srd 4"
	R3	srd.,  M1, 63, 0, 1, 0, GT, "srd. 63"
	R3	srd,   X, 64, 0, 0, 0, 0, "srd 64"
	R3	srad,  0x8000000000000001, 1, 0, 0xc000000000000000, XCA, 0, "srad 1 CA"
	R3	srad.,  0x8000000000000001, 64, 0, M1, XCA, LT, "srad. 64 negative"
	R3	srad,  0x7fffffffffffffff, 64, XCA, 0, 0, 0, "srad 64 positive"
	R3	srad,  0x8000000000000000, 63, 0, M1, 0, 0, "srad 63 exact"
	R3	srad,  0xfffffffffffffff0, 4, XCA, M1, 0, 0, "srad -16 by 4 exact"
	R3	srad,  0x8000000000000001, 0x80, XCA, 0x8000000000000001, 0, 0, "srad 0x80 is shift 0"
	RI	sradi, M1, 63, 0, M1, XCA, 0, "sradi -1 by 63"
	RI	sradi., X, 0, XCA, X, 0, GT, "sradi. 0"
	RI	sradi, 0xfffffffffffffff0, 4, 0, M1, 0, 0, "sradi -16 by 4"
	RI	sradi, 0x8000000000000001, 32, 0, 0xffffffff80000000, XCA, 0, "sradi 32"
	# extended mnemonics built on rotates
	RI	slwi,  X, 8, 0, 0x00000000bcdef000, 0, 0, "slwi 8"
	RI	srwi,  X, 8, 0, 0x00000000009abcde, 0, 0, "srwi 8"
	PRINTLN	"shift: 32-bit mode"
	MODE32
	# CA of sraw is defined on the word in either mode; CR0 from the low word
	R3	sraw.,  X, 8, 0, 0xffffffffff9abcde, XCA, LT, "32 sraw. 8"
	R3	sld.,  1, 32, 0, 0x100000000, 0, EQ, "32 sld. low word zero"
	R3	srad,  0x8000000000000001, 1, 0, 0xc000000000000000, XCA, 0, "32 srad still 64-bit"
	MODE64
	FINISH	"shift"
	.include "vectors.inc"
