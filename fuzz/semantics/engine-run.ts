// Runs a semantic test case on the engine the way Linux runs a user program under qemu-user:
// problem state, 64-bit mode, the case's code and memory window at the harness's addresses,
// and the interrupt that ends the run translated into the signal Linux would deliver.
import { ProblemStateCpu } from '../../engine/problem-state.js';
import { CODE_ADDR, CODE_AREA_SIZE, END_TRAP, WINDOW_ADDR, WINDOW_SIZE } from '../../oracle/qemu-user/layout.js';
import { SIGBUS, SIGILL, SIGSEGV, SIGTRAP, type UserCase } from '../../oracle/qemu-user/protocol.js';
import { USER_DEVIATIONS } from './deviations.js';
import { SPR_TAR, SPR_VRSAVE, sprSlot } from '../../engine/cpu/regs.js';

/** si_code values (Linux uapi asm-generic/siginfo.h) the engine's interrupts map to. */
export const ILL_ILLOPC = 1, ILL_PRVOPC = 5;

// SRR1 program-interrupt causes (Book III-S §6.5.9).
const PROGRAM_ILLEGAL = 0x80000n, PROGRAM_PRIVILEGED = 0x40000n, PROGRAM_TRAP = 0x20000n;

/** The engine's end state of a case, in the harness's terms. */
export interface Outcome {
  /** 0: reached the end trap; else the signal Linux delivers for the interrupt taken. */
  signal: number;
  siCode: number;
  /** The instruction that trapped or faulted (the end trap's address when signal = 0). */
  nip: bigint;
  siAddr: bigint;
  gpr: bigint[];
  cr: number;
  xer: bigint;
  lr: bigint;
  ctr: bigint;
  vrsave: number;
  vr: [bigint, bigint][];
  vscr: number;
  window: Uint8Array;
  /** Ids of the known QEMU deviations (deviations.ts) adopted on the way. */
  deviations: string[];
  /** Why the engine's result cannot be compared (an interrupt no Linux signal maps to, or a
   *  runaway), or undefined. */
  unsupported?: string;
}

/** Where a case is told to stop because the reference faulted there on an access the engine
 *  cannot see as a fault (memory the harness does not map but the engine's RAM holds). */
export interface StopAt { nip: bigint }

const RAM_BYTES = WINDOW_ADDR + WINDOW_SIZE; // the window ends at the end of RAM (layout.ts)

export class EngineRunner {
  private readonly ps: ProblemStateCpu;
  private lastCodeBytes = 0;

  constructor(model = 'POWER8') {
    this.ps = new ProblemStateCpu(RAM_BYTES, model);
  }

  run(c: UserCase, le: boolean, stopAt?: StopAt): Outcome {
    const ps = this.ps;
    // Code area: the case's words, the end trap, zeros after (as the harness leaves it).
    const bytes = new Uint8Array(Math.max(this.lastCodeBytes, (c.code.length + 1) * 4));
    const dv = new DataView(bytes.buffer);
    c.code.forEach((w, i) => dv.setUint32(i * 4, w, le));
    dv.setUint32(c.code.length * 4, END_TRAP, le);
    ps.load(CODE_ADDR, bytes);
    this.lastCodeBytes = (c.code.length + 1) * 4;
    ps.load(WINDOW_ADDR, c.window);
    ps.markClean(WINDOW_ADDR, WINDOW_SIZE);
    ps.setRegs({ gpr: c.gpr, cr: c.cr, xer: c.xer, lr: c.lr, ctr: c.ctr });
    ps.setVectors(c);
    ps.cpu.u64[sprSlot(SPR_VRSAVE)] = BigInt(c.vrsave);
    ps.cpu.u64[sprSlot(SPR_TAR)] = 0n; // TAR: not in the case; a fresh qemu-user process starts with 0
    // Most cases store nothing: then the window is the case's own (no copy).
    const windowNow = () => (ps.written(WINDOW_ADDR, WINDOW_SIZE) ? ps.readMemory(WINDOW_ADDR, WINDOW_SIZE) : c.window);

    const end = BigInt(CODE_ADDR + c.code.length * 4);
    const codeLo = BigInt(CODE_ADDR), codeHi = BigInt(CODE_ADDR + CODE_AREA_SIZE);
    let windowBefore: Uint8Array | null = null;
    let fixUp: ((cpu: typeof ps.cpu) => void) | null = null, sigill = false;
    const deviations: string[] = [];
    const stop = ps.run(codeLo, le, 4 * (c.code.length + 2), {
      before: (nia) => {
        if (stopAt && nia === stopAt.nip) { windowBefore = windowNow(); return true; }
        if (nia < codeLo || nia >= codeHi) return true; // the harness maps only the code area executable
        const w = ps.word(Number(nia), le);
        for (const d of USER_DEVIATIONS) {
          const a = d.before(ps.cpu, w);
          if (!a) continue;
          deviations.push(d.id);
          if ('sigill' in a) return (sigill = true);
          fixUp = a.after;
          break;
        }
        return false;
      },
      after: () => { if (fixUp) { fixUp(ps.cpu); fixUp = null; } },
    });
    const r = ps.regs();
    const out: Outcome = {
      signal: 0, siCode: 0, nip: stop.srr0, siAddr: 0n, ...r, ...ps.vectors(), deviations,
      vrsave: Number(ps.cpu.u64[sprSlot(SPR_VRSAVE)] & 0xffffffffn),
      window: windowBefore ?? windowNow(),
    };
    if (stop.vector === 'stopped') {
      out.nip = ps.nia;
      if (sigill) { out.signal = SIGILL; out.siCode = ILL_ILLOPC; return out; }
      if (stopAt && ps.nia === stopAt.nip) {
        // Run the instruction to learn its effective address (the caller checks it against
        // the reference's fault address); the state reported is the one before it.
        const ea = this.eaOf(le);
        out.signal = SIGSEGV;
        out.siAddr = ea;
        return out;
      }
      out.signal = SIGSEGV; // a fetch from memory the harness does not map executable
      out.siAddr = ps.nia;
      return out;
    }
    if (stop.vector === 'limit') return { ...out, unsupported: `no interrupt after ${stop.steps} instructions` };
    switch (stop.vector) {
      case 0x700:
        if (stop.srr1 & PROGRAM_TRAP) { if (stop.srr0 !== end) out.signal = SIGTRAP; }
        else if (stop.srr1 & PROGRAM_PRIVILEGED) { out.signal = SIGILL; out.siCode = ILL_PRVOPC; }
        else if (stop.srr1 & PROGRAM_ILLEGAL) { out.signal = SIGILL; out.siCode = ILL_ILLOPC; }
        else out.unsupported = `program interrupt with SRR1 ${stop.srr1.toString(16)}`;
        break;
      case 0x600: out.signal = SIGBUS; out.siAddr = stop.dar; break;
      // An access past the end of RAM (= past the window's end: unmapped for the harness).
      case 0x200: out.signal = SIGSEGV; out.siAddr = stop.dar; break;
      default: out.unsupported = `interrupt 0x${stop.vector.toString(16)}`;
    }
    return out;
  }

  /** Execute the instruction at NIA in problem state and return its effective address. */
  private eaOf(le: boolean): bigint {
    const nia = this.ps.nia;
    return this.ps.run(nia, le, 1).lastEA;
  }
}
