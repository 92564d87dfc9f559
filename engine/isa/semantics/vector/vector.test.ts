// Vector facility semantics (Book I ch. 6), worked out by hand from the ISA's RTL. Element
// and byte numbers are the ISA's: byte 0 is the most significant in both byte orders. The
// differential check against qemu-user is fuzz/semantics (which draws every form here).
import { describe, expect, it } from 'vitest';
import type { Cpu } from '../../../cpu/cpu.js';
import { MSR, W_CR, W_VSCR, vrWord } from '../../../cpu/regs.js';
import { VEC_VMX_UNAVAILABLE } from '../../../cpu/vectors.js';
import { newCpu, nia, peek, poke, run, setGpr, srr0 } from '../control-harness.js';

const MSR_VEC = 0x02000000n;
const seq = (from: number, n = 16): number[] => Array.from({ length: n }, (_, i) => (from + i) & 0xff);

function vcpu(le = false): Cpu {
  const c = newCpu({ le });
  c.setMsr(c.u64[MSR] | MSR_VEC);
  return c;
}
function setVr(c: Cpu, n: number, bytes: number[]): void {
  for (let k = 0; k < 4; k++) c.u32[vrWord(n, k)] = ((bytes[4 * k] << 24) | (bytes[4 * k + 1] << 16) | (bytes[4 * k + 2] << 8) | bytes[4 * k + 3]) >>> 0;
}
function vr(c: Cpu, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < 4; k++) { const w = c.u32[vrWord(n, k)]; out.push(w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff); }
  return out;
}
const cr6 = (c: Cpu): number => (c.u32[W_CR] >>> 4) & 0xf;

describe('storage access (§6.7)', () => {
  it('lvx/stvx: the aligned quadword; byte EA is element 0 in BE, element 15 in LE', () => {
    for (const le of [false, true]) {
      const c = vcpu(le);
      poke(c, 0x2000, seq(0x10));
      setGpr(c, 3, 0x2000n); setGpr(c, 4, 0x0bn); // EA 0x200b: the low 4 bits are ignored
      run(c, 'lvx', { VRT: 1, RA: 3, RB: 4 });
      expect(vr(c, 1)).toEqual(le ? seq(0x10).reverse() : seq(0x10));
      setGpr(c, 4, 0x105n);
      run(c, 'stvx', { VRS: 1, RA: 3, RB: 4 }); // to 0x2100
      expect(peek(c, 0x2100, 16)).toEqual(seq(0x10));
    }
  });
  it('element loads and stores: element (EA & 15) / size, mirrored in LE; others kept', () => {
    const c = vcpu();
    setVr(c, 2, new Array(16).fill(0xee));
    poke(c, 0x3000, seq(0x40));
    setGpr(c, 5, 0x3006n);
    run(c, 'lvehx', { VRT: 2, RA: 0, RB: 5 }); // halfword 3 = bytes 6,7
    expect(vr(c, 2)).toEqual([0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0x46, 0x47, ...new Array(8).fill(0xee)]);
    setGpr(c, 5, 0x3009n);
    run(c, 'lvewx', { VRT: 2, RA: 0, RB: 5 }); // EA aligned down to 0x3008: word 2
    expect(vr(c, 2).slice(8, 12)).toEqual([0x48, 0x49, 0x4a, 0x4b]);
    const le = vcpu(true);
    poke(le, 0x3000, seq(0x40));
    setGpr(le, 5, 0x3001n);
    run(le, 'lvebx', { VRT: 3, RA: 0, RB: 5 }); // LE: byte 1 of storage is element 14
    expect(vr(le, 3)[14]).toBe(0x41);
    setGpr(le, 5, 0x3104n);
    setVr(le, 4, seq(0x80));
    run(le, 'stvewx', { VRS: 4, RA: 0, RB: 5 }); // word element 4 - 1 - 1 = 2, stored LE
    expect(peek(le, 0x3104, 4)).toEqual([0x8b, 0x8a, 0x89, 0x88]);
  });
  it('lvsl/lvsr: the permute control vectors for sh = EA & 15', () => {
    const c = vcpu(true); // independent of byte order
    setGpr(c, 3, 0x1233n);
    run(c, 'lvsl', { VRT: 5, RA: 0, RB: 3 });
    expect(vr(c, 5)).toEqual(seq(3));
    run(c, 'lvsr', { VRT: 6, RA: 0, RB: 3 });
    expect(vr(c, 6)).toEqual(seq(13));
  });
});

describe('permute and formatting (§6.8)', () => {
  it('vperm picks bytes of VRA || VRB by the low 5 bits of VRC', () => {
    const c = vcpu();
    setVr(c, 1, seq(0x00)); setVr(c, 2, seq(0x10));
    setVr(c, 3, [0x1f, 0x00, 0xe1, 0x10, ...seq(4, 12)]); // 0xe1 & 31 = 1
    run(c, 'vperm', { VRT: 4, VRA: 1, VRB: 2, VRC: 3 });
    expect(vr(c, 4)).toEqual([0x1f, 0x00, 0x01, 0x10, ...seq(4, 12)]);
  });
  it('vsldoi, vsel, merges and splats', () => {
    const c = vcpu();
    setVr(c, 1, seq(0x00)); setVr(c, 2, seq(0x10));
    run(c, 'vsldoi', { VRT: 3, VRA: 1, VRB: 2, SHB: 5 });
    expect(vr(c, 3)).toEqual(seq(5));
    setVr(c, 4, [0xff, 0, 0xf0, ...new Array(13).fill(0)]);
    run(c, 'vsel', { VRT: 5, VRA: 1, VRB: 2, VRC: 4 });
    expect(vr(c, 5).slice(0, 4)).toEqual([0x10, 0x01, 0x12 & 0xf0 | 0x02 & 0x0f, 0x03]);
    run(c, 'vmrghb', { VRT: 6, VRA: 1, VRB: 2 });
    expect(vr(c, 6)).toEqual([0, 0x10, 1, 0x11, 2, 0x12, 3, 0x13, 4, 0x14, 5, 0x15, 6, 0x16, 7, 0x17]);
    run(c, 'vmrglw', { VRT: 6, VRA: 1, VRB: 2 });
    expect(vr(c, 6)).toEqual([8, 9, 10, 11, 0x18, 0x19, 0x1a, 0x1b, 12, 13, 14, 15, 0x1c, 0x1d, 0x1e, 0x1f]);
    run(c, 'vsplth', { VRT: 7, VRB: 2, UIM3: 5 });
    expect(vr(c, 7)).toEqual(new Array(8).fill([0x1a, 0x1b]).flat());
    run(c, 'vspltisw', { VRT: 8, SIM: -2 });
    expect(vr(c, 8)).toEqual(new Array(4).fill([0xff, 0xff, 0xff, 0xfe]).flat());
  });
  it('vsl/vsr shift the whole register by bits, vslo/vsro by octets (VRB byte 15)', () => {
    const c = vcpu();
    setVr(c, 1, [0x80, ...new Array(14).fill(0), 0x01]);
    setVr(c, 2, new Array(16).fill(0x03)); // 3 bits; octets (0x03 >> 3) & 15 = 0
    run(c, 'vsl', { VRT: 3, VRA: 1, VRB: 2 });
    expect(vr(c, 3)).toEqual([...new Array(15).fill(0), 0x08]); // the top bit leaves
    run(c, 'vsr', { VRT: 3, VRA: 1, VRB: 2 });
    expect(vr(c, 3)).toEqual([0x10, ...new Array(14).fill(0), 0x00]);
    setVr(c, 2, [...new Array(15).fill(0), 2 << 3]);
    run(c, 'vslo', { VRT: 4, VRA: 1, VRB: 2 });
    expect(vr(c, 4)).toEqual([...new Array(13).fill(0), 0x01, 0, 0]);
  });
});

describe('integer (§6.9)', () => {
  it('modulo add/subtract wrap per element', () => {
    const c = vcpu();
    setVr(c, 1, new Array(16).fill(0xff)); setVr(c, 2, [...new Array(15).fill(0), 1]);
    run(c, 'vadduhm', { VRT: 3, VRA: 1, VRB: 2 });
    expect(vr(c, 3)).toEqual([...new Array(14).fill(0xff), 0x00, 0x00]);
    run(c, 'vaddudm', { VRT: 3, VRA: 1, VRB: 2 });
    expect(vr(c, 3)).toEqual([...new Array(8).fill(0xff), ...new Array(8).fill(0)]);
    run(c, 'vsubuwm', { VRT: 4, VRA: 2, VRB: 1 }); // 1 - (-1) = 2 in the last word, 0 - (-1) = 1 elsewhere
    expect(vr(c, 4)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
  });
  it('compares set all-ones elements; the dot forms set CR6 all/none', () => {
    const c = vcpu();
    setVr(c, 1, seq(0)); setVr(c, 2, seq(0));
    run(c, 'vcmpequb.', { VRT: 3, VRA: 1, VRB: 2 });
    expect(vr(c, 3)).toEqual(new Array(16).fill(0xff));
    expect(cr6(c)).toBe(0b1000);
    setVr(c, 2, [0x80, ...seq(1, 15)]);
    run(c, 'vcmpgtsb.', { VRT: 3, VRA: 1, VRB: 2 }); // 0 > -128 only in byte 0
    expect(vr(c, 3)).toEqual([0xff, ...new Array(15).fill(0)]);
    expect(cr6(c)).toBe(0);
    run(c, 'vcmpgtub.', { VRT: 3, VRA: 1, VRB: 2 }); // 0 > 0x80 unsigned: never
    expect(cr6(c)).toBe(0b0010);
    run(c, 'vcmpgtud', { VRT: 3, VRA: 2, VRB: 1 }); // the first doubleword is larger
    expect(vr(c, 3)).toEqual([...new Array(8).fill(0xff), ...new Array(8).fill(0)]);
  });
  it('element rotates and shifts use the low log2(bits) bits of VRB\'s element', () => {
    const c = vcpu();
    setVr(c, 1, new Array(4).fill([0x80, 0, 0, 0x01]).flat());
    setVr(c, 2, new Array(4).fill([0, 0, 0, 33]).flat()); // 33 & 31 = 1
    run(c, 'vrlw', { VRT: 3, VRA: 1, VRB: 2 });
    expect(vr(c, 3).slice(0, 4)).toEqual([0, 0, 0, 0x03]);
    run(c, 'vsraw', { VRT: 3, VRA: 1, VRB: 2 });
    expect(vr(c, 3).slice(0, 4)).toEqual([0xc0, 0, 0, 0]);
    run(c, 'vsrw', { VRT: 3, VRA: 1, VRB: 2 });
    expect(vr(c, 3).slice(0, 4)).toEqual([0x40, 0, 0, 0]);
    setVr(c, 2, new Array(2).fill([0, 0, 0, 0, 0, 0, 0, 68]).flat()); // 68 & 63 = 4
    run(c, 'vrld', { VRT: 3, VRA: 1, VRB: 2 }); // 0x8000000180000001 rotl 4
    expect(vr(c, 3).slice(0, 8)).toEqual([0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00, 0x18]);
  });
  it('logical forms, and mfvscr/mtvscr through word 3', () => {
    const c = vcpu();
    setVr(c, 1, new Array(16).fill(0xf0)); setVr(c, 2, new Array(16).fill(0x3c));
    run(c, 'vandc', { VRT: 3, VRA: 1, VRB: 2 });
    expect(vr(c, 3)[0]).toBe(0xc0);
    run(c, 'veqv', { VRT: 3, VRA: 1, VRB: 2 });
    expect(vr(c, 3)[0]).toBe(0x33);
    setVr(c, 4, [...new Array(12).fill(0xaa), 0, 1, 0, 1]);
    run(c, 'mtvscr', { VRB: 4 });
    expect(c.u32[W_VSCR]).toBe(0x00010001); // NJ (bit 15) and SAT (bit 31)
    run(c, 'mfvscr', { VRT: 5 });
    expect(vr(c, 5)).toEqual([...new Array(12).fill(0), 0, 1, 0, 1]);
  });
});

describe('facility', () => {
  it('with MSR[VEC] = 0 a vector instruction takes the Vector Unavailable interrupt', () => {
    const c = newCpu();
    expect(run(c, 'vor', { VRT: 1, VRA: 2, VRB: 3 })).toBe(false);
    expect(nia(c)).toBe(BigInt(VEC_VMX_UNAVAILABLE));
    expect(srr0(c)).toBe(0x1000n);
  });
  it('the data-stream hints need no facility; dst with RA = 0 is illegal (QEMU 7.2)', () => {
    const c = newCpu();
    expect(run(c, 'dssall', {})).toBe(true);
    expect(run(c, 'dst', { RA: 3, RB: 4, STRM: 1 })).toBe(true);
    expect(run(c, 'dst', { RA: 0, RB: 4, STRM: 1 })).toBe(false);
    expect(nia(c)).toBe(0x700n);
  });
});
