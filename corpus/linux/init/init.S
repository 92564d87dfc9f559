/* pseries-rr's own /init for the Linux corpus: static ppc64le (ELFv2, little-endian), no
 * libc, fixed-point instructions only (no FP, VMX or VSX). It prints one line on the
 * console and powers the machine off:
 *     write(1, msg, len);
 *     reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF, 0);
 *     for (;;) exit(1);            // only if reboot returned (it must not)
 * Syscall ABI (Linux powerpc): `sc` with r0 = number, arguments in r3..r8, result in r3
 * (CR0.SO set on error). Numbers from arch/powerpc/kernel/syscalls/syscall.tbl:
 * write = 4 (common), reboot = 88 (nospu), exit = 1 (nospu). Magic values from
 * include/uapi/linux/reboot.h. The message is addressed with lis/addi (@ha/@l), so the
 * file is linked non-PIC below 2 GiB (build-init.sh: 0x10000000). */
        .abiversion 2                   /* e_flags = 2: the entry point is code, not a descriptor */
        .machine power8

        .set    NR_exit, 1
        .set    NR_write, 4
        .set    NR_reboot, 88

        .text
        .globl  _start
        .type   _start, @function
_start:
        li      0, NR_write
        li      3, 1                    /* fd 1: /dev/console, opened by the kernel */
        lis     4, msg@ha
        addi    4, 4, msg@l
        li      5, msg_end - msg
        sc

        li      0, NR_reboot
        lis     3, 0xfee1               /* LINUX_REBOOT_MAGIC1 0xfee1dead, zero-extended */
        ori     3, 3, 0xdead
        rldicl  3, 3, 0, 32
        lis     4, 0x2812               /* LINUX_REBOOT_MAGIC2 672274793 = 0x28121969 */
        ori     4, 4, 0x1969
        lis     5, 0x4321               /* LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc */
        ori     5, 5, 0xfedc
        rldicl  5, 5, 0, 32
        li      6, 0
        sc

1:      li      0, NR_exit              /* reboot returned: exit(1), the kernel reports it */
        li      3, 1
        sc
        b       1b
        .size   _start, . - _start

        .section .rodata
msg:    .ascii  "pseries-rr: /init reached\n"
msg_end:
