/* Entry point and the setup trap, in assembly because both must not depend on the C ABI. */
	.abiversion 2
	.machine power8
	.text

/* The kernel (or QEMU) enters with r1 -> argc, argv[], envp[]. Static and not PIE, so the
 * TOC pointer is an absolute address below 2 GiB. */
	.globl _start
	.type _start, @function
_start:
	lis 2, .TOC.@ha
	addi 2, 2, .TOC.@l
	mr 3, 1
	clrrdi 1, 1, 4
	li 0, 0
	stdu 0, -128(1)
	bl cmain
	nop
	trap
	.size _start, . - _start

/* setup_trap(): the SIGTRAP handler loads the case into this trap's frame and sigreturn
 * runs the case; after the case the handler puts the harness's own frame back with NIP =
 * setup_return, so to the caller this is an ordinary call that preserved everything. */
	.globl setup_trap
	.type setup_trap, @function
setup_trap:
	trap
	.globl setup_return
setup_return:
	blr
	.size setup_trap, . - setup_trap

	.section .note.GNU-stack, "", @progbits
