# pseries-rr's default firmware for -kernel boots: what QEMU 7.2's vof.bin does at entry,
# the client interface itself being answered by the hypervisor (engine/platform/vof/).
# Loaded at 0, entered at 0x100 in big-endian 32-bit real mode with r3 = initrd address and
# r4 = initrd size (the machine sets them, as QEMU's spapr_vof_reset does).
# Built by build-vof.sh; the committed vof.img must be what it produces.

	.text
	.globl	_start
	.org	0x100
_start:
	lis	%r1, 0
	ori	%r1, %r1, 0xffe0	# top of the 0x8000..0x10000 stack less a frame
	bl	1f
1:	mflr	%r5
	addi	%r5, %r5, ci_entry - 1b	# r5 = the client-interface entry
	lis	%r6, 0x40		# the kernel, loaded at 0x400000
	mtctr	%r6
	bctr

# The client-interface entry: r3 = address of the argument block. The first word reads as
# a never-trapping `tdi` in big-endian and as `b .+8` in little-endian, so a caller in
# either byte order reaches a copy of the stub encoded in its own order; both make hcall
# KVMPPC_H_VOF_CLIENT (0xf005) with r4 = the block and return its status in r3.
	.balign	4
ci_entry:
	tdi	0, %r0, 0x48
	b	ci_be
	.incbin	"ci-le.bin"		# ci.S assembled little-endian (build-vof.sh)
ci_be:
	.include "ci.S"
