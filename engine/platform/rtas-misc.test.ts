// RTAS calls answered as QEMU 7.2 answers them with nothing pending. Expected values come
// from QEMU's sources, worked by hand:
// - event-scan (0x200f): exactly 4 args / 1 ret, else -3; no EPOW or hot-plug event queued,
//   so 1 (NO_ERRORS_FOUND) and the buffer untouched. check-exception (0x200e): 6 or 7 args
//   and 1 ret, else -3; otherwise 1 as well.
// - ibm,get-system-parameter (0x2008), no count checks: param 20 (SPLPAR) is the string
//   "MaxEntCap=<maxcpus>,DesMem=<RAM MiB>,DesProcs=<cpus>,MaxPlatProcs=<maxcpus>" plus
//   ",HostThrs=8" because QEMU's POWER8 class has n_host_threads = 8 (4 on POWER9); stored as
//   a 16-bit length counting the NUL, then min(len-2, length) bytes; param 42 (diagnostics
//   run mode) is one byte 0 (disabled); param 48 (UUID) has length 0 without -uuid; others
//   -3; a buffer length under 2 is -9999. ibm,set-system-parameter (0x2009): -9002 for
//   those three, -3 for others.
// - ibm,nmi-register (0x202b): pseries-7.2 has cap-fwnmi=on; -3 until the guest's RTAS is
//   instantiated (no linux,rtas-base in the tree), -3 for an entry at or above 32 MiB,
//   else 0 and the entries are kept. ibm,nmi-interlock (0x202c): -3 before a registration,
//   then 0 (under TCG no CPU holds the interlock; QEMU answers non-holders 0).
// - ibm,os-term (0x201f): rets[0] 0, the message (at most 511 bytes) kept, and the run
//   ends ('power-off': QEMU's default panic action is shutdown).
import { describe, expect, test } from 'vitest';
import { boot, image } from '../testing.js';
import { GPR } from '../cpu/regs.js';
import { Machine } from '../machine.js';
import { FixedInputs } from '../inputs.js';
import { kernelElf } from './vof/test-kernel.js';
import { splparCharacteristics } from './rtas-misc.js';

const CHECK_EXCEPTION = 0x200e, EVENT_SCAN = 0x200f, GET_SYSPARM = 0x2008, SET_SYSPARM = 0x2009;
const OS_TERM = 0x201f, NMI_REGISTER = 0x202b, NMI_INTERLOCK = 0x202c;
const BUF = 0x3000, OUT = 0x8000;
const SENTINEL = 0x5a5a5a5a, S = SENTINEL | 0;

function machine(cfg = {}): Machine {
  return boot(image({ 0x100: [['b', { LI: 0 }]] }), cfg).m;
}

/** RTAS call via hcall 0xf000; the `extra` words follow the args (QEMU may read them);
 *  rets start as SENTINEL. Returns max(nret, 1) rets (signed). */
function rtas(m: Machine, token: number, args: number[], nret: number, extra: number[] = []): number[] {
  const dv = m.ram.dv;
  const rb = BUF + 12 + 4 * args.length;
  for (let i = 0; i <= Math.max(nret, extra.length); i++) dv.setUint32(rb + 4 * i, SENTINEL);
  [token, args.length, nret, ...args, ...extra].forEach((v, i) => dv.setUint32(BUF + 4 * i, v >>> 0));
  m.cpu.u64[GPR + 3] = 0xf000n;
  m.cpu.u64[GPR + 4] = BigInt(BUF);
  m.hcalls.dispatch(m.cpu);
  expect(m.cpu.u64[GPR + 3]).toBe(0n);
  return Array.from({ length: Math.max(nret, 1) }, (_, i) => dv.getInt32(rb + 4 * i));
}

const bytes = (m: Machine, at: number, n: number) => [...m.ram.u8.subarray(at, at + n)];

describe('event-scan and check-exception with no event pending', () => {
  test('event-scan: NO_ERRORS_FOUND (1), buffer untouched; wrong counts -3', () => {
    const m = machine();
    m.ram.u8.fill(0xee, OUT, OUT + 64);
    expect(rtas(m, EVENT_SCAN, [0xffffffff, 0, OUT, 64], 1)).toEqual([1]);
    expect(bytes(m, OUT, 64)).toEqual(new Array(64).fill(0xee));
    expect(rtas(m, EVENT_SCAN, [0xffffffff, 0, OUT], 1)).toEqual([-3]);
    expect(rtas(m, EVENT_SCAN, [0xffffffff, 0, OUT, 64], 2)).toEqual([-3, S]);
    expect(rtas(m, EVENT_SCAN, [0xffffffff, 0, OUT, 64], 0)).toEqual([-3]); // rets[0] still written
  });

  test('check-exception: 6 or 7 args give 1, buffer untouched; 5, 8 args or nret != 1 give -3', () => {
    const m = machine();
    m.ram.u8.fill(0xee, OUT, OUT + 64);
    expect(rtas(m, CHECK_EXCEPTION, [0x500, 0x1100, 0xffffffff, 0, OUT, 64], 1)).toEqual([1]);
    expect(rtas(m, CHECK_EXCEPTION, [0x500, 0x1100, 0xffffffff, 0, OUT, 64, 0], 1)).toEqual([1]);
    expect(bytes(m, OUT, 64)).toEqual(new Array(64).fill(0xee));
    expect(rtas(m, CHECK_EXCEPTION, [0x500, 0x1100, 0xffffffff, 0, OUT], 1)).toEqual([-3]);
    expect(rtas(m, CHECK_EXCEPTION, [0x500, 0x1100, 0xffffffff, 0, OUT, 64, 0, 0], 1)).toEqual([-3]);
    expect(rtas(m, CHECK_EXCEPTION, [0x500, 0x1100, 0xffffffff, 0, OUT, 64], 2)).toEqual([-3, S]);
  });
});

describe('ibm,get-system-parameter / ibm,set-system-parameter', () => {
  const SPLPAR = 'MaxEntCap=1,DesMem=512,DesProcs=1,MaxPlatProcs=1,HostThrs=8';

  test('the SPLPAR string for 1 CPU and 512M, and for other configurations', () => {
    expect(splparCharacteristics({ ramBytes: 512 << 20, cpus: 1, maxCpus: 1, cpuModel: 'POWER8' })).toBe(SPLPAR);
    expect(splparCharacteristics({ ramBytes: 2 ** 32, cpus: 2, maxCpus: 4, cpuModel: 'POWER9' }))
      .toBe('MaxEntCap=4,DesMem=4096,DesProcs=2,MaxPlatProcs=4,HostThrs=4');
    expect(splparCharacteristics({ ramBytes: 256 << 20, cpus: 1, maxCpus: 1, cpuModel: 'POWER10' }))
      .toBe('MaxEntCap=1,DesMem=256,DesProcs=1,MaxPlatProcs=1');
  });

  test('parameter 20: 16-bit length (60 = 59 characters + NUL), then the string', () => {
    const m = machine();
    m.ram.u8.fill(0xee, OUT, OUT + 128);
    expect(rtas(m, GET_SYSPARM, [20, OUT, 128], 1)).toEqual([0]);
    expect(m.ram.dv.getUint16(OUT)).toBe(60);
    expect(Buffer.from(m.ram.u8.subarray(OUT + 2, OUT + 61)).toString('latin1')).toBe(SPLPAR);
    expect(m.ram.u8[OUT + 61]).toBe(0);
    expect(m.ram.u8[OUT + 62]).toBe(0xee);
    // with 1 GiB of RAM
    const g = machine({ ramBytes: 1 << 30 });
    rtas(g, GET_SYSPARM, [20, OUT, 128], 1);
    expect(g.ram.dv.getUint16(OUT)).toBe(61); // one digit more
    expect(Buffer.from(g.ram.u8.subarray(OUT + 2, OUT + 63)).toString('latin1')).toBe(`${SPLPAR.replace('512', '1024')}\0`);
  });

  test('a short buffer: the full length word, then only length-2 bytes; under 2 bytes -9999', () => {
    const m = machine();
    m.ram.u8.fill(0xee, OUT, OUT + 16);
    expect(rtas(m, GET_SYSPARM, [20, OUT, 10], 1)).toEqual([0]);
    expect(m.ram.dv.getUint16(OUT)).toBe(60);
    expect(Buffer.from(m.ram.u8.subarray(OUT + 2, OUT + 10)).toString('latin1')).toBe('MaxEntCa');
    expect(m.ram.u8[OUT + 10]).toBe(0xee);
    m.ram.u8.fill(0xee, OUT, OUT + 16);
    expect(rtas(m, GET_SYSPARM, [20, OUT, 1], 1)).toEqual([-9999]);
    expect(rtas(m, GET_SYSPARM, [42, OUT, 0], 1)).toEqual([-9999]);
    expect(bytes(m, OUT, 4)).toEqual([0xee, 0xee, 0xee, 0xee]);
    expect(rtas(m, GET_SYSPARM, [20, OUT, 2], 1)).toEqual([0]);
    expect(bytes(m, OUT, 3)).toEqual([0, 60, 0xee]);
  });

  test('parameter 42: one byte, 0 (disabled); 48: no UUID, length 0; others NOT_SUPPORTED (-3)', () => {
    const m = machine();
    m.ram.u8.fill(0xee, OUT, OUT + 8);
    expect(rtas(m, GET_SYSPARM, [42, OUT, 8], 1)).toEqual([0]);
    expect(bytes(m, OUT, 4)).toEqual([0, 1, 0, 0xee]);
    m.ram.u8.fill(0xee, OUT, OUT + 8);
    expect(rtas(m, GET_SYSPARM, [48, OUT, 8], 1)).toEqual([0]);
    expect(bytes(m, OUT, 3)).toEqual([0, 0, 0xee]);
    m.ram.u8.fill(0xee, OUT, OUT + 8);
    expect(rtas(m, GET_SYSPARM, [44, OUT, 8], 1)).toEqual([-3]); // CMO characteristics: Linux asks
    expect(rtas(m, GET_SYSPARM, [0, OUT, 8], 1)).toEqual([-3]);
    expect(bytes(m, OUT, 2)).toEqual([0xee, 0xee]);
  });

  test('no count checks: the argument words are read where they lie, rets[0] written', () => {
    const m = machine();
    m.ram.u8.fill(0xee, OUT, OUT + 8);
    // nargs 1: buffer and length are read from the words after it (rets[0], then one more).
    expect(rtas(m, GET_SYSPARM, [42], 1, [OUT, 8])).toEqual([0]); // rets[0] overwrote the buffer word
    expect(bytes(m, OUT, 4)).toEqual([0, 1, 0, 0xee]);
    // nret 0: the status still goes to the word after the args
    expect(rtas(m, GET_SYSPARM, [44, OUT, 8], 0)).toEqual([-3]);
  });

  test('set: 20, 42, 48 are NOT_AUTHORIZED (-9002), others NOT_SUPPORTED (-3)', () => {
    const m = machine();
    expect(rtas(m, SET_SYSPARM, [20, OUT], 1)).toEqual([-9002]);
    expect(rtas(m, SET_SYSPARM, [42, OUT], 1)).toEqual([-9002]);
    expect(rtas(m, SET_SYSPARM, [48, OUT], 1)).toEqual([-9002]);
    expect(rtas(m, SET_SYSPARM, [44, OUT], 1)).toEqual([-3]);
    expect(rtas(m, SET_SYSPARM, [21], 3)).toEqual([-3, S, S]);
  });
});

describe('ibm,nmi-register / ibm,nmi-interlock', () => {
  /** A -kernel machine (VOF) whose /rtas got linux,rtas-base, as Linux's prom_init sets it. */
  const vofMachine = (rtasBase = 0x1fff0000): Machine => {
    const m = new Machine({ kernel: kernelElf([['b', { LI: 0 }]], {}) }, new FixedInputs(), () => {});
    const tree = m.vof!.tree;
    tree.setProp(tree.find('/rtas')!, 'linux,rtas-base', Uint8Array.of(rtasBase >>> 24, (rtasBase >>> 16) & 0xff, (rtasBase >>> 8) & 0xff, rtasBase & 0xff));
    return m;
  };

  test('without an instantiated RTAS (no linux,rtas-base, or 0): NOT_SUPPORTED (-3)', () => {
    const m = machine();
    expect(rtas(m, NMI_REGISTER, [0x7000, 0x7100], 1)).toEqual([-3]);
    expect(m.rtasMisc.fwnmiMachineCheck).toBe(-1);
    expect(rtas(vofMachine(0), NMI_REGISTER, [0x7000, 0x7100], 1)).toEqual([-3]);
  });

  test('entries at or above 32 MiB: -3; below: 0 and kept; interlock -3 before, 0 after', () => {
    const m = vofMachine();
    expect(rtas(m, NMI_INTERLOCK, [], 1)).toEqual([-3]);
    expect(rtas(m, NMI_REGISTER, [0x2000000, 0x7100], 1)).toEqual([-3]);
    expect(rtas(m, NMI_REGISTER, [0x7000, 0x2000000], 1)).toEqual([-3]);
    expect(m.rtasMisc.save()).toEqual({ fwnmiSystemReset: -1, fwnmiMachineCheck: -1 });
    expect(rtas(m, NMI_REGISTER, [0x7000, 0x1ffffff], 1)).toEqual([0]);
    expect(m.rtasMisc.save()).toEqual({ fwnmiSystemReset: 0x7000, fwnmiMachineCheck: 0x1ffffff });
    expect(rtas(m, NMI_INTERLOCK, [], 1)).toEqual([0]);
    expect(rtas(m, NMI_INTERLOCK, [], 1)).toEqual([0]);
  });

  test('the registered entries are in the hash and survive snapshot/restore', () => {
    const m = machine();
    const h0 = m.hash();
    const snap0 = m.snapshot(true);
    m.rtasMisc.fwnmiSystemReset = 0x7000;
    m.rtasMisc.fwnmiMachineCheck = 0x7100;
    expect(m.hash()).not.toBe(h0);
    const h1 = m.hash();
    const snap1 = m.snapshot(false);
    const n = machine();
    n.restore([snap0, snap1]);
    expect(n.rtasMisc.save()).toEqual({ fwnmiSystemReset: 0x7000, fwnmiMachineCheck: 0x7100 });
    expect(n.hash()).toBe(h1);
    expect(rtas(n, NMI_INTERLOCK, [], 1)).toEqual([0]);
    n.restore([snap0]);
    expect(n.hash()).toBe(h0);
  });
});

describe('ibm,os-term', () => {
  test('keeps the message, answers 0 and ends the run as power-off', () => {
    const m = machine();
    m.ram.write(OUT, new TextEncoder().encode('OS panic: Attempted to kill init!\0junk'));
    expect(rtas(m, OS_TERM, [OUT], 1)).toEqual([0]);
    expect(m.rtasMisc.osTermMessage).toBe('OS panic: Attempted to kill init!');
    expect(m.halted).toBe('power-off');
  });

  test('at most 511 bytes are read; an address with no RAM reads as an empty message', () => {
    const m = machine();
    m.ram.u8.fill(0x41, OUT, OUT + 600);
    rtas(m, OS_TERM, [OUT], 1);
    expect(m.rtasMisc.osTermMessage).toBe('A'.repeat(511));
    const n = machine();
    rtas(n, OS_TERM, [0xf0000000], 1);
    expect(n.rtasMisc.osTermMessage).toBe('');
    expect(n.halted).toBe('power-off');
  });
});
