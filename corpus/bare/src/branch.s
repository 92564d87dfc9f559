# branch — b/ba/bl, bc with every BO kind (CTR decrement and test, condition test, always,
# with and without hint bits), bclr/bcctr with and without link, and LR values
# (ISA 2.07 Book I 2.4). BO: 0000y bdnzf, 0001y bdzf, 001at bf, 0100y bdnzt, 0101y bdzt,
# 011at bt, 1a00t bdnz, 1a01t bdz, 1z1zz always. In 32-bit mode only CTR[32:63] is tested.
	.include "common.inc"
	.include "runtime.inc"
	.text
	.set	CEQ, 0x20000000		# CR0[EQ] (CR bit 2)
	.macro BR insn, cr, ctr, taken, ctrout, name
	LI64	r0, \cr
	mtcrf	0xff, r0
	LI64	r0, \ctr
	mtctr	r0
	li	r3, 0
	\insn
	b	2f
1:	li	r3, 1
2:	mfctr	r4
	check	r3, \taken, "\name"
	check	r4, \ctrout, "\name ctr"
	.endm
	# bclr to label 1f (the target is loaded into LR)
	.macro BRLR insn, cr, ctr, taken, ctrout, name
	LI64	r0, \cr
	mtcrf	0xff, r0
	LI64	r0, \ctr
	mtctr	r0
	LA	r8, 1f
	mtlr	r8
	li	r3, 0
	\insn
	b	2f
1:	li	r3, 1
2:	mfctr	r4
	check	r3, \taken, "\name"
	check	r4, \ctrout, "\name ctr"
	.endm
_start:
	START64
	PRINTLN	"branch: bc"
	BR	"b 1f", 0, 5, 1, 5, "b"
	BR	"bc 12, 2, 1f", CEQ, 5, 1, 5, "bt eq taken"
	BR	"bc 12, 2, 1f", 0, 5, 0, 5, "bt eq not taken"
	BR	"bc 4, 2, 1f", 0, 5, 1, 5, "bf eq taken"
	BR	"bc 4, 2, 1f", CEQ, 5, 0, 5, "bf eq not taken"
	BR	"bc 15, 2, 1f", CEQ, 5, 1, 5, "bt with at=11 hint"
	BR	"bc 7, 2, 1f", CEQ, 5, 0, 5, "bf with at=11 hint"
	BR	"bc 16, 0, 1f", 0, 2, 1, 1, "bdnz ctr=2"
	BR	"bc 16, 0, 1f", 0, 1, 0, 0, "bdnz ctr=1"
	BR	"bc 16, 0, 1f", 0, 0, 1, -1, "bdnz ctr=0 wraps"
	BR	"bc 25, 0, 1f", 0, 2, 1, 1, "bdnz with a=1 t=1 hint"
	BR	"bc 18, 0, 1f", 0, 1, 1, 0, "bdz ctr=1"
	BR	"bc 18, 0, 1f", 0, 2, 0, 1, "bdz ctr=2"
	BR	"bc 8, 2, 1f", CEQ, 2, 1, 1, "bdnzt taken"
	BR	"bc 8, 2, 1f", CEQ, 1, 0, 0, "bdnzt ctr->0"
	BR	"bc 8, 2, 1f", 0, 2, 0, 1, "bdnzt cond false still decrements"
	BR	"bc 0, 2, 1f", 0, 2, 1, 1, "bdnzf taken"
	BR	"bc 0, 2, 1f", CEQ, 2, 0, 1, "bdnzf cond true"
	BR	"bc 10, 2, 1f", CEQ, 1, 1, 0, "bdzt taken"
	BR	"bc 10, 2, 1f", CEQ, 3, 0, 2, "bdzt ctr!=0"
	BR	"bc 2, 2, 1f", 0, 1, 1, 0, "bdzf taken"
	BR	"bc 2, 2, 1f", CEQ, 1, 0, 0, "bdzf cond true"
	BR	"bc 20, 0, 1f", 0, 7, 1, 7, "bc always"
	BR	"bc 12, 31, 1f", 1, 0, 1, 0, "bt cr bit 31"
	PRINTLN	"branch: bclr bcctr"
	BRLR	"bclr 20, 0", 0, 5, 1, 5, "blr"
	BRLR	"bclr 12, 2", CEQ, 5, 1, 5, "beqlr taken"
	BRLR	"bclr 12, 2", 0, 5, 0, 5, "beqlr not taken"
	BRLR	"bclr 16, 0", 0, 2, 1, 1, "bdnzlr taken"
	BRLR	"bclr 16, 0", 0, 1, 0, 0, "bdnzlr not taken"
	BRLR	"bclr 8, 2", CEQ, 2, 1, 1, "bdnztlr"
	# bcctr: the target is in CTR (BO with the decrement bit clear)
	LA	r8, 1f
	mtctr	r8
	li	r3, 0
	bctr
	b	2f
1:	li	r3, 1
2:	check	r3, 1, "bctr"
	LI64	r0, CEQ
	mtcrf	0xff, r0
	LA	r8, 1f
	mtctr	r8
	li	r3, 0
	bcctr	4, 2
	li	r3, 2
	bcctr	12, 2
	b	2f
1:	addi	r3, r3, 1
2:	check	r3, 3, "bfctr not taken, btctr taken"
	PRINTLN	"branch: link"
	bl	1f
1:	mflr	r3
	LA	r4, 1b
	subf	r3, r4, r3
	check	r3, 0, "bl sets lr"
	bcl	20, 31, 1f		# the usual "get pc" idiom
1:	mflr	r3
	LA	r4, 1b
	subf	r3, r4, r3
	check	r3, 0, "bcl 20,31"
	LA	r8, sub_ret
	mtlr	r8
	blrl				# target = old LR, LR = address after blrl
3:	subf	r5, r6, r5		# sub_ret set r5 = LR it saw, r6 = address of 3b
	check	r5, 0, "blrl new lr"
	check	r7, 1, "blrl reached target"
	LA	r8, sub_ret
	mtctr	r8
	bctrl
3:	subf	r5, r6, r5
	check	r5, 0, "bctrl lr"
	li	r3, 0
	ba	abs_target
	b	2f
abs_target:
	li	r3, 1
2:	check	r3, 1, "ba absolute"
	li	r3, 0
	bla	abs_sub
4:	mflr	r5			# before any check: check is a bl
	check	r3, 1, "bla absolute"
	LA	r6, 4b
	subf	r5, r6, r5
	check	r5, 0, "bla lr"
	PRINTLN	"branch: 32-bit mode"
	MODE32
	BR	"bc 16, 0, 1f", 0, 0x100000001, 0, 0x100000000, "32 bdnz tests low word only"
	BR	"bc 18, 0, 1f", 0, 0x100000001, 1, 0x100000000, "32 bdz tests low word only"
	BR	"bc 16, 0, 1f", 0, 0x100000000, 1, 0xffffffff, "32 bdnz ctr low word 0"
	bl	1f
1:	mflr	r3
	LA	r4, 1b
	subf	r3, r4, r3
	check	r3, 0, "32 bl sets lr"
	MODE64
	BR	"bc 16, 0, 1f", 0, 0x100000001, 1, 0x100000000, "64 bdnz tests all bits"
	FINISH	"branch"

# r5 = LR on entry, r6 = the return point the caller expects (label 3b before the call
# returns), r7 = 1.
sub_ret:
	mflr	r5
	mr	r6, r5
	li	r7, 1
	blr
abs_sub:
	li	r3, 1
	blr
	.include "vectors.inc"
