/* Fixed guest addresses shared with ../layout.ts (a test compares the two via --layout).
 * The engine maps the same code and window into a 512 MiB RAM ending at 0x20000000. */
#ifndef LAYOUT_H
#define LAYOUT_H

#define CODE_ADDR       0x1ffe0000UL  /* code area: read/write/exec, case code at its start */
#define CODE_SIZE       0x10000UL     /* [0x1ffe0000, 0x1fff0000) */
#define GAP_ADDR        0x1fff0000UL  /* [0x1fff0000, 0x1ffff000) stays unmapped */
#define WINDOW_ADDR     0x1ffff000UL  /* memory window: read/write */
#define WINDOW_SIZE     4096
#define MAX_CODE_WORDS  64
#define END_TRAP        0x7fe00008U   /* trap (tw 31,0,0): ends every case */

#define MAGIC_CASE      0x43415345U   /* 'CASE' */
#define MAGIC_RSLT      0x52534c54U   /* 'RSLT' */
#define MAGIC_DONE      0x444f4e45U   /* 'DONE' */

#endif
