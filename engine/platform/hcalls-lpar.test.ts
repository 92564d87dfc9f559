// H_GET_CPU_CHARACTERISTICS, H_REGISTER_VPA and H_HOME_NODE_ASSOCIATIVITY as QEMU 7.2 gives
// them (hw/ppc/spapr_hcall.c, spapr_numa.c). Expected values are worked out by hand here:
//
// CPU characteristics, pseries-7.2 defaults for POWER8 (cap-cfpc = cap-sbbc = cap-ibs =
// workaround, cap-ccf-assist = on), bits in IBM numbering (bit n = 1 << (63 - n)):
//   characteristics = branch hints honoured (5) | L1D flush ori30 (2) | L1D flush trig2 (3)
//     | L1D thread-private (4)  [cfpc workaround] | speculation barrier ori31 (0) [sbbc
//     workaround] | bcctr flush assist (9) [ibs workaround + ccf-assist]
//     = 0x8000 | 0x2000 | 0x1000 | 0x0800 | 0x0400 | 0x0040 (top 16 bits) = 0xbc40 << 48.
//   behaviours = favour security (0) | L1D flush on PR change (1) [cfpc] | bounds-check
//     barrier (2) [sbbc] | flush count cache (5) [ibs] = 0x8000|0x4000|0x2000|0x0400 = 0xe400 << 48.
// Linux 6.1 then prints "rfi-flush: ori type flush available", "... mttrig type ...",
// "count-cache-flush: hardware flush enabled." (assist + flush) and "link-stack-flush:
// software flush enabled." (flush count cache), as it does under QEMU.
//
// H_REGISTER_VPA return codes: H_SUCCESS 0, H_HARDWARE -1 (address 0), H_PARAMETER -4,
// H_RESOURCE -16 (VPA missing / still needed). POWER8's dcache line is 128 bytes.
//
// H_HOME_NODE_ASSOCIATIVITY: one node, FORM1: the CPU's ibm,associativity is
// <5 0 0 0 0 vcpu-id 0>; domains after the count, two per register, -1 padded:
// r4 = 0:0, r5 = 0:0, r6 = 0:0xffffffff, r7..r9 = all ones.
import { describe, expect, test } from 'vitest';
import { boot, image } from '../testing.js';
import { GPR } from '../cpu/regs.js';
import { Machine } from '../machine.js';
import { FixedInputs } from '../inputs.js';
import { cpuCharacteristics, homeNodeAssociativity } from './hcalls-lpar.js';
import { casKernel, FORM1_OV5, LINUX_OV5 } from './vof/test-kernel.js';

const H_REGISTER_VPA = 0xdc, H_GET_CPU_CHARACTERISTICS = 0x1c8, H_HOME_NODE_ASSOCIATIVITY = 0x2ec;
const REG = 0x0000200000000000n, REG_DTL = 0x0000400000000000n, REG_SLB = 0x0000600000000000n;
const DEREG = 0x0000a00000000000n, DEREG_DTL = 0x0000c00000000000n, DEREG_SLB = 0x0000e00000000000n;
const H_HARDWARE = -1n, H_FUNCTION = -2n, H_PARAMETER = -4n, H_RESOURCE = -16n, H_P2 = -55n;

function machine(): Machine {
  return boot(image({ 0x100: [['b', { LI: 0 }]] })).m;
}

function call(m: Machine, nr: number, ...args: bigint[]): bigint {
  const c = m.cpu;
  c.u64[GPR + 3] = BigInt(nr);
  args.forEach((a, i) => { c.u64[GPR + 4 + i] = BigInt.asUintN(64, a); });
  m.hcalls.dispatch(c);
  return c.i64[GPR + 3];
}
const r = (m: Machine, n: number): bigint => m.cpu.u64[GPR + n];
const VPA = 0x10000n, SLB = 0x11000n, DTL = 0x12000n;

/** An area with its size word at +4 (a halfword for the VPA, a word for the others). */
function area(m: Machine, at: bigint, size: number, half = false): void {
  if (half) m.ram.dv.setUint16(Number(at) + 4, size);
  else m.ram.dv.setUint32(Number(at) + 4, size);
}

describe('H_GET_CPU_CHARACTERISTICS', () => {
  test('the pseries-7.2 POWER8 default answer', () => {
    const m = machine();
    expect(call(m, H_GET_CPU_CHARACTERISTICS)).toBe(0n);
    expect(r(m, 4)).toBe(0xbc40000000000000n);
    expect(r(m, 5)).toBe(0xe400000000000000n);
    expect(m.hcalls.unknown.size).toBe(0);
  });

  test('other caps (QEMU switch arms)', () => {
    // all broken (pseries-3.1 style): only hints honoured; favour security, L1D flush PR, bounds barrier
    expect(cpuCharacteristics({ cfpc: 0, sbbc: 0, ibs: 0, ccfAssist: false })).toEqual([1n << 58n, 0xe000000000000000n]);
    // all fixed, ibs fixed-ccd: count cache disabled (bit 7); no L1D flush on entry/uaccess (7, 8)
    expect(cpuCharacteristics({ cfpc: 2, sbbc: 2, ibs: 3, ccfAssist: false }))
      .toEqual([(1n << 58n) | (1n << 56n), (1n << 63n) | (1n << 56n) | (1n << 55n)]);
    // ibs fixed-ibs: bcctr serialised (bit 1); workaround without assist: no bit 9
    expect(cpuCharacteristics({ cfpc: 2, sbbc: 2, ibs: 2, ccfAssist: true })[0]).toBe((1n << 58n) | (1n << 62n));
    expect(cpuCharacteristics({ cfpc: 2, sbbc: 2, ibs: 1, ccfAssist: false })).toEqual([1n << 58n, (1n << 63n) | (1n << 58n) | (1n << 56n) | (1n << 55n)]);
  });
});

describe('H_REGISTER_VPA', () => {
  test('registering a VPA sets the shared-processor bit (0x02) of byte 9, keeping the others', () => {
    const m = machine();
    area(m, VPA, 0x400, true);
    m.ram.u8[Number(VPA) + 9] = 0x81;
    expect(call(m, H_REGISTER_VPA, REG, 0n, VPA)).toBe(0n);
    expect(m.ram.u8[Number(VPA) + 9]).toBe(0x83);
    expect(m.lpar.vpa).toBe(VPA);
  });

  test('VPA checks: address 0, misaligned, too small, crossing a page, outside RAM', () => {
    const m = machine();
    expect(call(m, H_REGISTER_VPA, REG, 0n, 0n)).toBe(H_HARDWARE);
    area(m, VPA + 0x40n, 0x400, true);
    expect(call(m, H_REGISTER_VPA, REG, 0n, VPA + 0x40n)).toBe(H_PARAMETER); // not 128-aligned
    area(m, VPA, 639, true);
    expect(call(m, H_REGISTER_VPA, REG, 0n, VPA)).toBe(H_PARAMETER); // below VPA_MIN_SIZE 640
    area(m, VPA + 0xc00n, 0x401, true);
    expect(call(m, H_REGISTER_VPA, REG, 0n, VPA + 0xc00n)).toBe(H_PARAMETER); // 0xc00 + 0x401 - 1 = 0x1000
    area(m, VPA + 0xc00n, 0x400, true);
    expect(call(m, H_REGISTER_VPA, REG, 0n, VPA + 0xc00n)).toBe(0n); // ends at 0xfff: fine
    expect(call(m, H_REGISTER_VPA, REG, 0n, 1n << 40n)).toBe(H_PARAMETER); // reads size 0
    expect(m.lpar.vpa).toBe(VPA + 0xc00n);
  });

  test('a procno that is not our CPU (low word non-zero) is H_PARAMETER; only the low word counts', () => {
    const m = machine();
    area(m, VPA, 0x400, true);
    expect(call(m, H_REGISTER_VPA, REG, 1n, VPA)).toBe(H_PARAMETER);
    expect(call(m, H_REGISTER_VPA, REG, 1n << 32n, VPA)).toBe(0n); // QEMU's int procno
    expect(call(m, H_REGISTER_VPA, 0n, 0n, VPA)).toBe(H_PARAMETER); // no such sub-function
    expect(call(m, H_REGISTER_VPA, REG | 1n, 0n, VPA)).toBe(H_PARAMETER);
  });

  test('SLB shadow and DTL need a VPA, have size checks, and keep the VPA registered', () => {
    const m = machine();
    area(m, VPA, 0x400, true);
    area(m, SLB, 0x8);
    area(m, DTL, 48);
    expect(call(m, H_REGISTER_VPA, REG_SLB, 0n, 0n)).toBe(H_HARDWARE);
    expect(call(m, H_REGISTER_VPA, REG_DTL, 0n, 0n)).toBe(H_HARDWARE);
    expect(call(m, H_REGISTER_VPA, REG_SLB, 0n, SLB)).toBe(H_RESOURCE);
    expect(call(m, H_REGISTER_VPA, REG_DTL, 0n, DTL)).toBe(H_RESOURCE);
    expect(call(m, H_REGISTER_VPA, REG, 0n, VPA)).toBe(0n);
    area(m, SLB + 0x800n, 7);
    expect(call(m, H_REGISTER_VPA, REG_SLB, 0n, SLB + 0x800n)).toBe(H_PARAMETER); // size < 8
    area(m, SLB + 0xffcn, 8);
    expect(call(m, H_REGISTER_VPA, REG_SLB, 0n, SLB + 0xffcn)).toBe(H_PARAMETER); // crosses a page
    area(m, DTL + 0x800n, 47);
    expect(call(m, H_REGISTER_VPA, REG_DTL, 0n, DTL + 0x800n)).toBe(H_PARAMETER); // size < 48
    area(m, DTL + 0xff0n, 0x2000);
    expect(call(m, H_REGISTER_VPA, REG_DTL, 0n, DTL + 0xff0n)).toBe(0n); // a DTL may cross pages
    expect(call(m, H_REGISTER_VPA, REG_SLB, 0n, SLB)).toBe(0n);
    expect(m.lpar.save()).toEqual({ vpa: String(VPA), slbShadow: String(SLB), slbShadowSize: '8', dtl: String(DTL + 0xff0n), dtlSize: '8192' });
    // The VPA cannot go while the others are registered.
    expect(call(m, H_REGISTER_VPA, DEREG, 0n, 0n)).toBe(H_RESOURCE);
    expect(call(m, H_REGISTER_VPA, DEREG_SLB, 0n, 0n)).toBe(0n);
    expect(call(m, H_REGISTER_VPA, DEREG, 0n, 0n)).toBe(H_RESOURCE); // the DTL still is
    expect(call(m, H_REGISTER_VPA, DEREG_DTL, 0n, 0n)).toBe(0n);
    expect(call(m, H_REGISTER_VPA, DEREG, 0n, 0n)).toBe(0n);
    expect(m.lpar.save()).toEqual({ vpa: '0', slbShadow: '0', slbShadowSize: '0', dtl: '0', dtlSize: '0' });
  });

  test('the registered areas are in the hash and come back from a snapshot', () => {
    const a = machine(), b = machine();
    expect(a.hash()).toBe(b.hash());
    for (const m of [a, b]) { area(m, VPA, 0x400, true); area(m, SLB, 0x100); }
    const before = a.hash();
    expect(call(a, H_REGISTER_VPA, REG, 0n, VPA)).toBe(0n);
    expect(call(b, H_REGISTER_VPA, REG, 0n, VPA)).toBe(0n);
    expect(a.hash()).not.toBe(before);
    expect(b.hash()).toBe(a.hash());
    // The same RAM and registers, one more area registered: the hash tells them apart.
    expect(call(a, H_REGISTER_VPA, REG_SLB, 0n, SLB)).toBe(0n);
    new Uint8Array(b.cpu.regs).set(new Uint8Array(a.cpu.regs));
    expect(a.hash()).not.toBe(b.hash());
    b.restore([a.snapshot(true)]);
    expect(b.lpar.slbShadow).toBe(SLB);
    expect(b.lpar.slbShadowSize).toBe(0x100n);
    expect(b.hash()).toBe(a.hash());
    // A delta taken after deregistering brings that back too.
    const c = machine();
    const full = a.snapshot(true);
    expect(call(a, H_REGISTER_VPA, DEREG_SLB, 0n, 0n)).toBe(0n);
    c.restore([full, a.snapshot(false)]);
    expect(c.lpar.slbShadow).toBe(0n);
    expect(c.hash()).toBe(a.hash());
  });
});

describe('H_HOME_NODE_ASSOCIATIVITY', () => {
  test('one node, FORM1: domains 0 0 0 0, the vcpu id 0, then -1', () => {
    const m = machine();
    expect(call(m, H_HOME_NODE_ASSOCIATIVITY, 1n, 0n)).toBe(0n);
    expect([4, 5, 6, 7, 8, 9].map((n) => r(m, n))).toEqual([
      0n, 0n, 0x00000000ffffffffn, 0xffffffffffffffffn, 0xffffffffffffffffn, 0xffffffffffffffffn,
    ]);
  });

  test('FORM2 (once negotiated): the CPU array <2 node-0 vcpu-0>: r4 = 0:0, then -1', () => {
    const ones = 0xffffffffffffffffn;
    expect(homeNodeAssociativity(true)).toEqual([0n, ones, ones, ones, ones, ones]);
  });

  test.each([['FORM2', LINUX_OV5], ['FORM1', FORM1_OV5]] as const)(
    'after a CAS that settles %s the machine answers in it, also once restored from a snapshot (which carries the tree)', (form, vec5) => {
      const m = new Machine({ kernel: casKernel(vec5) }, new FixedInputs(), () => {});
      m.run(200_000);
      expect(m.halted).toBe('checkstop'); // the client's "exit"
      const b = new Machine({ kernel: casKernel(vec5) }, new FixedInputs(), () => {});
      b.restore([m.snapshot(true)]);
      expect(b.hash()).toBe(m.hash()); // the client interface's rebuilt tree included
      for (const x of [m, b]) {
        expect(call(x, H_HOME_NODE_ASSOCIATIVITY, 1n, 0n)).toBe(0n);
        expect([4, 5, 6, 7, 8, 9].map((n) => r(x, n))).toEqual(homeNodeAssociativity(form === 'FORM2'));
      }
      expect(b.negotiated).toEqual(m.negotiated);
    });

  test('flags other than 1 are H_FUNCTION; an unknown CPU H_P2', () => {
    const m = machine();
    expect(call(m, H_HOME_NODE_ASSOCIATIVITY, 0n, 0n)).toBe(H_FUNCTION);
    expect(call(m, H_HOME_NODE_ASSOCIATIVITY, 2n, 0n)).toBe(H_FUNCTION);
    expect(call(m, H_HOME_NODE_ASSOCIATIVITY, 1n, 1n)).toBe(H_P2);
    expect(m.hcalls.unknown.size).toBe(0);
  });
});
