// Condition Register logical instructions and mcrf (Book I §2.5). Truth tables from the ISA.
import { describe, expect, it } from 'vitest';
import { W_CR } from '../../cpu/regs.js';
import { newCpu, run } from './control-harness.js';

// [name, result for (a,b) = (0,0), (0,1), (1,0), (1,1)]
const TABLE: [string, number[]][] = [
  ['crand', [0, 0, 0, 1]],
  ['cror', [0, 1, 1, 1]],
  ['crxor', [0, 1, 1, 0]],
  ['crnand', [1, 1, 1, 0]],
  ['crnor', [1, 0, 0, 0]],
  ['creqv', [1, 0, 0, 1]],
  ['crandc', [0, 0, 1, 0]], // a & ~b
  ['crorc', [1, 0, 1, 1]], // a | ~b
];

describe('CR logical', () => {
  for (const [name, truth] of TABLE) {
    it(`${name}: truth table, other CR bits untouched`, () => {
      for (let i = 0; i < 4; i++) {
        const a = i >> 1, b = i & 1;
        for (const others of [0, 0xffffffff]) {
          const c = newCpu();
          // BA = 5, BB = 17, BT = 30; all other bits = `others`
          let cr = others;
          cr = a ? cr | (1 << (31 - 5)) : cr & ~(1 << (31 - 5));
          cr = b ? cr | (1 << (31 - 17)) : cr & ~(1 << (31 - 17));
          c.u32[W_CR] = cr >>> 0;
          run(c, name, { BT: 30, BA: 5, BB: 17 });
          const bt = 1 << (31 - 30);
          expect((c.u32[W_CR] & bt) !== 0 ? 1 : 0).toBe(truth[i]);
          expect((c.u32[W_CR] & ~bt) >>> 0).toBe((cr & ~bt) >>> 0);
        }
      }
    });
  }
  it('crxor x,x,x clears (crclr); creqv x,x,x sets (crset); BT may equal BA', () => {
    const c = newCpu();
    c.u32[W_CR] = 0xffffffff;
    run(c, 'crxor', { BT: 0, BA: 0, BB: 0 });
    expect(c.u32[W_CR]).toBe(0x7fffffff);
    run(c, 'creqv', { BT: 31, BA: 31, BB: 31 });
    expect(c.u32[W_CR]).toBe(0x7fffffff);
    run(c, 'crnor', { BT: 1, BA: 1, BB: 1 }); // crnot 1,1
    expect(c.u32[W_CR]).toBe(0x3fffffff);
  });
});

describe('mcrf', () => {
  it('copies one 4-bit field to another', () => {
    const c = newCpu();
    c.u32[W_CR] = 0x12345678;
    run(c, 'mcrf', { BF: 7, BFA: 0 });
    expect(c.u32[W_CR]).toBe(0x12345671);
    run(c, 'mcrf', { BF: 0, BFA: 6 });
    expect(c.u32[W_CR]).toBe(0x72345671);
    run(c, 'mcrf', { BF: 3, BFA: 3 });
    expect(c.u32[W_CR]).toBe(0x72345671);
  });
});
