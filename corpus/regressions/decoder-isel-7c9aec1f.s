# pseries-rr regression: decoder (fast-check seed 1, path 0:2:0:1:2:0:0:0:11:21:18:18:19:19:19:18:18:19:18:18:20:20:18:18:18:19)
# isel with reserved bit 31 set: objdump still prints isel; found with the fix reverted, so seed and path reproduce only there
# expect: isel    r4,r26,r29,4*cr4+lt
	.long 0x7c9aec1f
