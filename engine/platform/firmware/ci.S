# The client-interface stub, assembled once big-endian (into vof.S) and once
# little-endian (ci-le.bin): hcall KVMPPC_H_VOF_CLIENT with r4 = the argument block.
	mr	%r4, %r3
	li	%r3, 0
	ori	%r3, %r3, 0xf005	# 0xf005 as an unsigned 32-bit value (li would sign-extend)
	sc	1
	blr
