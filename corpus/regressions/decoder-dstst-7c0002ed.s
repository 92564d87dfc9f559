# pseries-rr regression: decoder (fast-check seed -1162584352, path objdump/0:1:0:0:0:0:0:0:2:1:1:4:4:4:4:4)
# dstst with Rc (bit 31) set: objdump still prints dstst; found with the fix reverted
# expect: dstst   r0,r0,0
	.long 0x7c0002ed
