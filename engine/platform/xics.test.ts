// The ICS's level-sensitive (LSI) path, which no source of this board uses yet (PCI LSIs
// will): a level stays asserted until the device drops it, is sent once, and is sent again
// after EOI while still asserted (QEMU 7.2 hw/intc/xics.c semantics, reasoned by hand).
import { describe, expect, test } from 'vitest';
import { boot, image } from '../testing.js';
import { XICS_IRQ_BASE, XICS_NR_IRQS } from './xics.js';

const LSI = 0x1200;

function setup() {
  const { m } = boot(image({ 0x100: [['b', { LI: 0 }]] }));
  m.xics.claim(LSI, true);
  m.xics.setCppr(0xff);
  return m;
}

describe('ICS level sources', () => {
  test('an asserted masked LSI is sent when unmasked, and again after EOI while it stays high', () => {
    const m = setup(), x = m.xics;
    x.setIrq(LSI, true);
    expect(m.cpu.externalPending).toBe(false); // priority 0xff at reset
    x.writeXive(LSI, 0, 5, 5);
    expect(m.cpu.externalPending).toBe(true);
    expect(x.accept()).toBe(0xff001200);
    x.eoi(0xff001200);
    expect(m.cpu.externalPending).toBe(true); // still asserted: presented again
    expect(x.accept()).toBe(0xff001200);
    x.setIrq(LSI, false);
    x.eoi(0xff001200);
    expect(m.cpu.externalPending).toBe(false);
  });

  test('a refused LSI is offered again when CPPR allows it', () => {
    const m = setup(), x = m.xics;
    x.writeXive(LSI, 0, 5, 5);
    x.setCppr(3);
    x.setIrq(LSI, true);
    expect(m.cpu.externalPending).toBe(false);
    x.setCppr(0xff);
    expect(x.ipoll().xirr).toBe(0xff001200);
  });

  test('the ICS spans 0x1000..0x1fff; claiming outside it throws', () => {
    const m = setup();
    expect(m.xics.validIrq(XICS_IRQ_BASE)).toBe(true);
    expect(m.xics.validIrq(XICS_IRQ_BASE + XICS_NR_IRQS)).toBe(false);
    expect(() => m.xics.claim(0x2000, false)).toThrow(RangeError);
  });
});
