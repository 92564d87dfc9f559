# exceptions — interrupts taken in real mode with the vectors at 0 (LPCR[AIL] = 0) and
# MSR[LE] = LPCR[ILE] = 0 (ISA 2.07 Book III 6). For each: the vector, SRR0 and the SRR1
# bits the ISA defines (MSR bits 0:32, 37:41, 48:63 of the interrupted context; for the
# program interrupt the reason in bits 43:47: 44 illegal = 0x80000, 45 privileged =
# 0x40000, 46 trap = 0x20000).
#   program: illegal instruction (word 0), privileged instruction (hrfid outside
#     hypervisor state), trap (tw/twi/td/tdi);
#   system call: sc, SRR0 = the next instruction;
#   alignment: lwarx/ldarx at an unaligned address (POWER8 and QEMU raise 0x600 with
#     DAR = EA; DSISR is not checked: POWER8 leaves it undefined for alignment);
#   facility unavailable: FP (0x800), VMX (0xf20), VSX (0xf40);
#   decrementer: DEC counts down, the interrupt (0x900) is held off while MSR[EE] = 0 and
#     taken once EE = 1 (the handler rearms DEC); only counts are printed, never times;
#   outside RAM: a store and a load at 0x40000000 with -m 512M; prints what happened (QEMU
#     7.2's pseries reads 0 and drops the store; POWER hardware and pseries-rr by default
#     take a machine check — see corpus/bare/deviations.ts).
# Handlers record: r28 = number of interrupts, r29 = vector, r30 = SRR0, r31 = SRR1,
# r27 = DAR. All except sc and the decrementer resume at SRR0 + 4 in supervisor state.
	.include "common.inc"
	.include "runtime.inc"
	.text
	.set	SRR1_ILLEGAL, 0x80000
	.set	SRR1_PRIV,    0x40000
	.set	SRR1_TRAP,    0x20000

	.macro RECORD vec
	addi	r28, r28, 1
	li	r29, \vec
	mfsrr0	r30
	mfsrr1	r31
	mfdar	r27
	.endm

h200:	RECORD	0x200
	b	resume_next
h600:	RECORD	0x600
	b	resume_next
h700:	RECORD	0x700
	b	resume_next
h800:	RECORD	0x800
	b	resume_next
hf20:	RECORD	0xf20
	b	resume_next
hf40:	RECORD	0xf40
	b	resume_next
hc00:	RECORD	0xc00
	LI64	r26, MSR_SF
	mtsrr1	r26
	rfid				# SRR0 already points after sc
h900:	addi	r25, r25, 1		# decrementer: r25 counts, r24 = SRR1
	mfsrr1	r24
	lis	r26, 0x7fff		# rearm far away: DEC interrupts are level-triggered
	mtdec	r26
	rfid				# back to the interrupted context (EE = 1 again)
# Set MSR[ME] (mtmsrd cannot): rfid to the next instruction with MSR = SF | ME.
	.macro ME_ON
	LA	r26, 9f
	mtsrr0	r26
	LI64	r26, MSR_SF | MSR_ME
	mtsrr1	r26
	rfid
9:
	.endm

resume_next:
	addi	r26, r30, 4
	mtsrr0	r26
	LI64	r26, MSR_SF
	mtsrr1	r26
	rfid

	.macro EXPECT vec, srr0_label, srr1, name
	check	r28, 1, "\name: one interrupt"
	check	r29, \vec, "\name: vector"
	LA	r26, \srr0_label
	subf	r26, r26, r30
	check	r26, 0, "\name: srr0"
	check	r31, \srr1, "\name: srr1"
	li	r28, 0
	li	r29, 0
	.endm

_start:
	START64
	li	r28, 0
	li	r29, 0
	LI64	r20, SCRATCH
	PRINTLN	"exceptions: program interrupt"
ill:	.long	0			# primary opcode 0: illegal
	EXPECT	0x700, ill, MSR_SF | SRR1_ILLEGAL, "illegal instruction"
	li	r3, 5
trap1:	tw	4, r3, r3		# trap if equal
	EXPECT	0x700, trap1, MSR_SF | SRR1_TRAP, "tw eq"
	li	r3, -1
trap2:	tdlti	r3, 0
	EXPECT	0x700, trap2, MSR_SF | SRR1_TRAP, "tdlti"
trap3:	twi	31, r0, 0		# trap (unconditional)
	EXPECT	0x700, trap3, MSR_SF | SRR1_TRAP, "twi 31"
	li	r3, 1
	td	4, r3, r0		# never: r0 = 0 != 1 ... (TO=4: equal)
	tdi	0, r3, 0		# TO=0: never
	twgti	r3, 1			# 1 > 1 false
	tdllti	r3, 1			# 1 <u 1 false
	check	r28, 0, "traps with false conditions"
	PRINTLN	"exceptions: privileged instruction"
	# Problem state is not tested here: rfid to MSR[PR] = 1 also sets EE, IR and DR
	# (ISA 2.07 Book III 3.2.1), so it needs an SLB + hash page table. Instead: hrfid is
	# hypervisor-privileged, so in privileged non-hypervisor state (the pseries guest)
	# it raises a privileged-instruction program interrupt.
priv1:	hrfid
	EXPECT	0x700, priv1, MSR_SF | SRR1_PRIV, "hrfid in supervisor state"
	mfmsr	r3
	check	r3, MSR_SF, "msr unchanged"
	PRINTLN	"exceptions: system call"
	sc
sc1:	EXPECT	0xc00, sc1, MSR_SF, "sc"
	PRINTLN	"exceptions: alignment"
	addi	r21, r20, 2
al1:	lwarx	r3, 0, r21
	EXPECT	0x600, al1, MSR_SF, "lwarx unaligned"
	subf	r26, r21, r27
	check	r26, 0, "lwarx unaligned: dar"
	addi	r21, r20, 4
al2:	ldarx	r3, 0, r21
	EXPECT	0x600, al2, MSR_SF, "ldarx unaligned"
	subf	r26, r21, r27
	check	r26, 0, "ldarx unaligned: dar"
	# (an unaligned stwcx. without a reservation is not checked: the ISA leaves unaligned
	# larx/stcx. "alignment interrupt or boundedly undefined", and QEMU 7.2 just fails
	# the stcx. when there is no reservation.)
	PRINTLN	"exceptions: facility unavailable"
fp1:	lfd	f1, 0(r20)
	EXPECT	0x800, fp1, MSR_SF, "fp unavailable"
vmx1:	vor	v0, v1, v1
	EXPECT	0xf20, vmx1, MSR_SF, "vmx unavailable"
vsx1:	xxlor	vs0, vs1, vs1
	EXPECT	0xf40, vsx1, MSR_SF, "vsx unavailable"
	PRINTLN	"exceptions: decrementer"
	li	r25, 0
	li	r3, 3			# three rounds: arm DEC, enable EE, wait
	mtctr	r3
2:	mr	r22, r25
	li	r3, 1000
	mtdec	r3
	li	r3, 0
	ori	r3, r3, MSR_EE
	mtmsrd	r3, 1			# L=1: only EE and RI change
	LI64	r23, 200000000		# bounded wait
1:	cmpd	r25, r22
	bne	3f
	addi	r23, r23, -1
	cmpdi	r23, 0
	bne	1b
3:	li	r3, 0
	mtmsrd	r3, 1			# EE = 0
	bdnz	2b
	check	r25, 3, "decrementer: three interrupts"
	check	r24, MSR_SF | MSR_EE, "decrementer: srr1"
	# with EE = 0 the expired decrementer stays pending, then fires when EE = 1
	li	r25, 0
	li	r3, 10
	mtdec	r3
	LI64	r23, 1000000
1:	addi	r23, r23, -1
	cmpdi	r23, 0
	bne	1b
	mfdec	r4
	extsw	r4, r4
	cmpdi	r4, 0
	li	r5, 0
	bge	1f
	li	r5, 1
1:	check	r5, 1, "decrementer: negative after expiry"
	check	r25, 0, "decrementer: held off while EE = 0"
	li	r3, 0
	ori	r3, r3, MSR_EE
	mtmsrd	r3, 1		# the pending interrupt is taken here (ISA Book III 7.5.11)
	LI64	r23, 200000000	# bounded wait: QEMU raises it from a host timer thread
1:	cmpdi	r25, 0
	bne	2f
	addi	r23, r23, -1
	cmpdi	r23, 0
	bne	1b
2:	li	r3, 0
	mtmsrd	r3, 1
	check	r25, 1, "decrementer: taken once EE = 1"
	PRINTLN	"exceptions: outside RAM"
	# Prints what happens rather than asserting it: POWER hardware raises a machine check
	# (and pseries-rr does by default), QEMU 7.2 reads 0 and drops the store. MSR[ME] must
	# be 1 for a machine check to be taken (else checkstop); only rfid can set it here.
	LI64	r4, 0x40000000
	ME_ON
	li	r28, 0
	li	r3, 0x55
	stw	r3, 0(r4)
	cmpdi	r28, 0
	bne	1f
	PRINTLN	"store outside RAM: dropped, no machine check"
	b	2f
1:	PRINT	"store outside RAM: machine check, "
	andis.	r5, r31, 0x783f		# SRR1 cause bits 33:36, 42:47
	PRINT_REG r5, "srr1 cause"
2:	ME_ON
	li	r28, 0
	li	r3, -1
	ld	r3, 0(r4)
	cmpdi	r28, 0
	bne	1f
	PRINT	"load outside RAM: no machine check, "
	PRINT_REG r3, "value"
	b	2f
1:	PRINT	"load outside RAM: machine check, "
	andis.	r5, r31, 0x783f
	PRINT_REG r5, "srr1 cause"
2:
	FINISH	"exceptions"
	.include "vectors.inc"
