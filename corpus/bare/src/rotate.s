# rotate — rlwinm/rlwnm/rlwimi and rldicl/rldicr/rldic/rldcl/rldcr/rldimi (Rc=0/1)
# (ISA 2.07 Book I 3.3.14.1). The word rotates rotate (RS)32:63 || (RS)32:63, so a mask
# that wraps (MB > ME) lets the duplicated word into the high half.
	.include "common.inc"
	.include "runtime.inc"
	.include "tmacros.inc"
	.set	X, 0x123456789abcdef0
	.text
# ROT "insn r3, r4, ...", rs, rb, r3_before, want, want_cr, name
	.macro ROT insn, s, b, t, rt, cr, name
	SETUP	\s, \b, 0
	LI64	r3, \t
	\insn
	mfcr	r7
	check	r3, \rt, "\name"
	check32	r7, \cr, "\name cr"
	.endm
_start:
	START64
	PRINTLN	"rotate"
	ROT	"rlwinm r3, r4, 8, 0, 31", X, 0, -1, 0x00000000bcdef09a, 0, "rlwinm rotlwi 8"
	ROT	"rlwinm. r3, r4, 4, 24, 31", X, 0, -1, 0x9, GT, "rlwinm. 4,24,31"
	ROT	"rlwinm r3, r4, 0, 31, 0", X, 0, -1, 0x9abcdef080000000, 0, "rlwinm 0,31,0 wrap mask"
	# 64-bit mode: CR0 compares all 64 bits, and this result is negative
	ROT	"rlwinm. r3, r4, 4, 28, 3", X, 0, -1, 0xabcdef09a0000009, LT, "rlwinm. 4,28,3 wrap"
	ROT	"rlwinm. r3, r4, 0, 31, 31", X, 0, -1, 0, EQ, "rlwinm. 0,31,31 zero"
	ROT	"rlwnm r3, r4, r5, 0, 31", X, 0x24, -1, 0x00000000abcdef09, 0, "rlwnm rb=0x24 uses 5 bits"
	ROT	"rlwnm. r3, r4, r5, 0, 31", X, 0, -1, 0x000000009abcdef0, GT, "rlwnm. 0"
	ROT	"rlwimi r3, r4, 16, 8, 15", X, 0, -1, 0xfffffffffff0ffff, 0, "rlwimi 16,8,15"
	ROT	"rlwimi. r3, r4, 0, 0, 31", X, 0, 0x1111111100000000, 0x111111119abcdef0, GT, "rlwimi. full word keeps high"
	ROT	"rldicl r3, r4, 8, 0", X, 0, -1, 0x3456789abcdef012, 0, "rldicl rotldi 8"
	ROT	"rldicl r3, r4, 0, 32", X, 0, -1, 0x000000009abcdef0, 0, "rldicl clrldi 32"
	ROT	"rldicl. r3, r4, 60, 4", X, 0, -1, 0x0123456789abcdef, GT, "rldicl. srdi 4"
	ROT	"rldicr r3, r4, 4, 59", X, 0, -1, 0x23456789abcdef00, 0, "rldicr sldi 4"
	ROT	"rldicr. r3, r4, 0, 7", X, 0, -1, 0x1200000000000000, GT, "rldicr. 0,7"
	ROT	"rldicr. r3, r4, 0, 0", X, 0, -1, 0, EQ, "rldicr. 0,0 zero"
	ROT	"rldic r3, r4, 8, 16", X, 0, -1, 0x0000789abcdef000, 0, "rldic 8,16"
	ROT	"rldic. r3, r4, 63, 0", 1, 0, -1, 0x8000000000000000, LT, "rldic. 63,0"
	ROT	"rldcl r3, r4, r5, 0", X, 0x48, -1, 0x3456789abcdef012, 0, "rldcl rb=0x48 uses 6 bits"
	ROT	"rldcl. r3, r4, r5, 60", X, 4, -1, 1, GT, "rldcl. 4,60"
	ROT	"rldcr r3, r4, r5, 31", X, 4, -1, 0x2345678900000000, 0, "rldcr 4,31"
	ROT	"rldimi r3, r4, 32, 0", X, 0, 0x1111111122222222, 0x9abcdef022222222, 0, "rldimi 32,0"
	ROT	"rldimi. r3, r4, 8, 16", X, 0, -1, 0xffff789abcdef0ff, LT, "rldimi. 8,16"
	PRINTLN	"rotate: 32-bit mode"
	MODE32
	# CR0 from the low word only (0xa0000009: negative; 0: zero); the high word is still written
	ROT	"rlwinm. r3, r4, 4, 28, 3", X, 0, -1, 0xabcdef09a0000009, LT, "32 rlwinm. wrap CR0 low word"
	ROT	"rldicr. r3, r4, 32, 31", X, 0, -1, 0x9abcdef000000000, EQ, "32 rldicr. low word zero"
	MODE64
	FINISH	"rotate"
	.include "vectors.inc"
