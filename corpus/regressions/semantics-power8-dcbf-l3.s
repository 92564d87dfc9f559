# pseries-rr regression: semantics (qemu-user, POWER8), found by the semantic fuzzer (fast-check seed 1)
# dcbf L=3 (dcbflp, Power ISA 2.07 Book II §4.3.2): QEMU 7.2 raises an illegal instruction; the engine
# follows the ISA and the runner adopts QEMU's SIGILL (fuzz/semantics/deviations.ts: dcbf-l3)
# cpu POWER8
# state r14 0x1ffff200
	.long 0x7c6e90ac	# dcbf    r14,r18,3
# expect be signal 4 si_code 1 nip 0x1ffe0000 siaddr 0x1ffe0000
# expect le signal 4 si_code 1 nip 0x1ffe0000 siaddr 0x1ffe0000
