# pseries-rr regression: decoder (fast-check seed 1, path 8:1:0:3:0:0:0:0:1:1:10:10:10:17:17:16:16:16:16:17)
# dcbz with reserved bit 10 set: objdump prints binutils' dcbzl; found with the fix reverted, so seed and path reproduce only there
# expect: dcbzl   0,r0
	.long 0x7c2007ec
