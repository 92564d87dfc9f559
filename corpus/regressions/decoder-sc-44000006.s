# pseries-rr regression: decoder (fast-check seed 1, path 6:1:0:2:1:1:0:0:0:1:10:11:11)
# sc with reserved bits 27:29 set: objdump checks only bits 6:15 and 30:31; found with the fix reverted, so seed and path reproduce only there
# expect: sc
	.long 0x44000006
