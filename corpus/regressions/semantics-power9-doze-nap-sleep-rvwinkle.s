# pseries-rr regression: semantics (qemu-user, POWER9), found by the semantic fuzzer (fast-check seed 12)
# ISA 3.0 removed doze/nap/sleep/rvwinkle (stop replaces them): illegal instruction, where the engine raised
# the privileged-instruction interrupt of ISA 2.07 Book III-S §3.3.2
# cpu POWER9
	.long 0x4c000324	# doze
# expect be signal 4 si_code 1 nip 0x1ffe0000 siaddr 0x1ffe0000
# expect le signal 4 si_code 1 nip 0x1ffe0000 siaddr 0x1ffe0000
