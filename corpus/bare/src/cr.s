# cr — CR logical instructions, mcrf, mtcrf/mfcr, mtocrf/mfocrf (ISA 2.07 Book I 2.5.1,
# 3.3.15). CR bits are numbered 0 (MSB) to 31. Start value 0x12345678 has bits
# 3, 6, 10, 11, 13, 17, 19, 21, 22, 25, 26, 27, 28 set.
	.include "common.inc"
	.include "runtime.inc"
	.text
	.macro CRT insn, want, name
	LI64	r0, 0x12345678
	mtcrf	0xff, r0
	\insn
	mfcr	r3
	check	r3, \want, "\name"
	.endm
_start:
	START64
	PRINTLN	"cr: logical"
	CRT	"crand 0, 3, 6", 0x92345678, "crand 1&1"
	CRT	"cror 1, 4, 5", 0x12345678, "cror 0|0"
	CRT	"cror 1, 3, 4", 0x52345678, "cror 1|0"
	CRT	"crxor 3, 3, 3", 0x02345678, "crxor crclr"
	CRT	"creqv 4, 4, 4", 0x1a345678, "creqv crset"
	CRT	"crnand 10, 10, 11", 0x12145678, "crnand 1,1"
	CRT	"crnor 31, 0, 1", 0x12345679, "crnor 0,0"
	CRT	"crandc 8, 11, 12", 0x12b45678, "crandc 1,~0"
	CRT	"crorc 12, 4, 5", 0x123c5678, "crorc 0|~0"
	CRT	"crorc 3, 4, 3", 0x02345678, "crorc 0|~1"
	CRT	"crmove 0, 28", 0x92345678, "crmove"
	CRT	"crnot 28, 28", 0x12345670, "crnot"
	PRINTLN	"cr: moves"
	CRT	"mcrf 0, 7", 0x82345678, "mcrf 0,7"
	CRT	"mcrf 5, 1", 0x12345278, "mcrf 5,1"
	LI64	r4, 0xffffffffabcdef01
	CRT	"mtcrf 0x81, r4", 0xa2345671, "mtcrf 0x81"
	CRT	"mtcrf 0xff, r4", 0xabcdef01, "mtcrf 0xff ignores high word"
	CRT	"mtcrf 0, r4", 0x12345678, "mtcrf 0 changes nothing"
	CRT	"mtocrf 0x04, r4", 0x12345f78, "mtocrf field 5"
	LI64	r0, 0x12345678
	mtcrf	0xff, r0
	mfcr	r3
	check	r3, 0x12345678, "mfcr zero-extends"
	# mfocrf: only the selected field is defined, the rest of RT is undefined
	mfocrf	r3, 0x02
	rlwinm	r3, r3, 0, 24, 27	# (not andi.: that would change CR0)
	check	r3, 0x70, "mfocrf field 6"
	mfocrf	r3, 0x80
	rlwinm	r3, r3, 4, 28, 31
	check	r3, 0x1, "mfocrf field 0"
	FINISH	"cr"
	.include "vectors.inc"
