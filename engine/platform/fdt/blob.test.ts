import { describe, expect, it } from 'vitest';
import { bytes, empty, type Fdt, FdtError, findNode, flattenFdt, getProp, node, parseFdt, readStrings, readU32s, str, strList, u32, u64 } from './blob.js';
import { firstFdtDifference } from './compare.js';

const sample = (): Fdt => ({
  bootCpuidPhys: 3,
  reservations: [{ address: 0x400000n, size: 0x1234n }, { address: 0xffff_ffff_0000_0000n, size: 1n }],
  root: node('', [['#address-cells', u32(2)], ['model', str('x')]], [
    node('cpus', [['#size-cells', u32(0)], ['empty', empty()]], [
      node('cpu@0', [['reg', u32(0)], ['odd', bytes(1, 2, 3)], ['big', u64(0x800000020000000n)]]),
    ]),
    node('chosen', [['compatible', strList('a', 'bc')], ['size-cells', u32(7)]]),
  ]),
});

describe('FDT blob writer/reader', () => {
  it('round-trips a tree', () => {
    const blob = flattenFdt(sample());
    const back = parseFdt(blob);
    expect(firstFdtDifference(sample(), back)).toBeNull();
    expect(readU32s(getProp(findNode(back.root, '/cpus/cpu@0')!, 'big')!)).toEqual([0x8000000, 0x20000000]);
    expect(readStrings(getProp(findNode(back.root, '/chosen')!, 'compatible')!)).toEqual(['a', 'bc']);
    expect(flattenFdt(back)).toEqual(blob);
  });

  it('writes header fields like a packed libfdt tree', () => {
    const blob = flattenFdt(sample());
    const dv = new DataView(blob.buffer);
    const h = (i: number) => dv.getUint32(i * 4);
    expect(h(0)).toBe(0xd00dfeed);
    expect(h(1)).toBe(blob.length);
    expect(h(4)).toBe(40); // reservation map right after the header
    expect(h(2)).toBe(40 + 3 * 16); // then the structure block
    expect(h(3)).toBe(h(2) + h(9)); // then the strings
    expect(h(1)).toBe(h(3) + h(8));
    expect([h(5), h(6), h(7)]).toEqual([17, 16, 3]);
  });

  it('shares a name that is a suffix of an earlier one, as libfdt does', () => {
    const blob = flattenFdt(sample(), { stringsOrder: ['#size-cells'] });
    const dv = new DataView(blob.buffer);
    const strings = new TextDecoder().decode(blob.subarray(dv.getUint32(12), dv.getUint32(12) + dv.getUint32(32)));
    expect(strings.startsWith('#size-cells\0')).toBe(true);
    expect(strings).not.toContain('\0size-cells\0');
    expect(firstFdtDifference(sample(), parseFdt(blob))).toBeNull();
  });

  it('reports the first difference by path and property', () => {
    const a = sample(), b = sample();
    b.root.children[0].children[0].props[1] = ['odd', bytes(1, 2, 4)];
    expect(firstFdtDifference(a, b)).toMatch(/^\/cpus\/cpu@0 property 'odd'/);
  });

  const good = flattenFdt(sample());
  const mutate = (f: (b: Uint8Array, dv: DataView) => void) => {
    const b = good.slice();
    f(b, new DataView(b.buffer));
    return b;
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(0), /shorter than/],
    ['bad magic', mutate((b) => { b[0] = 0; }), /bad magic/],
    ['truncated', good.slice(0, good.length - 10), /truncated/],
    ['struct offset past end', mutate((_, dv) => dv.setUint32(8, 0x7fffffff)), /outside totalsize/],
    ['strings size past end', mutate((_, dv) => dv.setUint32(32, 0x10000)), /outside totalsize/],
    ['misaligned rsvmap', mutate((_, dv) => dv.setUint32(16, 44)), /aligned/],
    ['old version', mutate((_, dv) => dv.setUint32(20, 3)), /version/],
    ['bad token', mutate((_, dv) => dv.setUint32(dv.getUint32(8), 7)), /unknown token/],
    ['bad name offset', mutate((b, dv) => {
      // first property's nameoff: struct starts with BEGIN_NODE, '\0' padded name, PROP, len, nameoff
      dv.setUint32(dv.getUint32(8) + 16, 0xffff);
    }), /name offset/],
    ['property too long', mutate((_, dv) => dv.setUint32(dv.getUint32(8) + 12, 0xfffff)), /runs past/],
    ['no END', mutate((_, dv) => dv.setUint32(dv.getUint32(8) + dv.getUint32(36) - 4, 4)), /truncated/],
    ['random bytes', Uint8Array.from({ length: 200 }, (_, i) => (i * 37 + 11) & 0xff), /bad magic/],
  ];
  it.each(cases)('rejects a malformed blob: %s', (_, blob, msg) => {
    expect(() => parseFdt(blob)).toThrow(FdtError);
    expect(() => parseFdt(blob)).toThrow(msg);
  });

  it('never crashes on any single corrupted byte of the header and first node', () => {
    for (let i = 0; i < 120; i++) {
      for (const v of [0x00, 0xff, 0x80]) {
        const b = good.slice();
        b[i] = v;
        try {
          parseFdt(b);
        } catch (e) {
          expect(e).toBeInstanceOf(FdtError);
        }
      }
    }
  });

  it('rejects bad values and names when writing', () => {
    expect(() => u32(-0x80000001)).toThrow(FdtError);
    expect(() => u32(0x100000000)).toThrow(FdtError);
    expect(() => flattenFdt({ ...sample(), root: node('', [], [node('a/b')]) })).toThrow(FdtError);
  });
});
