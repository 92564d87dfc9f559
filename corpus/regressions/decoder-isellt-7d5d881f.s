# pseries-rr regression: decoder (fast-check seed 1, path 23:2:1:6:0:0:27)
# isel with bit 31 set and BC = lt: objdump's isellt/iselgt/iseleq require bit 31 = 0, so it prints isel; found with the fix reverted, so seed and path reproduce only there
# expect: isel    r10,r29,r17,lt
	.long 0x7d5d881f
