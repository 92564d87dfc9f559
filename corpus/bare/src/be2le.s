# be2le — switches to little-endian mode with rfid (MSR[LE] = 1), runs code assembled
# little-endian (src/be2le_le.s, included with .incbin), prints from LE mode, does LE
# loads and stores, takes an alignment interrupt for lmw in LE mode (ISA 2.07 Book I
# 3.3.6: load/store multiple in LE mode invoke the alignment handler; the handler runs
# big-endian since LPCR[ILE] = 0 and sees MSR[LE] = 1 in SRR1), and returns to
# big-endian with rfid (ISA 2.07 Book III 5.4.3 rfid, Book I 1.10 byte ordering).
	.include "common.inc"
	.include "runtime.inc"
	.text
h600:	li	r29, 0x600		# resume after the lmw, still little-endian
	mfsrr1	r19
	mfsrr0	r18
	addi	r18, r18, 4
	mtsrr0	r18
	rfid
_start:
	START64
	PRINTLN	"be2le: big-endian"
	LI64	r21, SCRATCH
	LI64	r3, 0x0102030405060708
	std	r3, 8(r21)
	li	r3, 0
	std	r3, 0(r21)
	li	r19, 0
	LA	r20, back
	LA	r3, le_blob
	mtsrr0	r3
	LI64	r3, MSR_SF | MSR_LE
	mtsrr1	r3
	rfid
back:	PRINTLN	"be2le: big-endian again"
	mfmsr	r3
	check	r3, MSR_SF, "msr back to big-endian"
	check	r23, MSR_SF | MSR_LE, "msr in little-endian mode"
	check	r26, 0x0807060504030201, "ld in LE"
	check	r27, 0x01020304, "lwbrx in LE"
	check	r28, 0x0201, "lhz in LE"
	lwz	r3, 0(r21)
	check	r3, 0x44332211, "stw in LE read big-endian"
	check	r29, 0x600, "lmw in LE: alignment interrupt"
	check	r19, MSR_SF | MSR_LE, "lmw in LE: srr1 has LE"
	FINISH	"be2le"

	.balign	64
le_blob:
	.incbin	"be2le_le.bin"
	.balign	4
	.include "vectors.inc"
