/* The ppc64 Linux rt signal frame as the handler sees it through its ucontext argument.
 * Own definitions of the uapi structures: asm/ucontext.h (struct ucontext),
 * asm/sigcontext.h (struct sigcontext), asm/elf.h (ELF_NGREG 48, ELF_NFPREG 33,
 * ELF_NVRREG 34) and asm/ptrace.h (the PT_* indices into gp_regs). */
#ifndef FRAME_H
#define FRAME_H
#include "protocol.h"

/* asm/ptrace.h: gp_regs[] slots after r0-r31 */
#define PT_NIP 32
#define PT_MSR 33
#define PT_CTR 35
#define PT_LNK 36
#define PT_XER 37
#define PT_CCR 38

/* MSR facility bits (Book III-S): sigreturn on a real kernel restores VMX/VSX state only
 * when the frame's MSR says so; QEMU's restore_user_regs restores it always. */
#define MSR_VEC (1UL << 25)
#define MSR_VSX (1UL << 23)
#define MSR_FP  (1UL << 13)

struct k_stack {              /* stack_t */
  u64 ss_sp;
  i32 ss_flags, pad;
  u64 ss_size;
};

struct k_sigcontext {         /* asm/sigcontext.h, __powerpc64__ */
  u64 unused[4];
  i32 signal, pad0;
  u64 handler, oldmask, regs;
  u64 gp_regs[48];            /* elf_gregset_t */
  u64 fp_regs[33];            /* elf_fpregset_t: f0-f31, then FPSCR */
  u64 v_regs;                 /* -> a 16-aligned area inside vmx_reserve */
  u64 vmx_reserve[34 + 34 + 1 + 32];
};

struct k_ucontext {           /* asm/ucontext.h, __powerpc64__ */
  u64 uc_flags, uc_link;
  struct k_stack uc_stack;
  u64 uc_sigmask;             /* sigset_t: 64 signals */
  u64 unused[15];
  struct k_sigcontext uc_mcontext;
};

/* The vector area v_regs points to: VR0-31 as 16-byte slots (each as stvx stores it in the
 * process's byte order), slot 32 VSCR, slot 33 VRSAVE (first word), then the 32
 * doubleword-1 halves of VS0-31. */
#define VMX_VSCR_SLOT   32
#define VMX_VRSAVE_SLOT 33
#define VMX_VSX_OFFSET  (34 * 16)
#define VMX_AREA_BYTES  (34 * 16 + 32 * 8)

struct k_siginfo {            /* the head of siginfo_t; si_addr for SIGILL/FPE/SEGV/BUS/TRAP */
  i32 si_signo, si_errno, si_code, pad;
  u64 si_addr;
};

struct k_sigaction {          /* the kernel's struct sigaction on powerpc (has sa_restorer) */
  u64 handler, flags, restorer, mask;
};

#endif
