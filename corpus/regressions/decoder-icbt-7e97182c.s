# pseries-rr regression: decoder (fast-check seed 1, path 2:4:0:1:0:0:0:0:10:18:19:19:20:18:21:19:20:20:19:23)
# icbt with reserved bit 6 set: objdump prints bits 6:10 as CT (Book II §4.3.1 has CT in bits 7:10); found with the fix reverted, so seed and path reproduce only there
# expect: icbt    20,r23,r3
	.long 0x7e97182c
