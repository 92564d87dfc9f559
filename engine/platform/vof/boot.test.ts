// A -kernel machine boots through our VOF firmware: entry state as QEMU's spapr_vof_reset
// sets it, and a tiny client program calling the CI entry it is given in r5.
import { describe, expect, test } from 'vitest';
import { Machine } from '../../machine.js';
import { FixedInputs } from '../../inputs.js';
import { GPR } from '../../cpu/regs.js';

import { cells, cstr, type Insn, kernelElf } from './test-kernel.js';

const K = 0x400000;
const la = (rt: number, addr: number): Insn[] => [['lis', { RT: rt, SI: (addr >>> 16) << 16 >> 16 }], ['ori', { RA: rt, RS: rt, UI: addr & 0xffff }]];

describe('booting a kernel through VOF', () => {
  test('the firmware enters the kernel at 0x400000 with r3/r4 = initrd, r5 = the CI entry, r1 = 0xffe0', () => {
    const initrd = new Uint8Array(0x300).fill(7);
    const m = new Machine({ kernel: kernelElf([['b', { LI: 0 }]], {}), initrd }, new FixedInputs(), () => {});
    expect(m.cpu.pc).toBe(0x100n);
    m.run(8);
    expect(m.cpu.pc).toBe(BigInt(K));
    const r = (n: number) => m.cpu.u64[GPR + n];
    expect(r(1)).toBe(0xffe0n);
    expect(r(3)).toBe(BigInt(m.initrd!.addr));
    expect(r(4)).toBe(0x300n);
    expect(r(5)).toBe(0x120n);
    expect(m.initrd!.addr).toBe(0x420000); // (kernel end 0x402000 + 0x1ffff) & ~0xffff, as QEMU
  });
  test('a client program: finddevice "/chosen", then getprop "stdout" → the vty ihandle 1', () => {
    const code: Insn[] = [
      ['mr', { RA: 31, RS: 5 }],
      ...la(3, K + 0x1100), ['mtctr', { RS: 31 }], ['bctrl'],
      ['mr', { RA: 20, RS: 3 }],
      ...la(9, K + 0x1100), ['lwz', { RT: 10, RA: 9, D: 16 }], // finddevice's result
      ...la(3, K + 0x1200), ['stw', { RS: 10, RA: 3, D: 12 }], ['mtctr', { RS: 31 }], ['bctrl'],
      ['b', { LI: 0 }],
    ];
    const data = {
      0x1000: cstr('finddevice'), 0x1010: cstr('/chosen'), 0x1020: cstr('getprop'), 0x1030: cstr('stdout'),
      0x1100: cells(K + 0x1000, 1, 1, K + 0x1010, 0xdeadbeef),
      0x1200: cells(K + 0x1020, 4, 1, 0, K + 0x1030, K + 0x1300, 4, 0xdeadbeef),
    };
    const m = new Machine({ kernel: kernelElf(code, data) }, new FixedInputs(), () => {});
    m.run(60);
    const w = (a: number) => m.ram.dv.getUint32(a);
    expect(m.cpu.u64[GPR + 20]).toBe(0n); // H_SUCCESS from the CI stub
    expect(w(K + 0x1110)).toBe(0x1114); // /chosen's phandle
    expect(w(K + 0x121c)).toBe(4); // getprop: the length of stdout
    expect(w(K + 0x1300)).toBe(1); // the vty's ihandle
    expect(m.unknownServices().vof.size).toBe(0);
  });
  test('"write" goes to firmwareOutput, not the console (QEMU\'s VOF only traces it); "milliseconds" follows the virtual time base', () => {
    const code: Insn[] = [
      ['mr', { RA: 31, RS: 5 }],
      ...la(3, K + 0x1100), ['mtctr', { RS: 31 }], ['bctrl'],
      ...la(3, K + 0x1200), ['mtctr', { RS: 31 }], ['bctrl'],
      ['lis', { RT: 7, SI: 0x20 }], ['mtctr', { RS: 7 }], ['bc', { BO: 16, BI: 0, BD: 0 }], // 2 Mi instructions
      ...la(3, K + 0x1300), ['mtctr', { RS: 31 }], ['bctrl'],
      ['b', { LI: 0 }],
    ];
    const data = {
      0x1000: cstr('write'), 0x1010: new TextEncoder().encode('hi from prom\n'), 0x1020: cstr('milliseconds'),
      0x1100: cells(K + 0x1000, 3, 1, 1, K + 0x1010, 13, 0xdeadbeef),
      0x1200: cells(K + 0x1020, 0, 1, 0xdeadbeef),
      0x1300: cells(K + 0x1020, 0, 1, 0xdeadbeef),
    };
    let out = '', consoleOut = '';
    const firmwareOutput = (b: Uint8Array) => { out += Buffer.from(b).toString('latin1'); };
    const m = new Machine({ kernel: kernelElf(code, data), firmwareOutput }, new FixedInputs(), (b) => { consoleOut += Buffer.from(b).toString('latin1'); });
    m.run(0x200000 + 80);
    expect(out).toBe('hi from prom\n');
    expect(consoleOut).toBe('');
    expect(m.ram.dv.getUint32(K + 0x1118)).toBe(0); // write answers 0, as QEMU's vof_write
    expect(m.ram.dv.getUint32(K + 0x120c)).toBe(0); // a few dozen instructions in: 0 ms at 512 MHz
    // 2 Mi instructions later, 1 TB tick each: floor(icount / 512,000) = 4
    expect(m.ram.dv.getUint32(K + 0x130c)).toBe(Math.floor((0x200000 + 40) / 512_000));
  });
});
