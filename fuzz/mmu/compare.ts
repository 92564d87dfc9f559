// The engine's observed outcome of one access against the model's: the vector taken (or
// normal completion), SRR0/SRR1, DAR/DSISR, the data moved, and the HPT bytes.
//
// An access crossing a 4 KB boundary has two parts (case.ts). When the second part faults,
// the ISA lets the first part be performed (Book II §1.4 / Book III-S §6.5.3: a misaligned
// access may be partially performed): its bytes and its HPTE's R (and C) are then not
// checked, and DAR may name either the first byte of the access or the first byte of the
// second part.

import { HPTE_BYTES, HPTE_C, HPTE_R, SRR1_CAUSE_BITS, readHpte, hex } from '../../oracle/mmu-model/index.js';
import { fetchWord, type Observation, type Plant } from './engine-adapter.js';
import { describeHpte, formatParts, reached, type AccessPart, type MmuCase } from './case.js';

const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);

/** The value's bytes, big-endian. */
const beBytes = (v: number): number[] => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];

/** What to place in RAM before running, so a correct translation can be seen to be one: the
 *  loaded word at the real address of each part, or the `li r3` a fetch will execute. */
export function plantFor(c: MmuCase, parts: readonly AccessPart[]): Plant[] {
  if (c.access === 'store' || reached(parts).some((p) => p.t.kind !== 'ok')) return [];
  const bytes = beBytes(c.access === 'fetch' ? fetchWord(c.value) : c.value >>> 0);
  let k = 0;
  return parts.map((p) => {
    const t = p.t as Extract<typeof p.t, { kind: 'ok' }>;
    const b = bytes.slice(k, k + p.len);
    k += p.len;
    return { ra: t.ra, bytes: b };
  });
}

export function compareOutcome(c: MmuCase, hptBefore: Uint8Array, parts: readonly AccessPart[], o: Observation): string[] {
  if (o.setupError) return [o.setupError];
  const m: string[] = [];
  const want = formatParts(parts);
  const eq = (what: string, got: bigint, exp: bigint) => {
    if (got !== exp) m.push(`${what} = ${hex(got)}, expected ${hex(exp)} (model: ${want})`);
  };
  const fetch = c.access === 'fetch';
  const r = reached(parts);
  const last = r[r.length - 1];
  const t = last.t;

  if (t.kind === 'ok') {
    eq('NIA after the access', o.nia, o.testPc + 4n);
    if (o.nia !== o.testPc + 4n) {
      m.push(`  (the engine took an interrupt: SRR0 ${hex(o.srr0)}, SRR1 ${hex(o.srr1)}, DAR ${hex(o.dar)}, DSISR ${hex(o.dsisr, 8)})`);
    } else if (c.access === 'load') {
      eq(`r5 (the word at RA ${parts.map((p) => hex((p.t as { ra: bigint }).ra)).join(' + ')})`, o.r5, BigInt(c.value >>> 0));
    } else if (c.access === 'store') {
      const stored = beBytes(c.value >>> 0);
      let k = 0;
      for (const p of parts) {
        const ra = Number((p.t as { ra: bigint }).ra);
        const got = [...o.ram.subarray(ra, ra + p.len)];
        const exp = stored.slice(k, k + p.len);
        k += p.len;
        if (got.join() !== exp.join()) m.push(`the ${p.len} bytes at RA ${hex(ra)} = [${got.map((x) => hex(x, 2))}], expected the stored [${exp.map((x) => hex(x, 2))}] (model: ${want})`);
      }
    } else eq(`r3 (set by the li at RA ${hex((t as { ra: bigint }).ra)})`, o.r3, u64(BigInt((c.value << 16) >> 16)));
  } else if (t.kind === 'real') {
    m.push('the model says translation is off: the harness never makes such an access');
  } else {
    eq('NIA (the vector)', o.nia, BigInt(t.vector));
    eq('SRR0', o.srr0, fetch ? c.ea : o.testPc);
    const cause = t.kind === 'storage' && fetch ? BigInt(t.srr1Bits ?? 0) : 0n;
    eq('SRR1', o.srr1, (o.msrBefore & ~BigInt(SRR1_CAUSE_BITS)) | cause);
    if (!fetch) {
      if (r.length === 1) eq('DAR', o.dar, c.ea);
      else if (o.dar !== c.ea && o.dar !== last.ea) m.push(`DAR = ${hex(o.dar)}, expected ${hex(c.ea)} or ${hex(last.ea)} (the second part faults; model: ${want})`);
      if (t.kind === 'storage') eq('DSISR', o.dsisr, BigInt(t.dsisr ?? 0));
    }
  }

  m.push(...compareHpt(hptBefore, o.hpt, r, c.access === 'store'));
  return m;
}

/** Every HPTE's bytes after the access against before. Bits that must be set: R of each
 *  HPTE used by a completed access, and C for a store. Bits that may be set: R of an HPTE
 *  matched by a faulting part (the ISA lets R record an attempted access, §5.7.8), and R
 *  and C of the first part's HPTE when the second part faults (partially performed). No
 *  other bit of any HPTE may change. */
function compareHpt(before: Uint8Array, after: Uint8Array, r: readonly AccessPart[], store: boolean): string[] {
  if (after.length !== before.length) return [`the engine's HPT is ${after.length} bytes, expected ${before.length}`];
  const must = new Map<number, bigint>(), may = new Map<number, bigint>();
  const add = (map: Map<number, bigint>, i: number, bits: bigint) => map.set(i, (map.get(i) ?? 0n) | bits);
  const completed = r[r.length - 1].t.kind === 'ok';
  const rc = HPTE_R | (store ? HPTE_C : 0n);
  for (const p of r) {
    if (p.t.kind === 'ok') add(completed ? must : may, p.t.hpteIndex, rc);
    else if (p.t.kind === 'storage' && p.t.hpteIndex !== undefined) add(may, p.t.hpteIndex, HPTE_R);
  }
  const m: string[] = [];
  const w32 = (a: Uint8Array) => (a.byteOffset % 4 === 0 ? new Uint32Array(a.buffer, a.byteOffset, a.length >> 2) : new Uint32Array(a.slice().buffer));
  const bw = w32(before), aw = w32(after);
  for (let i = 0; i < before.length / HPTE_BYTES; i++) {
    const w = i * 4;
    const same = bw[w] === aw[w] && bw[w + 1] === aw[w + 1] && bw[w + 2] === aw[w + 2] && bw[w + 3] === aw[w + 3];
    if (same && !must.has(i)) continue;
    const [b0, b1] = readHpte(before, i), [a0, a1] = readHpte(after, i);
    const mustBits = must.get(i) ?? 0n, mayBits = may.get(i) ?? 0n;
    const fixed = ~mayBits;
    const ok = a0 === b0 && (a1 & fixed) === ((b1 | mustBits) & fixed) && (a1 & mayBits & b1) === (b1 & mayBits);
    if (!ok) {
      const rule = mustBits ? `the HPTE used: ${mustBits & HPTE_C ? 'R and C' : 'R'} set, nothing else changed`
        : mayBits ? `matched by an access that faulted: only ${mayBits & HPTE_C ? 'R and C' : 'R'} may be set` : 'not used: unchanged';
      m.push(`HPTE ${hex(i)}: ${hex(b0, 16)} ${hex(b1, 16)} became ${hex(a0, 16)} ${hex(a1, 16)}, expected ${hex(b0, 16)} ${hex(b1 | mustBits, 16)} (${rule}; ${describeHpte(b0, b1)})`);
    }
  }
  return m;
}
