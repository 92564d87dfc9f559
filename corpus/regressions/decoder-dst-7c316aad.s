# pseries-rr regression: decoder (fast-check seed 20240611, path objdump/0:1:0:0:0:0:1:2:1:0:8:7:9:9:8:10:8:9:8:9:8:8:11:8:10:8:14)
# dst with Rc (bit 31) set: objdump ignores every reserved bit of the stream hints; found with the fix reverted
# expect: dst     r17,r13,1
	.long 0x7c316aad
