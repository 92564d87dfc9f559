/* Raw Linux system calls for ppc64 (no libc): number in r0, arguments in r3-r8, `sc`;
 * CR0.SO set means r3 holds a positive errno, returned here as -errno.
 * Numbers from arch/powerpc/kernel/syscalls/syscall.tbl. */
#ifndef SYS_H
#define SYS_H

#define NR_exit_group   234
#define NR_read         3
#define NR_write        4
#define NR_mmap         90
#define NR_mprotect     125
#define NR_rt_sigaction 173
#define NR_sigaltstack  185
#define NR_ppoll        281
#define NR_fcntl        55

static inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long r0 __asm__("r0") = n;
  register long r3 __asm__("r3") = a;
  register long r4 __asm__("r4") = b;
  register long r5 __asm__("r5") = c;
  register long r6 __asm__("r6") = d;
  register long r7 __asm__("r7") = e;
  register long r8 __asm__("r8") = f;
  __asm__ volatile("sc\n\tbns+ 1f\n\tneg %1,%1\n1:"
                   : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8)
                   :
                   : "r9", "r10", "r11", "r12", "cr0", "cr1", "cr5", "cr6", "cr7", "ctr", "xer", "memory");
  return r3;
}

#define syscall3(n, a, b, c) syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)

static inline __attribute__((noreturn)) void sys_exit(int code) {
  syscall3(NR_exit_group, code, 0, 0);
  for (;;) {}
}

#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4
#define MAP_PRIVATE         0x02
#define MAP_FIXED           0x10
#define MAP_ANONYMOUS       0x20
#define MAP_FIXED_NOREPLACE 0x100000

#define SIGILL  4
#define SIGTRAP 5
#define SIGBUS  7
#define SIGFPE  8
#define SIGSEGV 11

#define SA_SIGINFO 0x00000004UL
#define SA_ONSTACK 0x08000000UL
#define SA_NODEFER 0x40000000UL

#define POLLIN 1
#define F_SETPIPE_SZ 1031

#endif
