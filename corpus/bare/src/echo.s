# echo — console input: polls H_GET_TERM_CHAR until a line arrives, echoes it, powers off.
# Run it with input on stdin (pseries-rr run -bios echo.img <<< 'some text'); without input
# it polls forever. The output depends only on the bytes, not on when they arrive.
	.include "common.inc"
	.include "runtime.inc"
	.text
_start:
	START64
	PRINTLN	"echo: type a line"
	PRINT	"echo: "
	li	r20, 0			# bytes echoed
	LA	r21, inbuf
poll:	li	r3, H_GET_TERM_CHAR
	lis	r4, VTY_UNIT_HI
	ori	r4, r4, VTY_UNIT_LO
	sc	1
	cmpdi	r4, 0			# r4 = number of bytes, r5:r6 = the bytes (big-endian packed)
	beq	poll
	std	r5, 0(r21)
	std	r6, 8(r21)
	mr	r22, r4
	li	r23, 0
next:	lbzx	r3, r21, r23
	cmpdi	r3, 10			# end of line: LF, or CR from a terminal in raw mode
	beq	done
	cmpdi	r3, 13
	beq	done
	bl	putc			# putc clobbers r3-r7 only
	addi	r20, r20, 1
	addi	r23, r23, 1
	cmpd	r23, r22
	blt	next
	b	poll
done:	bl	newline
	PRINT_REG r20, "echo: bytes"
	FINISH	"echo"

	.data
	.balign	8
inbuf:	.space	16
	.text
	.include "vectors.inc"
