// Checks that need no QEMU: pinned facts measured from QEMU 7.2 (see boot-facts.md).
import { describe, expect, it } from 'vitest';
import { findNode, getProp, parseFdt, readStrings, readU32s } from './blob.js';
import { firstFdtDifference } from './compare.js';
import { drcListingOrder, pseriesDrcs } from './drc.js';
import { gHashTableOrder, gStrHash } from './ghash-order.js';
import { buildPseriesFdt, buildPseriesTree, flattenPseriesTree, type PseriesConfig, RTAS_TOKENS } from './pseries.js';
import { qemuCasRngSeed, qemuRngSeed } from './qemu-seed.js';

const cfg: PseriesConfig = { ramBytes: 512 << 20, cpuModel: 'POWER8', vty: true, rng: true, rngSeed: qemuRngSeed(1) };

describe('pseries tree', () => {
  it('has QEMU 7.2 RTAS tokens', () => {
    expect(RTAS_TOKENS['display-character']).toBe(0x2000);
    expect(RTAS_TOKENS['power-off']).toBe(0x2003);
    expect(RTAS_TOKENS['ibm,nmi-interlock']).toBe(0x202c);
    const rtas = findNode(buildPseriesTree(cfg).root, '/rtas')!;
    expect(readU32s(getProp(rtas, 'power-off')!)).toEqual([0x2003]);
    expect(readU32s(getProp(rtas, 'rtas-size')!)).toEqual([0x82c]);
  });

  it('has the console, memory and chosen values', () => {
    const t = buildPseriesTree({ ...cfg, bootargs: 'quiet', kernel: { addr: 0x400000, size: 0x1000 } });
    expect(readStrings(getProp(findNode(t.root, '/chosen')!, 'stdout-path')!)).toEqual(['/vdevice/vty@71000001']);
    expect(readStrings(getProp(findNode(t.root, '/chosen')!, 'bootargs')!)).toEqual(['quiet']);
    expect(readU32s(getProp(findNode(t.root, '/memory@0')!, 'reg')!)).toEqual([0, 0, 0, 0x20000000]);
    expect(readU32s(getProp(findNode(t.root, '/cpus/PowerPC,POWER8@0')!, 'ibm,pft-size')!)).toEqual([0, 22]);
    expect(t.reservations).toEqual([{ address: 0x400000n, size: 0x1000n }]);
    expect(t.root.children.map((c) => c.name)).toEqual(['ibm,persistent-memory', 'chosen', 'rtas', 'event-sources',
      'cpus', 'pci@800000020000000', 'ibm,platform-facilities', 'vdevice', 'memory@0', 'interrupt-controller']);
  });

  it('flattens to a blob that parses back to the same tree', () => {
    const t = buildPseriesTree(cfg);
    expect(firstFdtDifference(parseFdt(buildPseriesFdt(cfg)), t)).toBeNull();
    expect(firstFdtDifference(parseFdt(flattenPseriesTree(t)), t)).toBeNull();
    expect(buildPseriesFdt(cfg).length).toBe(14170); // QEMU 7.2's totalsize for this config
  });

  it('rejects configurations QEMU rejects', () => {
    expect(() => buildPseriesTree({ ...cfg, ramBytes: 128 << 20 })).toThrow(/256 MiB/);
    expect(() => buildPseriesTree({ ...cfg, rngSeed: new Uint8Array(8) })).toThrow(/32 bytes/);
  });
});

describe('QEMU helpers', () => {
  it('reproduces QEMU rng-seed for -seed 1 and -seed 2', () => {
    expect(readU32s(qemuRngSeed(1)).slice(0, 2)).toEqual([0xdf6af1d8, 0x303e61cd]);
    expect(readU32s(qemuRngSeed(2)).slice(0, 2)).toEqual([0x1ff46837, 0x12c212bc]);
  });

  it('reproduces the rng-seed of the tree QEMU rebuilds at CAS, -seed 1 (dumped after CAS)', () => {
    expect(Buffer.from(qemuCasRngSeed(1)).toString('hex')).toBe('ebf650070861c6870216ef18f1f3cd808848a8484a4eac2c2cc1917a2baaa117');
  });

  it('models the GLib hash-table order of the DRC container', () => {
    expect(gStrHash('')).toBe(5381);
    expect(gHashTableOrder(['a', 'b', 'a'])).toHaveLength(2);
    const phbs = drcListingOrder(pseriesDrcs(1)).filter((d) => d.kind === 'PHB').map((d) => d.id);
    expect(phbs.slice(0, 8)).toEqual([15, 8, 9, 16, 17, 18, 19, 26]); // as in QEMU 7.2's /ibm,drc-indexes
  });
});
