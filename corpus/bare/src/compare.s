# compare — cmp/cmpl/cmpi/cmpli with L=0 (word) and L=1 (doubleword) into several CR
# fields, XER[SO] copied into the field; L, not the mode, selects the width
# (ISA 2.07 Book I 3.3.10).
	.include "common.inc"
	.include "runtime.inc"
	.text
# TCMP "insn field, ra, rb-or-imm", a, b, xer, want_cr
	.macro TCMP insn, a, b, xin, cr, name
	LI64	r4, \a
	LI64	r5, \b
	LI64	r0, \xin
	mtxer	r0
	li	r0, 0
	mtcrf	0xff, r0
	\insn
	mfcr	r7
	check32	r7, \cr, "\name"
	.endm
_start:
	START64
	PRINTLN	"compare: 64-bit mode"
	TCMP	"cmpd cr0, r4, r5", 0xffffffff00000001, 1, 0, 0x80000000, "cmpd neg<1"
	TCMP	"cmpw cr0, r4, r5", 0xffffffff00000001, 1, 0, 0x20000000, "cmpw low words equal"
	TCMP	"cmpld cr0, r4, r5", 0xffffffff00000001, 1, 0, 0x40000000, "cmpld big>1"
	TCMP	"cmplw cr0, r4, r5", 0xffffffff00000001, 1, 0, 0x20000000, "cmplw low words equal"
	TCMP	"cmpw cr1, r4, r5", 0x80000000, 0x7fffffff, 0, 0x08000000, "cmpw cr1 0x80000000<0x7fffffff"
	TCMP	"cmplw cr2, r4, r5", 0x80000000, 0x7fffffff, 0, 0x00400000, "cmplw cr2 0x80000000>0x7fffffff"
	TCMP	"cmpd cr3, r4, r5", 0x80000000, 0x7fffffff, 0, 0x00040000, "cmpd cr3 positive >"
	TCMP	"cmpld cr7, r4, r5", 5, 5, 0, 0x00000002, "cmpld cr7 equal"
	TCMP	"cmpd cr6, r4, r5", 5, 5, XSO, 0x00000030, "cmpd cr6 equal SO"
	TCMP	"cmpw cr4, r4, r5", 0x100000000, 0xffffffff00000000, XSO, 0x00003000, "cmpw cr4 equal SO"
	TCMP	"cmp cr5, 1, r4, r5", -2, -1, 0, 0x00000800, "cmp L=1 -2<-1"
	TCMP	"cmp cr5, 0, r4, r5", 0x1fffffffe, 0x0ffffffff, 0, 0x00000800, "cmp L=0 -2<-1"
	TCMP	"cmpl cr5, 1, r4, r5", -2, -1, 0, 0x00000800, "cmpl L=1 unsigned <"
	TCMP	"cmpl cr5, 0, r4, r5", 0x2, 0xfffffffe00000003, 0, 0x00000800, "cmpl L=0 2<3"
	# immediates: signed for cmpi, zero-extended for cmpli
	TCMP	"cmpwi cr0, r4, -1", 0x1ffffffff, 0, 0, 0x20000000, "cmpwi low -1 == -1"
	TCMP	"cmpdi cr0, r4, -1", 0x1ffffffff, 0, 0, 0x40000000, "cmpdi 0x1ffffffff > -1"
	TCMP	"cmpdi cr1, r4, 0", 0x8000000000000000, 0, 0, 0x08000000, "cmpdi MIN < 0"
	TCMP	"cmpldi cr0, r4, 0xffff", 0x1ffffffff, 0, 0, 0x40000000, "cmpldi >"
	TCMP	"cmpldi cr0, r4, 0xffff", 5, 0, 0, 0x80000000, "cmpldi 5 < 0xffff unsigned"
	TCMP	"cmplwi cr3, r4, 0xffff", 0x10000ffff, 0, 0, 0x00020000, "cmplwi low word equal"
	TCMP	"cmpwi cr7, r4, 0x7fff", 0xffffffff80000000, 0, 0, 0x00000008, "cmpwi cr7 <"
	TCMP	"cmpi cr2, 1, r4, -32768", -32768, 0, XSO, 0x00300000, "cmpi L=1 equal SO"
	TCMP	"cmpli cr2, 0, r4, 0x8000", 0x8000, 0, 0, 0x00200000, "cmpli L=0 equal"
	# compares leave the other CR fields alone
	LI64	r0, 0x12345678
	mtcrf	0xff, r0
	li	r4, 1
	cmpwi	cr4, r4, 1
	mfcr	r7
	check32	r7, 0x12342678, "cmpwi cr4 only field 4 changes"
	PRINTLN	"compare: 32-bit mode"
	MODE32
	TCMP	"cmpd cr0, r4, r5", 0xffffffff00000001, 1, 0, 0x80000000, "32 cmpd still 64-bit"
	TCMP	"cmpw cr0, r4, r5", 0xffffffff00000001, 1, 0, 0x20000000, "32 cmpw"
	TCMP	"cmpld cr1, r4, r5", 0x100000000, 1, 0, 0x04000000, "32 cmpld still 64-bit"
	MODE64
	FINISH	"compare"
	.include "vectors.inc"
