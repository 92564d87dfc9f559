// End to end on the pseries machine: a real-mode program loads an SLB entry, asks the
// hypervisor for two HPTEs (H_ENTER), and rfids into translated code (MSR[IR] = MSR[DR] = 1)
// that stores, loads and loops in a translated data page, then leaves with sc. Snapshots
// taken with translation on restore into machines that run on to the same state.
//
// Segment: ESID 1 (EA 0x1000_0000) → VSID 0x123456, 4 KB pages. The machine has 512 MiB, so
// an HPT of 2^22 bytes, 2^15 PTEGs (mask 0x7fff):
//   code EA 0x1000_0000 (page 0): hash 0x123456 → PTEG 0x3456 → HPTE 0x1A2B0; RA 0x3000
//   data EA 0x1000_1000 (page 1): hash 0x123457 → PTEG 0x3457 → HPTE 0x1A2B8; RA 0x4000
//   dword 0 of both: VSID << 12 | EA(36:40) = 0 | V = 0x1_2345_6001.
import { describe, expect, test } from 'vitest';
import { boot, image, type Insn } from '../testing.js';
import { GPR, NIA, SPR, SPR_SRR0 } from '../cpu/regs.js';
import type { Machine } from '../machine.js';
import { dar, dsisr, hpteWords, load, store } from './test-harness.js';

const li = (rt: number, v: number): Insn => ['li', { RT: rt, SI: v }];
const mr = (ra: number, rs: number): Insn => ['mr', { RA: ra, RS: rs }];
const HCALL: Insn = ['sc', { LEV: 1 }];
const LOOPS = 5000;

const program = image({
  0x100: [
    ['slbmte', { RS: 20, RB: 21 }],
    li(3, 8), li(4, 0), mr(5, 22), mr(6, 23), mr(7, 24), HCALL, mr(14, 3), // H_ENTER code page
    li(3, 8), li(4, 0), mr(5, 25), mr(6, 23), mr(7, 26), HCALL, mr(15, 3), // H_ENTER data page
    ['mtspr', { SPR: 26, RS: 28 }], ['mtspr', { SPR: 27, RS: 29 }], ['rfid', {}],
  ],
  0x3000: [ // EA 0x1000_0000
    ['lis', { RT: 10, SI: 0x1000 }], ['ori', { RA: 10, RS: 10, UI: 0x1000 }], // r10 = data EA
    li(11, 0x55), ['stw', { RS: 11, RA: 10, D: 8 }], ['lwz', { RT: 12, RA: 10, D: 8 }],
    ['addi', { RT: 12, RA: 12, SI: 1 }], ['stw', { RS: 12, RA: 10, D: 12 }],
    // loop: r13 += 1; r16 += the word at 8(r10); until r13 = LOOPS
    ['addi', { RT: 13, RA: 13, SI: 1 }], ['lwz', { RT: 17, RA: 10, D: 8 }], ['add', { RT: 16, RA: 16, RB: 17 }],
    ['cmpwi', { BF: 0, RA: 13, SI: LOOPS }], ['bc', { BO: 4, BI: 2, BD: -16 }],
    ['sc', {}],
  ],
  0xc00: [['b', { LI: 0 }]],
}, 0x5000);

function start(): Machine {
  const { m } = boot(program);
  const set = (n: number, v: bigint) => m.cpu.setGpr(n, v);
  set(20, 0x123456000n); // RS: VSID 0x123456, Ks = Kp = 0, 4 KB
  set(21, 0x18000000n); // RB: ESID 1, V, entry 0
  set(22, 0x1a2b0n); // code HPTE index
  set(23, 0x123456001n); // dword 0 (both pages)
  set(24, 0x3012n); // code: RA 0x3000, M, PP 2
  set(25, 0x1a2b8n);
  set(26, 0x4012n); // data: RA 0x4000, M, PP 2
  set(28, 0x10000000n); // SRR0: the code's EA
  set(29, 0x8000000000000030n); // SRR1: SF IR DR
  return m;
}

// Instructions: 18 in real mode (the rfid is the 18th), 7 before the loop, 5 per loop pass,
// and the sc: after icount 18 + 7 + 5 * LOOPS + 1 the CPU is at the system call vector.
const END = 18 + 7 + 5 * LOOPS + 1;

describe('turning translation on with rfid', () => {
  test('the translated program runs: stores, loads, loops, and its HPTEs record R and C', () => {
    const m = start();
    m.runTo(END + 10);
    const c = m.cpu;
    expect([c.gpr(14), c.gpr(15)]).toEqual([0n, 0n]); // both H_ENTERs succeeded
    expect(c.pc).toBe(0xc00n);
    expect(c.spr(SPR_SRR0)).toBe(0x10000000n + 4n * 12n + 4n); // after the sc at EA 0x1000_0030
    expect(c.gpr(12)).toBe(0x56n);
    expect(c.gpr(13)).toBe(BigInt(LOOPS));
    expect(c.gpr(16)).toBe(BigInt(LOOPS * 0x55));
    expect(m.ram.dv.getUint32(0x4008)).toBe(0x55);
    expect(m.ram.dv.getUint32(0x400c)).toBe(0x56);
    expect(c.msr).toBe(0x8000000000000000n); // the system call interrupt turned IR/DR off
    expect(hpteWords(c, 0x1a2b0)[1] & 0x180n).toBe(0x100n); // code: R
    expect(hpteWords(c, 0x1a2b8)[1] & 0x180n).toBe(0x180n); // data: R and C
    expect(m.instructionAt(0x10000000n)).toBe(0); // real mode now: RA 0x1000_0000 (zeros)
  });

  test('instructionAt translates while MSR[IR] = 1, with no side effect', () => {
    const m = start();
    m.runTo(25);
    expect(m.cpu.ir).toBe(true);
    expect(m.instructionAt(0x10000010n)).toBe(m.ram.dv.getUint32(0x3010));
    expect(m.instructionAt(0x10002000n)).toBeUndefined(); // no HPTE
  });

  test('LPCR[AIL] = 3: the sc from translated code enters 0xC000_0000_0000_4C00 with IR/DR on', () => {
    const m = start();
    m.cpu.u64[SPR + 318] |= 3n << 23n;
    m.runTo(END);
    expect(m.cpu.pc).toBe(0xc000000000004c00n);
    expect(m.cpu.msr).toBe(0x8000000000000030n);
  });

  test('the hash is the same for every slicing of the run, and covers the HPT', () => {
    const a = start(); a.runTo(END + 3);
    const b = start(); for (let i = 0; i < END + 3; i += 997) b.runTo(Math.min(i + 997, END + 3));
    expect(b.hash()).toBe(a.hash());
    const h = a.hash();
    a.cpu.mmu.hpt!.setHpte(0x100, 1n, 0n);
    expect(a.hash()).not.toBe(h);
  });

  test.each([[15, 40], [40, 3000], [1000, 20000]])('snapshot at %i + delta at %i, restored elsewhere, runs on to the same hash', (at1, at2) => {
    const a = start();
    a.runTo(at1);
    const full = a.snapshot(true);
    a.runTo(at2);
    const delta = a.snapshot(false);
    const at2Hash = a.hash();
    a.runTo(END + 5);
    const endHash = a.hash();

    const b = start();
    b.runTo(7); // some state the restore must replace
    b.restore([full, delta]);
    expect(b.hash()).toBe(at2Hash);
    b.runTo(END + 5);
    expect(b.hash()).toBe(endHash);
    expect(b.cpu.gpr(16)).toBe(BigInt(LOOPS * 0x55));
  });
});

describe('hypercalls drop the translations they change', () => {
  // After the program ran, the data page's translation is cached in the TLB.
  const afterRun = () => { const m = start(); m.runTo(END + 1); return m; };
  const hcall = (m: Machine, nr: number, ...args: bigint[]) => {
    m.cpu.u64[GPR + 3] = BigInt(nr);
    args.forEach((v, i) => { m.cpu.u64[GPR + 4 + i] = v; });
    m.hcalls.dispatch(m.cpu);
    return m.cpu.i64[GPR + 3];
  };

  test('H_REMOVE: the next access takes a DSI (no HPTE)', () => {
    const m = afterRun();
    expect(load(m.cpu, 0x10001008n)).toBe(true);
    expect(hcall(m, 0x04, 0n, 0x1a2b8n, 0n)).toBe(0n);
    expect(load(m.cpu, 0x10001008n)).toBe(false);
    expect(dsisr(m.cpu)).toBe(0x40000000n);
    expect(dar(m.cpu)).toBe(0x10001008n);
  });

  test('H_PROTECT to read only (PP 011): loads work, a store takes a DSI (bits 36, 38)', () => {
    const m = afterRun();
    expect(store(m.cpu, 0x10001008n, 1)).toBe(true);
    expect(hcall(m, 0x18, 3n, 0x1a2b8n, 0n)).toBe(0n);
    expect(load(m.cpu, 0x10001008n)).toBe(true);
    expect(store(m.cpu, 0x10001008n, 2)).toBe(false);
    expect(dsisr(m.cpu)).toBe(0x0a000000n);
  });

  test('H_BULK_REMOVE of the code page: the next fetch from it takes an ISI', () => {
    const m = afterRun();
    expect(hcall(m, 0x124, 0x4000000000000000n | 0x1a2b0n, 0n, 0xc000000000000000n)).toBe(0n);
    m.cpu.setMsr(0x8000000000000030n);
    m.cpu.u64[NIA] = 0x10000000n;
    m.step();
    expect(m.cpu.pc).toBe(0x400n);
    expect(m.cpu.spr(27) & 0x40000000n).toBe(0x40000000n); // SRR1 bit 33: no HPTE
  });
});

describe('LPCR[AIL]: where interrupts from a translated context go (Book III-S §6.5, POWER8)', () => {
  const entered = (ail: number, msr: bigint, vector: number) => {
    const m = start();
    m.cpu.u64[SPR + 318] = 0x1f008n | (BigInt(ail) << 23n);
    m.cpu.setMsr(msr);
    m.cpu.enter(vector, 0x1234n, 0);
    return [m.cpu.pc, m.cpu.msr & 0x30n];
  };
  const IRDR = 0x8000000000001030n;
  test.each([
    [0, IRDR, 0x300, 0x300n, 0n],
    [1, IRDR, 0x300, 0x300n, 0n], // reserved: as 0
    [2, IRDR, 0x300, 0x18300n, 0x30n],
    [3, IRDR, 0x300, 0xc000000000004300n, 0x30n],
    [3, IRDR, 0x900, 0xc000000000004900n, 0x30n],
    [3, 0x8000000000001020n, 0x300, 0x300n, 0n], // IR only: no relocation
    [3, IRDR, 0x200, 0x200n, 0n], // never for a machine check
    [3, IRDR, 0x100, 0x100n, 0n], // nor a system reset
  ])('AIL %i, MSR %s, vector %s → NIA %s, MSR[IR,DR] %s', (ail, msr, vector, nia, irdr) => {
    expect(entered(ail, msr, vector)).toEqual([nia, irdr]);
  });
});
