# pseries-rr regression: decoder (fast-check seed 1, path 0:1:0:0:0:0:0:0:2:0:0:13:11:11:13:11:12:11:13:12:11:14:11:11:12:13)
# cmpi/cmpli with reserved bit 9 set: objdump prints cmpwi/cmplwi regardless (the X-form cmp/cmpl keep it checked); found with the fix reverted, so seed and path reproduce only there
# expect: cmpwi   cr6,r0,0
	.long 0x2f400000
