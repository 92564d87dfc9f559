/* Records on stdin/stdout, in the guest's (native) byte order; mirrored by ../protocol.ts. */
#ifndef PROTOCOL_H
#define PROTOCOL_H
#include "layout.h"

typedef unsigned char u8;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long u64;

/* The user state a case starts from and a result ends with. */
struct user_state {
  u64 gpr[32];
  u32 cr;            /* the full 32-bit CR, CR0 in the top nibble */
  u32 vscr;
  u64 xer;
  u64 lr, ctr;
  u64 fpr[32];       /* raw IEEE bits = doubleword 0 of VS0-31 */
  u64 fpscr;
  u64 vr[32][2];     /* architected doublewords: [0] high (bytes 0-7), [1] low, either endianness */
  u64 vsrlo[32];     /* doubleword 1 of VS0-31 */
  u32 vrsave, pad;
};

struct case_rec {
  u32 magic, ncode;
  struct user_state s;
  u32 code[MAX_CODE_WORDS];
  u8 window[WINDOW_SIZE];
};

struct result_rec {
  u32 magic;
  i32 signal;        /* 0 = reached the end trap, else the signal number */
  i32 si_code, pad;
  u64 nip, si_addr, msr;
  struct user_state s;
  u8 window[WINDOW_SIZE];
};

_Static_assert(sizeof(struct user_state) == 1328, "user_state size");
_Static_assert(sizeof(struct case_rec) == 5688, "case size");
_Static_assert(sizeof(struct result_rec) == 5464, "result size");

#endif
