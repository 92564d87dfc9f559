/* The case runs between two signals. setup_trap() traps; the handler (phase SETUP) keeps
 * the harness's own frame, writes the case state into the frame and points NIP at the
 * code; sigreturn then starts the case with every register as the case says. The end trap
 * or a fault brings the handler back (phase RUN): it records the frame, then restores the
 * harness's frame so sigreturn resumes after setup_trap's trap. Signals arrive on the
 * alternate stack because r1 belongs to the case; the harness itself is built without
 * FP/VMX/VSX code, so it never disturbs those registers. */
#include "runner.h"
#include "frame.h"
#include "sys.h"
#include "util.h"

extern void setup_trap(void);
extern const char setup_return[];

enum { PHASE_IDLE, PHASE_SETUP, PHASE_RUN };

static volatile int phase;
static const struct case_rec *volatile cur_case;
static struct result_rec *volatile cur_result;

/* The harness's own frame contents, taken at the setup trap. */
static u64 saved_gp[48], saved_fp[33];
static u64 saved_vmx[VMX_AREA_BYTES / 8];

static u8 altstack[256 * 1024] __attribute__((aligned(16)));

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
/* stvx in big-endian stores the high doubleword first, VSCR (word 3) in the slot's last word */
#define VR_HI 0
#define VR_LO 1
#define VSCR_WORD 3
#else
/* in little-endian the 16 bytes are reversed: low doubleword first, VSCR in the first word */
#define VR_HI 1
#define VR_LO 0
#define VSCR_WORD 0
#endif

/* VSCR goes through v0 (mtvscr/mfvscr use word 3 of a VR). QEMU neither saves VSCR in the
 * frame nor restores it from there, and delivery leaves it alone, so the handler sets and
 * reads the live register; the frame slot is written too, for a kernel that restores it.
 * All four words are the same value, or zero except word 3, so lvx/stvx byte order does
 * not matter. */
static u32 vscr_buf[4] __attribute__((aligned(16)));

static void set_vscr(u32 v) {
  vscr_buf[0] = vscr_buf[1] = vscr_buf[2] = vscr_buf[3] = v;
  __asm__ volatile(".machine push\n\t.machine power8\n\t"
                   "lvx 0,0,%0\n\tmtvscr 0\n\t.machine pop" : : "r"(vscr_buf) : "memory");
}

static u32 get_vscr(void) {
  __asm__ volatile(".machine push\n\t.machine power8\n\t"
                   "mfvscr 0\n\tstvx 0,0,%0\n\t.machine pop" : : "r"(vscr_buf) : "memory");
  return vscr_buf[0] | vscr_buf[1] | vscr_buf[2] | vscr_buf[3];
}

static u8 *vmx_area(struct k_sigcontext *sc) {
  if (sc->v_regs) return (u8 *)sc->v_regs;
  return (u8 *)(((u64)sc->vmx_reserve + 15) & ~15UL);
}

static void state_to_frame(const struct user_state *s, struct k_sigcontext *sc, u8 *vmx) {
  for (int i = 0; i < 32; i++) sc->gp_regs[i] = s->gpr[i];
  sc->gp_regs[PT_CCR] = s->cr;
  sc->gp_regs[PT_XER] = s->xer;
  sc->gp_regs[PT_LNK] = s->lr;
  sc->gp_regs[PT_CTR] = s->ctr;
  for (int i = 0; i < 32; i++) sc->fp_regs[i] = s->fpr[i];
  sc->fp_regs[32] = s->fpscr;
  u64 *vr = (u64 *)vmx;
  for (int i = 0; i < 32; i++) {
    vr[2 * i + VR_HI] = s->vr[i][0];
    vr[2 * i + VR_LO] = s->vr[i][1];
  }
  u32 *vscr_slot = (u32 *)(vmx + 16 * VMX_VSCR_SLOT);
  for (int i = 0; i < 4; i++) vscr_slot[i] = i == VSCR_WORD ? s->vscr : 0;
  *(u32 *)(vmx + 16 * VMX_VRSAVE_SLOT) = s->vrsave;
  u64 *vsx = (u64 *)(vmx + VMX_VSX_OFFSET);
  for (int i = 0; i < 32; i++) vsx[i] = s->vsrlo[i];
}

static void frame_to_state(struct k_sigcontext *sc, const u8 *vmx, struct user_state *s) {
  for (int i = 0; i < 32; i++) s->gpr[i] = sc->gp_regs[i];
  s->cr = (u32)sc->gp_regs[PT_CCR];
  s->xer = sc->gp_regs[PT_XER];
  s->lr = sc->gp_regs[PT_LNK];
  s->ctr = sc->gp_regs[PT_CTR];
  for (int i = 0; i < 32; i++) s->fpr[i] = sc->fp_regs[i];
  s->fpscr = sc->fp_regs[32];
  const u64 *vr = (const u64 *)vmx;
  for (int i = 0; i < 32; i++) {
    s->vr[i][0] = vr[2 * i + VR_HI];
    s->vr[i][1] = vr[2 * i + VR_LO];
  }
  s->vscr = get_vscr();
  s->vrsave = *(const u32 *)(vmx + 16 * VMX_VRSAVE_SLOT);
  s->pad = 0;
  const u64 *vsx = (const u64 *)(vmx + VMX_VSX_OFFSET);
  for (int i = 0; i < 32; i++) s->vsrlo[i] = vsx[i];
}

static void on_signal(int sig, struct k_siginfo *si, struct k_ucontext *uc) {
  struct k_sigcontext *sc = &uc->uc_mcontext;
  u8 *vmx = vmx_area(sc);
  uc->uc_sigmask = 0; /* sigreturn must leave nothing blocked */
  if (phase == PHASE_SETUP) {
    copy64(saved_gp, sc->gp_regs, sizeof saved_gp);
    copy64(saved_fp, sc->fp_regs, sizeof saved_fp);
    copy64(saved_vmx, vmx, sizeof saved_vmx);
    state_to_frame(&cur_case->s, sc, vmx);
    sc->gp_regs[PT_NIP] = CODE_ADDR;
    sc->gp_regs[PT_MSR] |= MSR_FP | MSR_VEC | MSR_VSX;
    set_vscr(cur_case->s.vscr);
    phase = PHASE_RUN;
    return;
  }
  if (phase == PHASE_RUN) {
    struct result_rec *r = cur_result;
    frame_to_state(sc, vmx, &r->s);
    r->nip = sc->gp_regs[PT_NIP];
    r->msr = sc->gp_regs[PT_MSR];
    if (sig == SIGTRAP && r->nip == CODE_ADDR + 4UL * cur_case->ncode) {
      r->signal = 0;
      r->si_code = 0;
      r->si_addr = 0;
    } else {
      r->signal = sig;
      r->si_code = si->si_code;
      r->si_addr = si->si_addr;
      /* Only the code area is executable, so a SIGSEGV with NIP outside it is an
       * instruction fetch fault; Linux reports the fetch address (NIP). QEMU 7.2 reports
       * whatever DAR the last data fault left, which would leak one case into the next. */
      if (sig == SIGSEGV && (r->nip < CODE_ADDR || r->nip >= CODE_ADDR + CODE_SIZE)) r->si_addr = r->nip;
    }
    r->pad = 0;
    copy64(sc->gp_regs, saved_gp, sizeof saved_gp);
    copy64(sc->fp_regs, saved_fp, sizeof saved_fp);
    copy64(vmx, saved_vmx, sizeof saved_vmx);
    sc->gp_regs[PT_NIP] = (u64)setup_return;
    phase = PHASE_IDLE;
    return;
  }
  put_str(2, "qemu-user harness: signal ");
  put_hex(2, (u64)sig);
  fatal("in the harness itself at nip", sc->gp_regs[PT_NIP]);
}

void install_handlers(void) {
  struct k_stack ss = { (u64)altstack, 0, 0, sizeof altstack };
  if (syscall3(NR_sigaltstack, &ss, 0, 0) != 0) fatal("sigaltstack failed", 0);
  static const int sigs[] = { SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV };
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    /* no SA_NODEFER: a fault inside the handler itself then kills the process instead of
     * recursing; sigreturn's mask (cleared above) unblocks the signal again */
    struct k_sigaction sa = { (u64)on_signal, SA_SIGINFO | SA_ONSTACK, 0, 0 };
    long rc = syscall6(NR_rt_sigaction, sigs[i], (long)&sa, 0, 8, 0, 0);
    if (rc != 0) fatal("rt_sigaction failed", (u64)-rc);
  }
}

void run_case(const struct case_rec *c, struct result_rec *r) {
  cur_case = c;
  cur_result = r;
  phase = PHASE_SETUP;
  setup_trap();
  if (phase != PHASE_IDLE) fatal("the case did not come back, phase", (u64)phase);
}
