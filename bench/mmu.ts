// The cost of translation: one integer loop (loads, stores, ALU, a branch; optionally a call
// into another code page each pass) run in real mode and with MSR[IR] = MSR[DR] = 1 through
// the hash MMU (the code and data pages mapped by H_ENTER, entered with rfid). Prints MIPS.
import { boot, image, type Insn } from '../engine/testing.js';
import type { Machine } from '../engine/machine.js';

const li = (rt: number, v: number): Insn => ['li', { RT: rt, SI: v }];
const mr = (ra: number, rs: number): Insn => ['mr', { RA: ra, RS: rs }];
const HCALL: Insn = ['sc', { LEV: 1 }];
const PASSES = 2_000_000;

// Code at RA 0x3000 (EA 0x1000_0000 translated), a callee at RA 0x5000 (EA 0x1000_2000),
// data at RA 0x4000 (EA 0x1000_1000). r10 = data EA, r15 = passes, r21 = 1 to call.
const LOOP: Insn[] = [
  ['lwz', { RT: 17, RA: 10, D: 0 }], ['add', { RT: 16, RA: 16, RB: 17 }], ['stw', { RS: 16, RA: 10, D: 4 }],
  ['addi', { RT: 13, RA: 13, SI: 1 }], ['xor', { RA: 18, RS: 16, RB: 13 }], ['lwz', { RT: 19, RA: 10, D: 8 }],
  ['add', { RT: 19, RA: 19, RB: 18 }], ['stw', { RS: 19, RA: 10, D: 8 }],
  ['cmpwi', { BF: 1, RA: 21, SI: 0 }], ['bc', { BO: 12, BI: 6, BD: 8 }], // skip the call if r21 = 0
  ['bl', { LI: 0x2000 - 40 }],
  ['cmpw', { BF: 0, RA: 13, RB: 15 }], ['bc', { BO: 4, BI: 2, BD: -48 }],
  ['b', { LI: 0 }],
];
const CALLEE: Insn[] = [['addi', { RT: 20, RA: 20, SI: 1 }], ['bclr', { BO: 20, BI: 0, BH: 0 }]];

const SETUP: Insn[] = [
  ['slbmte', { RS: 20, RB: 21 }],
  ...[0, 1, 2].flatMap((k): Insn[] => [li(3, 8), li(4, 0), mr(5, 22 + k), mr(6, 25), mr(7, 26 + k), HCALL]),
  li(20, 0), mr(21, 29), ['mtspr', { SPR: 26, RS: 30 }], ['mtspr', { SPR: 27, RS: 31 }], ['rfid', {}],
];

function machine(translated: boolean, call: boolean): Machine {
  const { m } = boot(image({ 0x100: SETUP, 0x3000: LOOP, 0x5000: CALLEE, 0xc00: [['b', { LI: 0 }]] }, 0x6000));
  const c = m.cpu, set = (n: number, v: bigint) => c.setGpr(n, v);
  // SLB: ESID 1 → VSID 0x123456, 4 KB pages. HPTEs (2^15 PTEGs): pages 0, 1, 2 of the segment
  // hash to PTEGs 0x3456, 0x3457, 0x3454 (0x123456 ^ page).
  set(20, 0x123456000n); set(21, 0x18000000n);
  set(22, 0x3456n * 8n); set(23, 0x3457n * 8n); set(24, 0x3454n * 8n);
  set(25, 0x123456001n);
  set(26, 0x3012n); set(27, 0x4012n); set(28, 0x5012n);
  set(29, call ? 1n : 0n);
  set(30, translated ? 0x10000000n : 0x3000n);
  set(31, translated ? 0x8000000000000030n : 0x8000000000000000n);
  set(10, translated ? 0x10001000n : 0x4000n);
  set(15, BigInt(PASSES));
  return m;
}

function mips(translated: boolean, call: boolean): number {
  const m = machine(translated, call);
  m.runTo(100); // setup and the first passes
  const perPass = call ? 15 : 12; // instructions per pass (the bc skips the bl when r21 = 0)
  const n = PASSES * perPass - 200;
  const t0 = process.hrtime.bigint();
  m.run(n);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (m.cpu.ir !== translated) throw new Error('translation mode changed during the run');
  return n / s / 1e6;
}

export function mmuBench(repeats = 3): void {
  for (const call of [false, true]) {
    mips(false, call); mips(true, call); // warm-up
    const best = (t: boolean) => Math.max(...Array.from({ length: repeats }, () => mips(t, call)));
    const real = best(false), xlat = best(true);
    console.log(`  mmu (${call ? 'loop with a call into another page' : 'tight loop'}): real mode ${real.toFixed(1)} MIPS, ` +
      `IR=DR=1 ${xlat.toFixed(1)} MIPS (${(xlat / real).toFixed(2)}×)`);
  }
}
