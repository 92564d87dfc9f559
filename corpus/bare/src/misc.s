# misc — count and miscellaneous fixed-point: cntlzw/cntlzd (Rc), popcntb/popcntw/popcntd,
# prtyw/prtyd, cmpb, bpermd, isel, extsb/extsh/extsw (Rc) (ISA 2.07 Book I 3.3.13).
	.include "common.inc"
	.include "runtime.inc"
	.include "tmacros.inc"
	.set	P, 0xff01030700f0aa55
	.text
_start:
	START64
	PRINTLN	"misc: count"
	LOG2	cntlzw,  0xffffffff00010000, 15, 0, "cntlzw ignores high word"
	LOG2	cntlzw., 0, 32, GT, "cntlzw. 0"
	LOG2	cntlzw,  0x80000000, 0, 0, "cntlzw 0x80000000"
	LOG2	cntlzd,  0, 64, 0, "cntlzd 0"
	LOG2	cntlzd., 0x80000000, 32, GT, "cntlzd. 0x80000000"
	LOG2	cntlzd,  0x8000000000000000, 0, 0, "cntlzd MIN"
	LOG2	popcntb, P, 0x0801020300040404, 0, "popcntb"
	LOG2	popcntw, P, 0x0000000e0000000c, 0, "popcntw"
	LOG2	popcntd, P, 26, 0, "popcntd"
	LOG2	popcntd, -1, 64, 0, "popcntd -1"
	# parity of the least significant bit of each byte
	LOG2	prtyw,   0x0100000000000001, 0x0000000100000001, 0, "prtyw"
	LOG2	prtyd,   0x0100000000000001, 0, 0, "prtyd even"
	LOG2	prtyw,   P, 0x0000000000000001, 0, "prtyw P"
	LOG2	prtyd,   P, 1, 0, "prtyd P"
	PRINTLN	"misc: cmpb bpermd"
	LOG3	cmpb,    0x1122334455667788, 0x1100330055007700, 0xff00ff00ff00ff00, 0, "cmpb"
	LOG3	cmpb,    0, 0, -1, 0, "cmpb equal"
	# bpermd: RS holds 8 bit indices into RB (index >= 64 gives 0):
	# RB = 0x8000000000000001 (bits 0 and 63), indices 0,1,63,64,255,0,63,2 -> 10100110
	LOG3	bpermd,  0x00013f40ff003f02, 0x8000000000000001, 0xa6, 0, "bpermd"
	PRINTLN	"misc: isel"
	LI64	r4, 0x1111
	LI64	r5, 0x2222
	LI64	r0, 0x20000000		# CR0[EQ] = 1
	mtcrf	0xff, r0
	isel	r3, r4, r5, 2
	check	r3, 0x1111, "isel eq true"
	isel	r3, r4, r5, 0
	check	r3, 0x2222, "isel lt false"
	isel	r3, 0, r5, 2
	check	r3, 0, "isel ra=0 is zero"
	LI64	r0, 0x00000001		# CR7[SO] = bit 31
	mtcrf	0xff, r0
	isel	r3, r4, r5, 31
	check	r3, 0x1111, "isel bit 31"
	PRINTLN	"misc: extend"
	LOG2	extsb,   0x1234567890abcd80, 0xffffffffffffff80, 0, "extsb 0x80"
	LOG2	extsb.,  0x7f, 0x7f, GT, "extsb. 0x7f"
	LOG2	extsh,   0x12348000, 0xffffffffffff8000, 0, "extsh 0x8000"
	LOG2	extsh.,  0xffffffffffff7fff, 0x7fff, GT, "extsh. 0x7fff"
	LOG2	extsw,   0x180000000, 0xffffffff80000000, 0, "extsw 0x80000000"
	LOG2	extsw.,  0xffffffff00000000, 0, EQ, "extsw. zero"
	LOG2	extsw.,  0xffffffff80000000, 0xffffffff80000000, LT, "extsw. negative"
	FINISH	"misc"
	.include "vectors.inc"
