// Field-by-field comparison of the engine's end state of a case with qemu-user's.
import { SIGBUS, SIGILL, SIGSEGV, type UserCase, type UserResult } from '../../oracle/qemu-user/protocol.js';
import type { Outcome } from './engine-run.js';

const hex = (v: bigint | number): string => '0x' + v.toString(16);

// XER bits (Book I §3.2.2): SO OV CA, OV32 CA32 (ISA 3.0), the string byte count (57:63).
const XER_BASE = 0xe000007fn, XER_32 = 0xc0000n;

/** si_code classes: Linux reports a privileged opcode or register as ILL_PRVOPC (5) or
 *  ILL_PRVREG (6), an illegal one as ILL_ILLOPC (1) or ILL_ILLOPN (2). */
const illClass = (code: number): string => (code === 5 || code === 6 ? 'privileged' : code === 1 || code === 2 ? 'illegal' : `si_code ${code}`);

/** Differences between the engine's outcome and QEMU's result, as readable lines (none: the
 *  two agree). `isa300`: the model has XER[OV32]/[CA32] (POWER9). */
export function compareOutcome(c: UserCase, engine: Outcome, qemu: UserResult, isa300: boolean): string[] {
  const d: string[] = [];
  if (engine.unsupported) return [`engine: ${engine.unsupported}`];
  if (engine.signal !== qemu.signal) d.push(`signal: engine ${engine.signal} qemu ${qemu.signal}`);
  else if (engine.signal === SIGILL && illClass(engine.siCode) !== illClass(qemu.siCode))
    d.push(`SIGILL kind: engine ${illClass(engine.siCode)} qemu ${illClass(qemu.siCode)}`);
  if (engine.nip !== qemu.nip) d.push(`nip: engine ${hex(engine.nip)} qemu ${hex(qemu.nip)}`);
  if (engine.signal === qemu.signal && (engine.signal === SIGSEGV || engine.signal === SIGBUS)) {
    // A fault inside an access may be reported at its first byte or at the page it crosses
    // into, and the engine's effective address of a string or multiple access is where it
    // stopped: within one access's length (at most 128 bytes) both name the same access.
    const delta = qemu.siAddr - engine.siAddr;
    if (delta <= -256n || delta >= 256n) d.push(`fault address: engine ${hex(engine.siAddr)} qemu ${hex(qemu.siAddr)}`);
  }
  const tb = timeBaseTarget(c);
  for (let i = 0; i < 32; i++) if (i !== tb && engine.gpr[i] !== qemu.gpr[i]) d.push(`r${i}: engine ${hex(engine.gpr[i])} qemu ${hex(qemu.gpr[i])}`);
  if (engine.cr >>> 0 !== qemu.cr >>> 0) d.push(`cr: engine ${hex(engine.cr >>> 0)} qemu ${hex(qemu.cr >>> 0)}`);
  const xm = XER_BASE | (isa300 ? XER_32 : 0n);
  if ((engine.xer & xm) !== (qemu.xer & xm)) d.push(`xer: engine ${hex(engine.xer & xm)} qemu ${hex(qemu.xer & xm)}`);
  if (engine.lr !== qemu.lr) d.push(`lr: engine ${hex(engine.lr)} qemu ${hex(qemu.lr)}`);
  if (engine.ctr !== qemu.ctr) d.push(`ctr: engine ${hex(engine.ctr)} qemu ${hex(qemu.ctr)}`);
  if (engine.vrsave >>> 0 !== qemu.vrsave >>> 0) d.push(`vrsave: engine ${hex(engine.vrsave)} qemu ${hex(qemu.vrsave)}`);
  d.push(...windowDiff(engine.window, qemu.window));
  for (let i = 0; i < 32; i++) {
    if (engine.vr[i][0] !== qemu.vr[i][0] || engine.vr[i][1] !== qemu.vr[i][1])
      d.push(`v${i}: engine ${hex(engine.vr[i][0])}:${hex(engine.vr[i][1])} qemu ${hex(qemu.vr[i][0])}:${hex(qemu.vr[i][1])}`);
  }
  if (engine.vscr >>> 0 !== qemu.vscr >>> 0) d.push(`vscr: engine ${hex(engine.vscr)} qemu ${hex(qemu.vscr)}`);
  // The engine has no FP or VSX instructions yet and draws none: QEMU's FP state and VSR
  // doublewords 1 of VS0-31 must be what the case started with (an instruction drawn
  // touching them would be a bug).
  for (let i = 0; i < 32; i++) {
    if (qemu.fpr[i] !== c.fpr[i]) d.push(`f${i}: qemu ${hex(qemu.fpr[i])}, unchanged expected ${hex(c.fpr[i])}`);
    if (qemu.vsrlo[i] !== c.vsrlo[i]) d.push(`vs${i} low: qemu ${hex(qemu.vsrlo[i])}, unchanged expected ${hex(c.vsrlo[i])}`);
  }
  if (qemu.fpscr !== c.fpscr) d.push(`fpscr: qemu ${hex(qemu.fpscr)}, unchanged expected ${hex(c.fpscr)}`);
  return d;
}

/** The RT of a final mftb (forms.ts puts it only last): the time base differs by design
 *  (QEMU's follows the host clock; ours is virtual, ARCHITECTURE.md), so it is not compared;
 *  -1 when the case ends otherwise. */
function timeBaseTarget(c: UserCase): number {
  const w = c.code[c.code.length - 1];
  return w !== undefined && w >>> 26 === 31 && ((w >>> 1) & 0x3ff) === 371 ? (w >>> 21) & 31 : -1;
}

function windowDiff(a: Uint8Array, b: Uint8Array): string[] {
  const out: string[] = [];
  if (a === b || Buffer.from(a.buffer, a.byteOffset, a.length).equals(b)) return out;
  for (let i = 0; i < a.length && out.length < 4; i++) {
    if (a[i] === b[i]) continue;
    const from = i & ~7;
    const bytes = (m: Uint8Array) => Array.from(m.subarray(from, from + 8), (x) => x.toString(16).padStart(2, '0')).join('');
    out.push(`window +0x${from.toString(16)}: engine ${bytes(a)} qemu ${bytes(b)}`);
    i = from + 7;
  }
  return out;
}
