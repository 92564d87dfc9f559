// The MMU fuzz harness: its instruction words, its arbitraries' reach, its regression file
// format, and the property (engine = reference model) with a fixed seed; kept regressions
// live in corpus/regressions/ (fuzz/regressions.test.ts). The model's own
// unit tests are in oracle/mmu-model/model.test.ts.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { encode } from '../../engine/isa/encode.js';
import { isync, li, lwz, mtspr, rfid, slbia, slbmte, stw } from './asm.js';
import { mmuProperty, mmuSequenceProperty, outcomeTally, runMmuCampaign } from './properties.js';
import { checkMmuRegression, mmuRegressionText, mmuSequenceRegressionText, parseMmuRegression } from './regression.js';
import { checkSequence, modelSequence, sequenceArb, type MmuSequence, type SequenceStep } from './sequence.js';
import { expectParts, formatParts } from './case.js';
import { mmuCaseArb, mmuCaseArbFor } from './arbitraries.js';


describe('harness instruction words', () => {
  test('match the table encoder', () => {
    expect(slbmte(8, 9)).toBe(encode('slbmte', { RS: 8, RB: 9 }));
    expect(slbia()).toBe(encode('slbia', {}));
    expect(mtspr(29, 7)).toBe(encode('mtspr', { SPR: 29, RS: 7 }));
    expect(mtspr(27, 31)).toBe(encode('mtspr', { SPR: 27, RS: 31 }));
    expect(lwz(5, 4)).toBe(encode('lwz', { RT: 5, RA: 4, D: 0 }));
    expect(stw(6, 4)).toBe(encode('stw', { RS: 6, RA: 4, D: 0 }));
    expect(rfid()).toBe(encode('rfid', {}));
    expect(isync()).toBe(encode('isync', {}));
    expect(li(3, 0xfffe)).toBe(encode('addi', { RT: 3, RA: 0, SI: -2 }));
  });
});

describe('arbitraries', () => {
  test('reach every outcome: ok, segment, no PTE, protection, no-execute, key', () => {
    const t = outcomeTally(1, 3000);
    const has = (re: RegExp) => Object.entries(t).filter(([k]) => re.test(k)).reduce((n, [, v]) => n + v, 0);
    for (const a of ['load', 'store', 'fetch']) {
      expect(has(new RegExp(`^${a} ok`)), a).toBeGreaterThan(100);
      expect(has(new RegExp(`^${a} segment`)), a).toBeGreaterThan(20);
    }
    expect(has(/^load storage 40000000$/)).toBeGreaterThan(20); // no PTE
    expect(has(/^store storage 42000000$/)).toBeGreaterThan(20);
    expect(has(/^fetch storage 40000000$/)).toBeGreaterThan(20);
    expect(has(/^store storage a000000$/)).toBeGreaterThan(10); // PP
    expect(has(/^load storage 8000000$/)).toBeGreaterThan(5);
    expect(has(/^fetch storage 10000000$/)).toBeGreaterThan(20); // N or G
    expect(has(/^fetch storage 8000000$/)).toBeGreaterThan(5);
    expect(has(/^(load|store) storage \w*2\w{5}$/)).toBeGreaterThan(10); // key (DSISR bit 42)
  });
  test('regression text round-trips any generated case', () => {
    fc.assert(fc.property(mmuCaseArb, (c) => {
      const text = mmuRegressionText(c, { seed: 0, path: '' });
      const r = parseMmuRegression(text);
      if (r.kind !== 'single') throw new Error('parsed as a sequence');
      expect(formatParts(expectParts(r.case))).toBe(formatParts(expectParts(c)));
      expect(r.expect).toBe(formatParts(expectParts(c)));
    }), { seed: 7, numRuns: 100 });
  });
  test('sequence regression text round-trips any generated sequence', () => {
    fc.assert(fc.property(sequenceArb, (q) => {
      const r = parseMmuRegression(mmuSequenceRegressionText(q, { seed: 0, path: '' }));
      if (r.kind !== 'sequence') throw new Error('parsed as a single case');
      expect(r.sequence.steps.map((s) => [s.access, s.pr, s.amr, s.ea, s.value, s.slb])).toEqual(q.steps.map((s) => [s.access, s.pr, s.amr, s.ea, s.value, s.slb]));
      expect(r.expects).toEqual(modelSequence(q).map(formatParts));
    }), { seed: 8, numRuns: 50 });
  });
});

// Example A of model.test.ts: VSID 0x123456, EA 0x1234_5678 (4K page) → primary PTEG 0x713,
// HPTE 0x713 * 8 = 0x3898; RPN 0x12 → RA 0x12678.
const HAND_WRITTEN = `# pseries-rr regression: mmu (fast-check seed none, path none)
# written by hand: a load through a 4K page of a 256M segment
hpt-log2 18
pr 0
amr 0x0
slb 0 esid=0x1 v=1 b=256M vsid=0x123456 ks=0 kp=1 n=0 l=0 lp=0 c=0
slb 1 esid=0x1 v=0 b=1T vsid=0x0 ks=1 kp=1 n=1 l=1 lp=1 c=1     # invalid: ignored
hpte 0x3898 0x0000000123456201 0x0000000000012002                # PP = 010
hpte 0x0760 0x0000000123456203 0x0000000000034002                # H = 1 but in PTEG 0xec: shadowed by the primary
access load
ea 0x12345678
value 0xcafe0001
expect ok ra=0x12678 hpte=0x3898 setC=0
`;

// A load of the last 2 bytes of segment 0 and the first 2 of segment 1, which has no SLB
// entry. VSID 0x42, EA 0x0fff_fffe: page 0xffff → hash 0x42 ^ 0xffff = 0xffbd → PTEG 0x7bd,
// HPTE 0x7bd * 8 = 0x3de8; dword 0 = (0x42 << 12) | (EA(36:40) = 0x1f) << 7 | V = 0x42f81.
const CROSSING = `# pseries-rr regression: mmu (fast-check seed none, path none)
hpt-log2 18
pr 0
amr 0x0
slb 0 esid=0x0 v=1 b=256M vsid=0x42 ks=0 kp=0 n=0 l=0 lp=0 c=0
hpte 0x3de8 0x0000000000042f81 0x0000000000020002
access load
ea 0x0ffffffe
value 0x01020304
expect ok ra=0x20ffe hpte=0x3de8 setC=0 + segment 0x380
`;

describe('regression files', () => {
  test('a load crossing into a segment with no SLB entry: data segment interrupt', () => {
    expect(checkMmuRegression(CROSSING, { engine: true })).toEqual([]);
  });
  test('a hand-written file parses, the model agrees with it, and it runs on the engine', () => {
    const r = parseMmuRegression(HAND_WRITTEN);
    if (r.kind !== 'single') throw new Error('parsed as a sequence');
    expect(r.case.slb).toHaveLength(2);
    expect(r.case.hptes).toHaveLength(2);
    expect(checkMmuRegression(HAND_WRITTEN, { engine: false })).toEqual([]);
    // Problem state with Kp = 1 and PP = 010: still read/write; as a store → C set.
    const store = HAND_WRITTEN.replace('pr 0', 'pr 1').replace('access load', 'access store');
    expect(checkMmuRegression(store, { engine: false })).toEqual(["the model now says 'ok ra=0x12678 hpte=0x3898 setC=1', the file expects 'ok ra=0x12678 hpte=0x3898 setC=0'"]);
    expect(checkMmuRegression(HAND_WRITTEN)).toEqual([]);
  });
  test('malformed files are reported by line', () => {
    expect(checkMmuRegression(HAND_WRITTEN.replace('access load', 'access jump'))[0]).toMatch(/line 10: access must be/);
    expect(checkMmuRegression(HAND_WRITTEN.replace(/^expect.*$/m, ''))[0]).toMatch(/missing 'expect'/);
  });
});

// Sequences on one Cpu, by hand: example A's page (PP = 001, R = C = 0 to begin with), then
// what a cached translation must not survive.
const A_SLBE = { esid: 1n, v: true, b: '256M' as const, vsid: 0x123456n, ks: false, kp: false, n: false, l: false, lp: 0, c: false };
const A_LOAD: SequenceStep = { access: 'load', ea: 0x12345678n, pr: false, amr: 0n, value: 0x11, slb: [A_SLBE] };
const seq = (...steps: Array<Partial<SequenceStep>>): MmuSequence =>
  ({ hptLog2: 18, hptes: [{ index: 0x3898, d0: 0x1_2345_6201n, d1: 0x12001n }], steps: steps.map((s) => ({ ...A_LOAD, ...s })) });
const OK = 'ok ra=0x12678 hpte=0x3898 setC=0', OK_C = 'ok ra=0x12678 hpte=0x3898 setC=1';
const HAND_SEQUENCES: Array<[string, MmuSequence, string[]]> = [
  ['a load, then a store sets C', seq({}, { access: 'store' }, {}), [OK, OK_C, OK]],
  ['AMR changes between accesses (key 0: bits 0 store, 1 load)', seq({}, { amr: 1n << 62n }, { amr: 1n << 63n, access: 'store' }, { amr: 0n }),
    [OK, 'storage 0x300 dsisr=0x00200000 hpte=0x3898', 'storage 0x300 dsisr=0x02200000 hpte=0x3898', OK]],
  ['the segment is invalidated, then valid again', seq({}, { slb: [{ ...A_SLBE, v: false }] }, {}), [OK, 'segment 0x380', OK]],
  ['Ks changes to 1: PP 001 is read only', seq({}, { slb: [{ ...A_SLBE, ks: true }], access: 'store' }, { slb: [{ ...A_SLBE, ks: true }] }),
    [OK, 'storage 0x300 dsisr=0x0a000000 hpte=0x3898', OK]],
  ['problem state, then Kp = 1', seq({}, { pr: true }, { pr: true, slb: [{ ...A_SLBE, kp: true }], access: 'store' }),
    [OK, OK, 'storage 0x300 dsisr=0x0a000000 hpte=0x3898']],
  ['a fetch after loads, then the segment becomes no-execute', seq({}, { access: 'fetch' }, { access: 'fetch', slb: [{ ...A_SLBE, n: true }] }, {}),
    [OK, OK, 'storage 0x400 srr1=0x10000000', OK]],
];

describe('sequences by hand', () => {
  test.each(HAND_SEQUENCES)('%s: the model', (_, q, want) => {
    expect(modelSequence(q).map(formatParts)).toEqual(want);
  });
  test.each(HAND_SEQUENCES)('%s: the engine', (_, q) => {
    expect(checkSequence(q)).toEqual([]);
  });
  test('a sequence regression file round-trips and checks', () => {
    const text = mmuSequenceRegressionText(HAND_SEQUENCES[3][1], { seed: 'none', path: 'none' });
    expect(text).toContain('# the SLB from here on (reloaded):');
    expect(checkMmuRegression(text, { engine: true })).toEqual([]);
  });
});

describe('engine against the reference model', () => {
  test('property: one access, fixed seed, 3,000 runs', () => {
    fc.assert(mmuProperty(), { seed: 0x5eed, numRuns: 3000 });
  }, 60_000);
  test('property: one access, HPT of 2^24 bytes (17-bit PTEG numbers), 40 runs', () => {
    fc.assert(mmuProperty(mmuCaseArbFor(fc.constant(24))), { seed: 0x5eed, numRuns: 40 });
  }, 60_000);
  test('property: sequences on one Cpu, fixed seed, 800 runs', () => {
    fc.assert(mmuSequenceProperty(), { seed: 0x5eed, numRuns: 800 });
  }, 60_000);
  test('campaign API: runs and reports', () => {
    const r = runMmuCampaign({ seed: 3, runs: 50 });
    expect(r.target).toBe('mmu');
    expect(r.runs).toBe(50);
    expect(r.failures.map((f) => f.summary)).toEqual([]);
  });
});
