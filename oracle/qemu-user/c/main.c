/* The harness process: maps the code area and the window at their fixed addresses, then
 * reads case records from stdin until EOF (or DONE) and writes one result record per case
 * to stdout. `--layout` prints the constants and record offsets instead (for the tests). */
#include "layout.h"
#include "protocol.h"
#include "runner.h"
#include "sys.h"
#include "util.h"

#define IN_CASES 64
#define OUT_RESULTS 64

static u8 inbuf[IN_CASES * sizeof(struct case_rec)] __attribute__((aligned(16)));
static u8 outbuf[OUT_RESULTS * sizeof(struct result_rec)] __attribute__((aligned(16)));
static unsigned long in_len, in_pos, out_len;
static unsigned prev_words; /* words (code + end trap) the previous case left in the code area */

static void map_fixed(u64 addr, u64 size, int prot) {
  long p = syscall6(NR_mmap, (long)addr, (long)size, prot,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (p != (long)addr) fatal("cannot map at", addr);
}

static void flush_out(void) {
  write_all(1, outbuf, out_len);
  out_len = 0;
}

/* True when stdin has nothing to read right now (then the results so far go out). */
static int input_would_block(void) {
  struct { i32 fd; short events, revents; } pfd = { 0, POLLIN, 0 };
  struct { long sec, nsec; } zero = { 0, 0 };
  return syscall6(NR_ppoll, (long)&pfd, 1, (long)&zero, 0, 8, 0) == 0;
}

/* Makes at least n bytes available at inbuf + in_pos; returns 0 at EOF before any byte. */
static int fill(unsigned long n) {
  if (in_len - in_pos >= n) return 1;
  unsigned long rest = in_len - in_pos;
  for (unsigned long i = 0; i < rest; i++) inbuf[i] = inbuf[in_pos + i];
  in_pos = 0;
  in_len = rest;
  while (in_len < n) {
    if (out_len && input_would_block()) flush_out();
    long r = syscall3(NR_read, 0, inbuf + in_len, sizeof inbuf - in_len);
    if (r == -4) continue; /* EINTR */
    if (r < 0) fatal("read failed, errno", (u64)-r);
    if (r == 0) {
      if (in_len == 0) return 0;
      fatal("truncated record at EOF, bytes", in_len);
    }
    in_len += (unsigned long)r;
  }
  return 1;
}

static void sync_icache(u64 start, u64 end) {
  for (u64 a = start & ~31UL; a < end; a += 32) __asm__ volatile("dcbst 0,%0" : : "r"(a) : "memory");
  __asm__ volatile("sync" : : : "memory");
  for (u64 a = start & ~31UL; a < end; a += 32) __asm__ volatile("icbi 0,%0" : : "r"(a) : "memory");
  __asm__ volatile("isync" : : : "memory");
}

static void one_case(const struct case_rec *c) {
  if (c->ncode > MAX_CODE_WORDS) fatal("ncode too large:", c->ncode);
  u32 *code = (u32 *)CODE_ADDR;
  /* The code area is read+exec while a case runs (a store there faults instead of leaking
   * into the next case); its first page, which holds every case's code, is writable only
   * while it is filled. Making it writable also drops QEMU's translations of it. */
  if (syscall3(NR_mprotect, CODE_ADDR, 4096, PROT_READ | PROT_WRITE) != 0) fatal("mprotect failed", 0);
  for (u32 i = 0; i < c->ncode; i++) code[i] = c->code[i];
  code[c->ncode] = END_TRAP;
  /* the engine's RAM beyond the end trap is zero: clear what the previous case left */
  for (u32 i = c->ncode + 1; i < prev_words; i++) code[i] = 0;
  unsigned words = c->ncode + 1 > prev_words ? c->ncode + 1 : prev_words;
  sync_icache(CODE_ADDR, CODE_ADDR + 4UL * words);
  if (syscall3(NR_mprotect, CODE_ADDR, 4096, PROT_READ | PROT_EXEC) != 0) fatal("mprotect failed", 0);
  prev_words = c->ncode + 1;
  copy64((void *)WINDOW_ADDR, c->window, WINDOW_SIZE);

  if (out_len + sizeof(struct result_rec) > sizeof outbuf) flush_out();
  struct result_rec *r = (struct result_rec *)(outbuf + out_len);
  r->magic = MAGIC_RSLT;
  run_case(c, r);
  copy64(r->window, (void *)WINDOW_ADDR, WINDOW_SIZE);
  out_len += sizeof(struct result_rec);
}

static int streq(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}

#define OFF(type, field) ((u64) & ((type *)0)->field)

static void put_kv(const char *k, u64 v) {
  put_str(1, k);
  put_str(1, " ");
  put_hex(1, v);
  put_str(1, "\n");
}

static void print_layout(void) {
  put_str(1, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? "ENDIAN be\n" : "ENDIAN le\n");
  put_kv("CODE_ADDR", CODE_ADDR);
  put_kv("CODE_SIZE", CODE_SIZE);
  put_kv("WINDOW_ADDR", WINDOW_ADDR);
  put_kv("WINDOW_SIZE", WINDOW_SIZE);
  put_kv("MAX_CODE_WORDS", MAX_CODE_WORDS);
  put_kv("END_TRAP", END_TRAP);
  put_kv("CASE_SIZE", sizeof(struct case_rec));
  put_kv("RESULT_SIZE", sizeof(struct result_rec));
  put_kv("STATE_SIZE", sizeof(struct user_state));
  put_kv("CASE_STATE", OFF(struct case_rec, s));
  put_kv("CASE_CODE", OFF(struct case_rec, code));
  put_kv("CASE_WINDOW", OFF(struct case_rec, window));
  put_kv("RESULT_NIP", OFF(struct result_rec, nip));
  put_kv("RESULT_SI_ADDR", OFF(struct result_rec, si_addr));
  put_kv("RESULT_MSR", OFF(struct result_rec, msr));
  put_kv("RESULT_STATE", OFF(struct result_rec, s));
  put_kv("RESULT_WINDOW", OFF(struct result_rec, window));
  put_kv("STATE_CR", OFF(struct user_state, cr));
  put_kv("STATE_VSCR", OFF(struct user_state, vscr));
  put_kv("STATE_XER", OFF(struct user_state, xer));
  put_kv("STATE_LR", OFF(struct user_state, lr));
  put_kv("STATE_CTR", OFF(struct user_state, ctr));
  put_kv("STATE_FPR", OFF(struct user_state, fpr));
  put_kv("STATE_FPSCR", OFF(struct user_state, fpscr));
  put_kv("STATE_VR", OFF(struct user_state, vr));
  put_kv("STATE_VSRLO", OFF(struct user_state, vsrlo));
  put_kv("STATE_VRSAVE", OFF(struct user_state, vrsave));
}

__attribute__((noreturn)) void cmain(long *sp) {
  long argc = sp[0];
  char **argv = (char **)(sp + 1);
  if (argc > 1 && streq(argv[1], "--layout")) {
    print_layout();
    sys_exit(0);
  }
  /* larger pipes mean fewer reads, writes and wake-ups per case (no effect on files) */
  syscall3(NR_fcntl, 0, F_SETPIPE_SZ, 1 << 20);
  syscall3(NR_fcntl, 1, F_SETPIPE_SZ, 1 << 20);
  map_fixed(CODE_ADDR, CODE_SIZE, PROT_READ | PROT_EXEC);
  map_fixed(WINDOW_ADDR, WINDOW_SIZE, PROT_READ | PROT_WRITE);
  install_handlers();
  while (fill(4)) {
    u32 magic = *(u32 *)(inbuf + in_pos);
    if (magic == MAGIC_DONE) break;
    if (magic != MAGIC_CASE) fatal("bad record magic", magic);
    fill(sizeof(struct case_rec));
    one_case((const struct case_rec *)(inbuf + in_pos));
    in_pos += sizeof(struct case_rec);
  }
  flush_out();
  sys_exit(0);
}
