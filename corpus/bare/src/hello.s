# hello — prints a greeting, the boot state QEMU hands over, and powers off.
	.include "common.inc"
	.include "runtime.inc"
	.text
_start:
	mr	r20, r3			# FDT address from the loader
	mfmsr	r21			# boot MSR (expected 0)
	START64
	PRINTLN	"Hello from pseries-rr bare metal"
	lwz	r22, 0(r20)		# FDT magic
	check32	r22, 0xd00dfeed, "fdt magic at r3"
	check	r21, 0, "boot msr"
	mfmsr	r23
	check	r23, MSR_SF, "msr after mtmsrd (SF)"
	mfpvr	r24
	check	r24, 0x004d0200, "pvr power8"
	FINISH	"hello"
	.include "vectors.inc"
