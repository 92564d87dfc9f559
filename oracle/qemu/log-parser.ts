// An incremental parser for the log of `qemu-system-ppc64 -singlestep -d cpu,nochain,in_asm,int`
// (QEMU 7.2). Feed it text in chunks of any size (line boundaries need not align); it calls
// its handler for every complete event and keeps no more of the log than one partial line.
//
// What QEMU 7.2 prints (with the source that prints it):
//
// - A CPU state dump before every translation block it executes (accel/tcg/cpu-exec.c,
//   cpu_tb_exec -> log_cpu_state; with -singlestep a block is one instruction), written by
//   ppc_cpu_dump_state (target/ppc/cpu_init.c):
//       NIP 0000000000000100   LR 0000000000000000 CTR 0000000000000000 XER 0000000000000000 CPU#0
//       MSR 0000000000000000 HID0 0000000000000000  HF 6c000000 iidx 3 didx 3
//       TB 00000000 00146363 DECR 4294821230        <- "TB %08" PRIu32 " %08" PRIu64 " DECR " TARGET_FMT_lu:
//                                                      TBU and the whole 64-bit TB, decimal; DEC decimal
//       GPR00 0000000000000000 0000000000000000 0000000000000000 000000001fe00000   (x8: GPR00..GPR28)
//       CR 00000000  [ -  -  -  -  -  -  -  -  ]             RES ffffffffffffffff
//        SRR0 0000000000000000  SRR1 0000000000000000    PVR 00000000004d0200 VRSAVE 0000000000000000
//       SPRG0 ... SPRG1 ...  SPRG2 ...  SPRG3 ...
//       SPRG4 ... SPRG5 ...  SPRG6 ...  SPRG7 ...
//       HSRR0 0000000000000000 HSRR1 0000000000000000
//        CFAR 0000000000000100
//        LPCR 000000000001f008
//        SDR1 0000000000000000   DAR 0000000000000000  DSISR 0000000000000000   <- last line
//   (FPR lines and FPSCR only with -d fpu; they are recognised and ignored.)
// - `in_asm`: each block when it is translated (not when it runs again from the cache), from
//   translator_loop -> log_target_disas (disas/ppc.c prints the word as executed, i.e. already
//   byte-swapped in little-endian mode):
//       ----------------
//       IN: 
//       0x000029cc:  7c741b78  mr       r20, r3
//       (blank line)
// - `int` (target/ppc/excp_helper.c): every interrupt QEMU raises, from powerpc_excp_* —
//       Raise exception at 000000000000350c => DECR (10) error=00
//   ("Raise exception at " TARGET_FMT_lx " => %s (%d) error=%02x": the address is env->nip,
//   i.e. the faulting/sc instruction for synchronous ones and the next instruction for
//   asynchronous ones), and for the system call interrupt dump_hcall (sc 1 handled by the
//   virtual hypervisor) or dump_syscall:
//       hypercall r3=... r4=... r5=... r6=... r7=... r8=... r9=... r10=... r11=... r12=... nip=...
//       syscall r0=... r3=... r4=... r5=... r6=... r7=... r8=... nip=...
//
// Anything else is counted as an unknown line and otherwise ignored.
import { Buffer } from 'node:buffer';
import { NREGS, REG_INDEX, newState, type RegState } from '../../trace/state/row.js';

/** A complete state dump. `regs` is the parser's live state: read it (or copy it) before
 *  the next feed(). `changed` lists the register indices whose value differs from the
 *  previous dump (all registers that are non-zero for the first dump). */
export interface DumpEvent {
  /** 1 for the first dump of the log. */
  seq: number;
  nip: bigint;
  /** The whole 64-bit timebase when QEMU printed the dump (not when the instruction ran). */
  tb: bigint;
  /** DEC when QEMU printed the dump, as printed (unsigned). */
  decr: bigint;
  regs: RegState;
  changed: number[];
  /** Registers of STATE_REGS the log has not shown at all so far (0 for QEMU 7.2 POWER8). */
  missing: number;
}

export interface InsnEvent { pc: bigint; word: number; text: string }
export interface RaiseEvent { pc: bigint; name: string; excp: number; error: number }
export interface HcallEvent { kind: 'hypercall' | 'syscall'; regs: Map<string, bigint>; nip: bigint }

export interface LogHandler {
  dump?(d: DumpEvent): void;
  insn?(i: InsnEvent): void;
  raise?(r: RaiseEvent): void;
  hcall?(h: HcallEvent): void;
}

export interface ParserStats {
  lines: number;
  dumps: number;
  insns: number;
  raises: number;
  hcalls: number;
  unknownLines: number;
  /** A few unknown lines, for messages. */
  unknownSamples: string[];
  /** Dumps cut short (at the end of the log, or interrupted by another event). */
  truncatedDumps: number;
}

const HEX_FIELDS: Record<string, number> = {
  NIP: -1, LR: REG_INDEX.lr, CTR: REG_INDEX.ctr, XER: REG_INDEX.xer, MSR: REG_INDEX.msr,
  SRR0: REG_INDEX.srr0, SRR1: REG_INDEX.srr1,
  SPRG0: REG_INDEX.sprg0, SPRG1: REG_INDEX.sprg1, SPRG2: REG_INDEX.sprg2, SPRG3: REG_INDEX.sprg3,
  DAR: REG_INDEX.dar, DSISR: REG_INDEX.dsisr, CFAR: REG_INDEX.cfar, LPCR: REG_INDEX.lpcr,
};
const CR = REG_INDEX.cr;
const LR = REG_INDEX.lr;
const CTR = REG_INDEX.ctr;
const XER = REG_INDEX.xer;

// Kinds of dump lines.
const K_NONE = 0, K_NIP = 1, K_GPR = 2, K_TB = 3, K_CR = 4, K_PAIRS = 5, K_END = 6, K_IGNORED = 7;
const PAIR_LINES = new Set(['MSR', 'SRR0', 'SPRG0', 'SPRG4', 'HSRR0', 'CFAR', 'LPCR', 'SDR1', 'PTCR', 'DAR']);

function classify(l: string): number {
  const c = l.charCodeAt(0);
  if (c === 71 /* G */ && l.startsWith('GPR')) return K_GPR;
  if (c === 78 /* N */ && l.startsWith('NIP ')) return K_NIP;
  if (c === 84 /* T */ && l.startsWith('TB ')) return K_TB;
  if (c === 67 /* C */ && l.startsWith('CR ')) return K_CR;
  if (c === 70 /* F */ && (l.startsWith('FPR') || l.startsWith('FPSCR'))) return K_IGNORED;
  const t = c === 32 ? l.trimStart() : l;
  const sp = t.indexOf(' ');
  if (!PAIR_LINES.has(sp < 0 ? t : t.slice(0, sp))) return K_NONE;
  return t.includes(' DSISR ') ? K_END : K_PAIRS;
}

export class QemuLogParser {
  readonly stats: ParserStats = { lines: 0, dumps: 0, insns: 0, raises: 0, hcalls: 0, unknownLines: 0, unknownSamples: [], truncatedDumps: 0 };
  private readonly regs = newState();
  /** Last hex text seen per register (skip BigInt parsing when unchanged). */
  private readonly regText: string[] = new Array<string>(NREGS).fill('');
  private readonly changedFlag = new Uint8Array(NREGS);
  private changed: number[] = [];
  /** Registers of STATE_REGS the log has not shown yet. */
  private neverSeen = NREGS;
  private prevKinds: number[] = [];
  private inDump = false;
  private lineInDump = 0;
  /** The previous dump's lines, by position: an identical line changes nothing. */
  private prevLines: string[] = [];
  private nip = 0n;
  private nipText = '';
  private tb = 0n;
  private decr = 0n;
  private tail = '';

  constructor(private readonly h: LogHandler) {}

  /** Parse a chunk of the log. */
  feed(chunk: string | Uint8Array): void {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('latin1');
    let pos = 0;
    let nl = text.indexOf('\n');
    if (nl < 0) {
      this.tail += text;
      return;
    }
    if (this.tail.length) {
      const first = this.tail + text.slice(0, nl);
      this.tail = '';
      this.line(first);
      pos = nl + 1;
      nl = text.indexOf('\n', pos);
    }
    while (nl >= 0) {
      this.line(text.slice(pos, nl));
      pos = nl + 1;
      nl = text.indexOf('\n', pos);
    }
    this.tail = text.slice(pos);
  }

  /** The log ended. QEMU ends every line with a newline, so a final line without one was cut
   *  short: it is dropped (counted as unknown unless it is inside a dump). A dump cut short is
   *  counted in stats.truncatedDumps (not an error) and not reported. */
  end(): void {
    if (this.tail.length) {
      if (!this.inDump) this.unknown(this.tail);
      this.tail = '';
    }
    if (this.inDump) {
      this.inDump = false;
      this.stats.truncatedDumps++;
    }
  }

  private unknown(l: string): void {
    this.stats.unknownLines++;
    if (this.stats.unknownSamples.length < 10) this.stats.unknownSamples.push(l.slice(0, 200));
  }

  private line(l: string): void {
    this.stats.lines++;
    if (l.length === 0) return;
    if (this.inDump) {
      if (this.dumpLine(l)) return;
      // Another event began before the dump's last line.
      this.inDump = false;
      this.stats.truncatedDumps++;
    }
    const c = l.charCodeAt(0);
    if (c === 78 /* N */ && l.startsWith('NIP ')) {
      this.startDump();
      this.dumpLine(l);
      return;
    }
    if (c === 48 /* 0 */ && l.charCodeAt(1) === 120 /* x */) return this.insnLine(l);
    if (c === 45 /* - */ && /^-+$/.test(l)) return;
    if (c === 73 /* I */ && l.startsWith('IN:')) return;
    if (c === 82 /* R */ && l.startsWith('Raise exception at ')) return this.raiseLine(l);
    if (c === 104 /* h */ && l.startsWith('hypercall ')) return this.hcallLine(l, 'hypercall');
    if (c === 115 /* s */ && l.startsWith('syscall ')) return this.hcallLine(l, 'syscall');
    this.unknown(l);
  }

  private startDump(): void {
    this.inDump = true;
    this.lineInDump = 0;
    for (const i of this.changed) this.changedFlag[i] = 0;
    this.changed = [];
  }

  private set(i: number, text: string): void {
    const old = this.regText[i];
    if (old === text) return;
    if (old === '') this.neverSeen--;
    this.regText[i] = text;
    const v = BigInt('0x' + text);
    if (this.regs[i] !== v) {
      this.regs[i] = v;
      if (!this.changedFlag[i]) {
        this.changedFlag[i] = 1;
        this.changed.push(i);
      }
    }
  }

  /** One line inside a dump; false if it is not a dump line. A line equal to the previous
   *  dump's line at the same position changes nothing and is not parsed again. */
  private dumpLine(l: string): boolean {
    const k = this.lineInDump++;
    if (this.prevLines[k] === l) {
      if (this.prevKinds[k] === K_END) this.completeDump();
      return true;
    }
    const kind = classify(l);
    if (kind === K_NONE) return false;
    this.prevLines[k] = l;
    this.prevKinds[k] = kind;
    switch (kind) {
      case K_NIP: this.nipLine(l); break;
      case K_GPR: this.gprLine(l); break;
      case K_TB: this.tbLine(l); break;
      case K_CR: this.set(CR, l.slice(3, 11)); break;
      case K_PAIRS: case K_END: this.pairsLine(l); break;
      default: break; // K_IGNORED: FPRs, FPSCR
    }
    if (kind === K_END) this.completeDump();
    return true;
  }

  private completeDump(): void {
    this.inDump = false;
    this.stats.dumps++;
    this.h.dump?.({ seq: this.stats.dumps, nip: this.nip, tb: this.tb, decr: this.decr, regs: this.regs, changed: this.changed, missing: this.neverSeen });
  }

  // "NIP %016lx   LR %016lx CTR %016lx XER %016lx CPU#%d"
  private nipLine(l: string): void {
    if (l.length >= 84 && l.startsWith('   LR ', 20) && l.startsWith(' CTR ', 42) && l.startsWith(' XER ', 63)) {
      this.setNip(l.slice(4, 20));
      this.set(LR, l.slice(26, 42));
      this.set(CTR, l.slice(47, 63));
      this.set(XER, l.slice(68, 84));
    } else this.pairsLine(l);
  }

  private setNip(text: string): void {
    if (this.nipText !== text) {
      this.nipText = text;
      this.nip = BigInt('0x' + text);
    }
  }

  // "GPR%02d" then four " %016lx"
  private gprLine(l: string): void {
    const base = (l.charCodeAt(3) - 48) * 10 + (l.charCodeAt(4) - 48);
    if (l.length >= 73 && l.charCodeAt(5) === 32 && l.charCodeAt(22) === 32 && l.charCodeAt(39) === 32 && l.charCodeAt(56) === 32) {
      for (let j = 0; j < 4 && base + j < 32; j++) this.set(base + j, l.slice(6 + 17 * j, 22 + 17 * j));
      return;
    }
    const toks = l.trim().split(/\s+/);
    for (let j = 1; j < toks.length && base + j - 1 < 32; j++) this.set(base + j - 1, toks[j]);
  }

  // "TB %08u %08lu DECR %lu": TBU and the whole TB, decimal; DEC
  private tbLine(l: string): void {
    const toks = l.split(' ');
    this.tb = BigInt(toks[2]);
    const d = toks.indexOf('DECR');
    if (d > 0) this.decr = BigInt(toks[d + 1]);
  }

  /** Lines of "NAME value" pairs (SRR0/SRR1, SPRGs, CFAR, LPCR, DAR/DSISR, ...). */
  private pairsLine(l: string): void {
    const toks = l.trim().split(/\s+/);
    for (let j = 0; j + 1 < toks.length; j++) {
      const idx = HEX_FIELDS[toks[j]];
      if (idx === undefined) continue;
      j++;
      if (idx === -1) this.setNip(toks[j]);
      else this.set(idx, toks[j]);
    }
  }

  private insnLine(l: string): void {
    const m = /^0x([0-9a-fA-F]+):\s+([0-9a-fA-F]{8})\s+(.*)$/.exec(l);
    if (!m) return this.unknown(l);
    this.stats.insns++;
    this.h.insn?.({ pc: BigInt('0x' + m[1]), word: parseInt(m[2], 16), text: m[3].trim() });
  }

  private raiseLine(l: string): void {
    const m = /^Raise exception at ([0-9a-fA-F]+) => (\S+) \((\d+)\) error=([0-9a-fA-F]+)/.exec(l);
    if (!m) return this.unknown(l);
    this.stats.raises++;
    this.h.raise?.({ pc: BigInt('0x' + m[1]), name: m[2], excp: Number(m[3]), error: parseInt(m[4], 16) });
  }

  private hcallLine(l: string, kind: 'hypercall' | 'syscall'): void {
    const regs = new Map<string, bigint>();
    let nip = -1n;
    for (const m of l.matchAll(/(\w+)=([0-9a-fA-F]+)/g)) {
      if (m[1] === 'nip') nip = BigInt('0x' + m[2]);
      else regs.set(m[1], BigInt('0x' + m[2]));
    }
    if (nip < 0n) return this.unknown(l);
    this.stats.hcalls++;
    this.h.hcall?.({ kind, regs, nip });
  }
}
