# pseries-rr regression: decoder (fast-check seed 1, path 0:1:1:0:0:0:2:0:0:0:6:11:18:9:9:9:9:9:9:9:9:9:9:9:10)
# lq with reserved bits 28:31 set (Book I §3.3.4): objdump and QEMU ignore them; the table decoded them as no instruction; found with the fix reverted, so seed and path reproduce only there
# expect: lq      r26,-3456(r31)
	.long 0xe35ff28f
