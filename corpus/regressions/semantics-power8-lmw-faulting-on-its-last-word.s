# pseries-rr regression: semantics (qemu-user, POWER8), found by fast-check seed 720339915 path "1046:0:0:6:0:1:2:2:2:2:2:2:2:2:2:2:2:2:11:2:2:2:2:2:2:2:2:3:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2"
# reproduce: pseries-rr fuzz --target semantics --cpu POWER8 --max-insns 12 --seed 720339915 --path "1046:0:0:6:0:1:2:2:2:2:2:2:2:2:2:2:2:2:11:2:2:2:2:2:2:2:2:3:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2:2"
# lmw whose last word lies past the window (and RAM) end: QEMU 7.2 checks the whole range first and alters no register; the engine loaded r20..r30 before faulting. Both are allowed (Book III-S §6.7); the engine now checks first too (loadstore.ts probeRange), so this seed reproduces the failure only with that check taken out.
# be: r27: engine 0x72 qemu 0x0
# be: r28: engine 0xf0d124e2 qemu 0x0
# be: r29: engine 0xb1dc3671 qemu 0x0
# be: r30: engine 0x702dd7e9 qemu 0x0
# cpu POWER8
# state r14 0x1ffff200
# state r15 0x1ffffde8
# state r16 0x1ffff200
# state r17 0x1ffff200
# state lr 0x1ffe0004
# state window +0xff0 72f0d124e2b1dc3671702dd7e9d39890
	.long 0xba8f01e9	# lmw     r20,489(r15)
# expect be signal 11 si_code 1 nip 0x1ffe0000 siaddr 0x20000000
