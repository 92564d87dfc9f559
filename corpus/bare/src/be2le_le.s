# be2le_le — the little-endian part of the be2le guest, assembled with -mlittle and
# included into be2le.img with .incbin. Position independent. Entered by rfid with
# MSR = SF | LE; in: r20 = big-endian address to return to, r21 = scratch buffer whose
# doubleword at +8 holds 0x0102030405060708 stored big-endian.
# out: r23 = MSR seen in LE mode, r26 = ld of that doubleword, r27 = lwbrx of it,
# r28 = lhz of it, r29/r19 = set by the alignment handler for lmw (vector, SRR1);
# the word at +0 is stored with stw 0x11223344.
	.set	H_PUT_TERM_CHAR, 0x58
	.text
	.globl	le_entry
le_entry:
	mfmsr	r23
	bcl	20, 31, 1f
1:	mflr	r24
	addi	r25, r24, msg - 1b
2:	lbz	r3, 0(r25)		# a byte load is the same in either byte order
	cmpwi	r3, 0
	beq	3f
	rldicr	r6, r3, 56, 7		# hcall arguments are registers: no byte order
	li	r3, H_PUT_TERM_CHAR
	lis	r4, 0x7100
	ori	r4, r4, 1
	li	r5, 1
	sc	1
	addi	r25, r25, 1
	b	2b
3:	lis	r5, 0x1122
	ori	r5, r5, 0x3344
	stw	r5, 0(r21)		# memory: 44 33 22 11
	ld	r26, 8(r21)		# memory 01..08 -> 0x0807060504030201
	li	r9, 8
	lwbrx	r27, r21, r9		# byte-reversed: 0x01020304
	lhz	r28, 8(r21)		# 0x0201
	li	r29, 0
	.long	0xbbd50000		# lmw r30, 0(r21) (gas refuses lmw with -mlittle):
					# load multiple in LE mode -> alignment interrupt
	mtsrr0	r20			# back to big-endian: MSR = SF
	li	r3, 1
	sldi	r3, r3, 63
	mtsrr1	r3
	rfid
msg:	.asciz	"Hello from little-endian mode\n"
