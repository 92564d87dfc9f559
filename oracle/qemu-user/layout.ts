// Fixed guest addresses of the qemu-user harness, mirrored in c/layout.h (a test compares
// them with the harness's --layout output). The engine maps the same code and window into
// a 512 MiB RAM, whose end is 0x20000000, so a case behaves the same on both.

/** Code area [CODE_ADDR, CODE_ADDR + CODE_AREA_SIZE), read/write/exec; case code at its start. */
export const CODE_ADDR = 0x1ffe0000;
export const CODE_AREA_SIZE = 0x10000;
/** [GAP_ADDR, WINDOW_ADDR) is left unmapped: accesses there fault (SIGSEGV). */
export const GAP_ADDR = 0x1fff0000;
/** The memory window [WINDOW_ADDR, WINDOW_ADDR + WINDOW_SIZE), read/write; its end is RAM's end. */
export const WINDOW_ADDR = 0x1ffff000;
export const WINDOW_SIZE = 4096;
/** At most this many words of case code; the harness appends END_TRAP after them. */
export const MAX_CODE_WORDS = 64;
/** `trap` (tw 31,0,0): the end of every case. */
export const END_TRAP = 0x7fe00008;
