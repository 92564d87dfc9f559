# pseries-rr regression: decoder (fast-check seed 1, path 2:1:0:0:0:2:0:1:0:1:9:7)
# slbia IH hint (bits 8:10): objdump prints it as an optional operand; found with the fix reverted, so seed and path reproduce only there
# expect: slbia   1
	.long 0x7c2003e4
