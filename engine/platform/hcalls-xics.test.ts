// XICS through the guest's interface: the hcall-interrupt hypercalls and the RTAS XIVE calls.
// Expected values are worked out by hand from PAPR's XICS rules as QEMU 7.2 applies them
// (hw/intc/xics.c): at reset CPPR = 0 (nothing can be presented), MFRR = 0xff; XIRR = CPPR
// (bits 0:7) || XISR (bits 8:31); the IPI is XISR 2; a source is presented only when its
// priority is numerically below CPPR and below what is already presented; H_XIRR returns the
// old XIRR and makes the accepted priority the CPPR; H_EOI restores the CPPR from its
// argument and offers again what waits. RTAS tokens are QEMU's: set-xive 0x200a, get-xive
// 0x200b, int-off 0x200c, int-on 0x200d. Sources: 0x1100 nvram, 0x1101 vty (both MSI).
import { describe, expect, test } from 'vitest';
import { boot, image, type Insn } from '../testing.js';
import { GPR, SRR0, SRR1 } from '../cpu/regs.js';
import type { Machine } from '../machine.js';
import { ScriptedInputs } from '../inputs.js';
import { decodeSnapshot, SNAPSHOT_VERSION, SnapshotError } from '../snapshot.js';

const H_EOI = 0x64, H_CPPR = 0x68, H_IPI = 0x6c, H_IPOLL = 0x70, H_XIRR = 0x74, H_XIRR_X = 0x2fc;
const H_VIO_SIGNAL = 0x104, H_GET_TERM_CHAR = 0x54, H_CEDE = 0xe0;
const SET_XIVE = 0x200a, GET_XIVE = 0x200b, INT_OFF = 0x200c, INT_ON = 0x200d;
const VTY = 0x71000001, NVRAM = 0x71000000, VTY_IRQ = 0x1101, NVRAM_IRQ = 0x1100;

function machine(): Machine {
  return boot(image({ 0x100: [['b', { LI: 0 }]] })).m;
}

/** Hypercall `nr` with r4.. = args; returns r3 (signed). */
function call(m: Machine, nr: number, ...args: (number | bigint)[]): bigint {
  const c = m.cpu;
  c.u64[GPR + 3] = BigInt(nr);
  args.forEach((a, i) => { c.u64[GPR + 4 + i] = BigInt.asUintN(64, BigInt(a)); });
  m.hcalls.dispatch(c);
  return c.i64[GPR + 3];
}
const r = (m: Machine, n: number): bigint => m.cpu.u64[GPR + n];

/** RTAS call through hcall 0xf000 with its buffer at 0x3000; returns the rets words. */
function rtas(m: Machine, token: number, args: number[], nret: number): number[] {
  const dv = m.ram.dv;
  [token, args.length, nret, ...args].forEach((v, i) => dv.setUint32(0x3000 + 4 * i, v >>> 0));
  expect(call(m, 0xf000, 0x3000)).toBe(0n);
  return Array.from({ length: nret }, (_, i) => dv.getInt32(0x3000 + 12 + 4 * (args.length + i)));
}

describe('ICP: CPPR, MFRR and XIRR', () => {
  test('reset: CPPR 0 blocks everything; an IPI waits in MFRR until CPPR is lowered', () => {
    const m = machine();
    expect(call(m, H_IPOLL)).toBe(0n);
    expect([r(m, 4), r(m, 5)]).toEqual([0n, 0xffn]); // XIRR 0 (CPPR 0, no XISR), MFRR 0xff
    expect(call(m, H_IPI, 0, 5)).toBe(0n);
    expect(m.cpu.externalPending).toBe(false); // 5 is not below CPPR 0
    expect(call(m, H_CPPR, 0xff)).toBe(0n);
    expect(m.cpu.externalPending).toBe(true); // 5 < 0xff: the IPI (XISR 2) is presented
    call(m, H_IPOLL);
    expect([r(m, 4), r(m, 5)]).toEqual([0xff000002n, 5n]);
    expect(m.cpu.externalPending).toBe(true); // H_IPOLL does not accept
  });

  test('H_XIRR returns the old CPPR with XISR, and the accepted priority becomes CPPR', () => {
    const m = machine();
    call(m, H_CPPR, 0xff);
    call(m, H_IPI, 0, 5);
    expect(call(m, H_XIRR, 0xff)).toBe(0n);
    expect(r(m, 4)).toBe(0xff000002n);
    expect(m.cpu.externalPending).toBe(false);
    call(m, H_IPOLL);
    expect(r(m, 4)).toBe(0x05000000n);
    // Nothing presented now: H_XIRR gives CPPR 5 with XISR 0 (spurious), CPPR becomes 0xff.
    call(m, H_XIRR);
    expect(r(m, 4)).toBe(0x05000000n);
  });

  test('H_XIRR_X also returns the time base (virtual time here)', () => {
    const m = machine();
    call(m, H_CPPR, 0xff);
    call(m, H_IPI, 0, 1);
    m.cpu.icount = 1234;
    expect(call(m, H_XIRR_X)).toBe(0n);
    expect([r(m, 4), r(m, 5)]).toEqual([0xff000002n, 1234n]);
  });

  test('H_EOI restores CPPR and re-presents the IPI while MFRR still beats it', () => {
    const m = machine();
    call(m, H_CPPR, 0xff);
    call(m, H_IPI, 0, 5);
    call(m, H_XIRR);
    expect(call(m, H_EOI, 0xff000002)).toBe(0n);
    expect(m.cpu.externalPending).toBe(true); // MFRR 5 < CPPR 0xff again
    call(m, H_XIRR);
    call(m, H_IPI, 0, 0xff); // the handler clears MFRR before EOI, as Linux does
    call(m, H_EOI, 0xff000002);
    expect(m.cpu.externalPending).toBe(false);
    call(m, H_IPOLL);
    expect([r(m, 4), r(m, 5)]).toEqual([0xff000000n, 0xffn]);
  });

  test('raising CPPR to or above the presented priority withdraws it; lowering offers it again', () => {
    const m = machine();
    call(m, H_CPPR, 0xff);
    call(m, H_IPI, 0, 5);
    call(m, H_CPPR, 5); // 5 <= pending 5: withdrawn
    expect(m.cpu.externalPending).toBe(false);
    call(m, H_IPOLL);
    expect(r(m, 4)).toBe(0x05000000n);
    call(m, H_CPPR, 6); // MFRR 5 < 6: presented again
    expect(m.cpu.externalPending).toBe(true);
    call(m, H_IPOLL);
    expect(r(m, 4)).toBe(0x06000002n);
    call(m, H_CPPR, 4);
    expect(m.cpu.externalPending).toBe(false);
  });

  test('H_IPI to a server that does not exist is H_PARAMETER; MFRR and H_CPPR take the low byte', () => {
    const m = machine();
    expect(call(m, H_IPI, 1, 5)).toBe(-4n);
    expect(call(m, H_IPI, 0, 0x1_04)).toBe(0n);
    expect(call(m, H_CPPR, 0x1_ff)).toBe(0n);
    call(m, H_IPOLL);
    expect([r(m, 4), r(m, 5)]).toEqual([0xff000002n, 4n]);
  });
});

describe('ICS sources and the RTAS XIVE calls', () => {
  test('set-xive / get-xive round trip; bad irq, server, priority or counts are -3', () => {
    const m = machine();
    expect(rtas(m, GET_XIVE, [VTY_IRQ], 3)).toEqual([0, 0, 0xff]); // reset: masked
    expect(rtas(m, SET_XIVE, [VTY_IRQ, 0, 5], 1)).toEqual([0]);
    expect(rtas(m, GET_XIVE, [VTY_IRQ], 3)).toEqual([0, 0, 5]);
    expect(rtas(m, SET_XIVE, [0x0fff, 0, 5], 1)).toEqual([-3]);
    expect(rtas(m, SET_XIVE, [0x2000, 0, 5], 1)).toEqual([-3]);
    expect(rtas(m, SET_XIVE, [VTY_IRQ, 1, 5], 1)).toEqual([-3]);
    expect(rtas(m, SET_XIVE, [VTY_IRQ, 0, 0x100], 1)).toEqual([-3]);
    expect(rtas(m, SET_XIVE, [VTY_IRQ, 0], 1)).toEqual([-3]);
    expect(rtas(m, GET_XIVE, [VTY_IRQ], 1)).toEqual([-3]);
    expect(rtas(m, GET_XIVE, [VTY_IRQ], 3)).toEqual([0, 0, 5]);
  });

  test('an edge on a masked MSI waits (masked-pending) and is presented when set-xive unmasks it', () => {
    const m = machine();
    call(m, H_CPPR, 0xff);
    m.xics.pulse(VTY_IRQ);
    expect(m.cpu.externalPending).toBe(false);
    rtas(m, SET_XIVE, [VTY_IRQ, 0, 5], 1);
    expect(m.cpu.externalPending).toBe(true);
    call(m, H_XIRR);
    expect(r(m, 4)).toBe(0xff001101n);
    call(m, H_EOI, 0xff001101);
    expect(m.cpu.externalPending).toBe(false); // an edge is delivered once
  });

  test('int-off masks and saves the priority; int-on restores it and delivers the held edge', () => {
    const m = machine();
    call(m, H_CPPR, 0xff);
    rtas(m, SET_XIVE, [VTY_IRQ, 0, 7], 1);
    expect(rtas(m, INT_OFF, [VTY_IRQ], 1)).toEqual([0]);
    expect(rtas(m, GET_XIVE, [VTY_IRQ], 3)).toEqual([0, 0, 0xff]);
    m.xics.pulse(VTY_IRQ);
    expect(m.cpu.externalPending).toBe(false);
    expect(rtas(m, INT_ON, [VTY_IRQ], 1)).toEqual([0]);
    expect(rtas(m, GET_XIVE, [VTY_IRQ], 3)).toEqual([0, 0, 7]);
    expect(m.cpu.externalPending).toBe(true);
    call(m, H_IPOLL);
    expect(r(m, 4)).toBe(0xff001101n);
    expect(rtas(m, INT_OFF, [0x999], 1)).toEqual([-3]);
    expect(rtas(m, INT_ON, [VTY_IRQ, 0], 1)).toEqual([-3]);
  });

  test('the more favoured interrupt wins; the loser is rejected and offered again after EOI', () => {
    const m = machine();
    call(m, H_CPPR, 0xff);
    rtas(m, SET_XIVE, [VTY_IRQ, 0, 5], 1);
    rtas(m, SET_XIVE, [NVRAM_IRQ, 0, 2], 1);
    call(m, H_IPI, 0, 4); // IPI presented at 4
    m.xics.pulse(VTY_IRQ); // 5 is not below 4: rejected
    call(m, H_IPOLL);
    expect(r(m, 4)).toBe(0xff000002n);
    m.xics.pulse(NVRAM_IRQ); // 2 < 4: displaces the IPI (which MFRR keeps)
    call(m, H_XIRR);
    expect(r(m, 4)).toBe(0xff001100n);
    call(m, H_IPOLL);
    expect(r(m, 4)).toBe(0x02000000n); // CPPR 2, nothing presented
    call(m, H_EOI, 0xff001100); // CPPR 0xff: the IPI (4) comes back first, the vty (5) loses again
    call(m, H_XIRR);
    expect(r(m, 4)).toBe(0xff000002n);
    call(m, H_IPI, 0, 0xff);
    call(m, H_EOI, 0xff000002); // now the rejected vty edge is presented
    call(m, H_XIRR);
    expect(r(m, 4)).toBe(0xff001101n);
    call(m, H_EOI, 0xff001101);
    expect(m.cpu.externalPending).toBe(false);
  });
});

describe('vty interrupts (H_VIO_SIGNAL)', () => {
  test('modes: bit 0 for the vty, 0 only for the nvram, unknown units H_PARAMETER', () => {
    const m = machine();
    expect(call(m, H_VIO_SIGNAL, VTY, 1)).toBe(0n);
    expect(call(m, H_VIO_SIGNAL, VTY, 2)).toBe(-4n);
    expect(call(m, H_VIO_SIGNAL, NVRAM, 0)).toBe(0n);
    expect(call(m, H_VIO_SIGNAL, NVRAM, 1)).toBe(-4n);
    expect(call(m, H_VIO_SIGNAL, 0x71000002, 0)).toBe(-4n);
    expect(m.vty.signal).toBe(1);
  });

  test('with signalling on, input seen at H_CEDE pulses the vty source; H_GET_TERM_CHAR returns it', () => {
    const inputs = new ScriptedInputs({ console: [{ at: 0, bytes: Uint8Array.from([0x61, 0x62]) }] });
    const { m } = boot(image({ 0x100: [['b', { LI: 0 }]] }), {}, inputs);
    call(m, H_CPPR, 0xff);
    rtas(m, SET_XIVE, [VTY_IRQ, 0, 5], 1);
    call(m, H_CEDE); // signalling off: the console is not looked at
    expect(m.cpu.externalPending).toBe(false);
    call(m, H_VIO_SIGNAL, VTY, 1);
    call(m, H_CEDE);
    expect(m.cpu.externalPending).toBe(true);
    call(m, H_XIRR);
    expect(r(m, 4)).toBe(0xff001101n);
    expect(call(m, H_GET_TERM_CHAR, VTY)).toBe(0n);
    expect([r(m, 4), r(m, 5)]).toEqual([2n, 0x6162000000000000n]);
  });
});

describe('machine state', () => {
  test('XICS and vty state are in the hash and survive a snapshot; version 2 snapshots are refused', () => {
    const a = machine(), b = machine();
    expect(a.hash()).toBe(b.hash());
    call(a, H_CPPR, 0xff);
    expect(a.hash()).not.toBe(b.hash());
    rtas(a, SET_XIVE, [VTY_IRQ, 0, 7], 1);
    rtas(a, INT_OFF, [VTY_IRQ], 1);
    call(a, H_IPI, 0, 3);
    call(a, H_VIO_SIGNAL, VTY, 1);
    const snap = a.snapshot(true);
    b.restore([snap]);
    expect(b.xics.save()).toEqual(a.xics.save());
    expect(b.vty.signal).toBe(1);
    expect(b.cpu.externalPending).toBe(true);
    expect(b.hash()).toBe(a.hash());
    expect(rtas(b, GET_XIVE, [VTY_IRQ], 3)).toEqual([0, 0, 0xff]);
    rtas(b, INT_ON, [VTY_IRQ], 1);
    expect(rtas(b, GET_XIVE, [VTY_IRQ], 3)).toEqual([0, 0, 7]);

    const old = snap.slice();
    new DataView(old.buffer).setUint32(4, 2, true);
    expect(() => decodeSnapshot(old)).toThrow(SnapshotError);
    expect(() => b.restore([old])).toThrow(new RegExp(`snapshot version 2 is not ${SNAPSHOT_VERSION}`));
  });
});

describe('a bare-metal guest takes the IPI as external interrupt 0x500', () => {
  const li = (rt: number, v: number): Insn => ['li', { RT: rt, SI: v }];
  const mr = (ra: number, rs: number): Insn => ['or', { RA: ra, RS: rs, RB: rs }];
  const HCALL: Insn = ['sc', { LEV: 1 }];
  const SPIN: Insn = ['b', { LI: 0 }];

  test('H_CPPR 0xff, EE on, H_IPI: the interrupt lands right after the sc (icount 10); XIRR, EOI', () => {
    const bios = image({
      0x100: [
        li(3, H_CPPR), li(4, 0xff), HCALL, // 1-3
        li(10, 0), ['ori', { RA: 10, RS: 10, UI: 0x8000 }], ['mtmsrd', { RS: 10, L15: 1 }], // 4-6: MSR[EE] = 1
        li(3, H_IPI), li(4, 0), li(5, 5), HCALL, // 7-10: IPI at priority 5 to server 0
        SPIN, // 0x128: not reached before the interrupt
      ],
      0x500: [
        li(3, H_XIRR), HCALL, mr(20, 4), // r20 = XIRR
        li(3, H_IPI), li(4, 0), li(5, 0xff), HCALL, // MFRR back to 0xff
        li(3, H_EOI), mr(4, 20), HCALL, mr(21, 3), // r21 = H_EOI's return code
        li(3, H_IPOLL), HCALL, mr(22, 4), mr(23, 5),
        SPIN,
      ],
    });
    const { m } = boot(bios);
    const taken: [number, number][] = [];
    m.onInterrupt = (v, n) => taken.push([v, n]);
    m.runTo(10);
    expect(m.cpu.externalPending).toBe(true);
    expect(m.state().pc).toBe(0x128n); // the next instruction; the interrupt is taken before it
    m.runTo(40);
    expect(taken).toEqual([[0x500, 10]]);
    expect(m.cpu.u64[SRR0]).toBe(0x128n);
    expect(m.cpu.u64[SRR1] & 0x8000n).toBe(0x8000n); // the interrupted MSR had EE = 1
    expect(m.state().msr & 0x8000n).toBe(0n); // EE off in the handler
    expect(r(m, 20)).toBe(0xff000002n);
    expect(r(m, 21)).toBe(0n);
    expect([r(m, 22), r(m, 23)]).toEqual([0xff000000n, 0xffn]);
    expect(m.cpu.externalPending).toBe(false);
    expect(m.state().pc).toBe(0x53cn); // spinning at the handler's last instruction
  });
});
