// Decoder fuzzing with fixed seeds: round trip per form, agreement with objdump (invalid
// words included), form coverage, and the regression file format (corpus/regressions/ holds the cases;
// fuzz/regressions.test.ts runs them).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMS } from '../../engine/isa/table.js';
import { OBJDUMP, haveObjdump } from './objdump.js';
import { ObjdumpStats, REPORT, batchArb, objdumpProperty, roundTripProperty } from './properties.js';
import { FormCoverage, coverageLine } from './coverage.js';
import { checkDecoderRegression, parseDecoderRegression } from './regression.js';
import { objdumpFailure, runDecoderCampaign } from './campaign.js';

const SEED = 20240611;
/** objdump batches in the test (~3,600 words each on average): ~7 s on this 2-core machine
 *  when idle, ~15 s when it is shared. */
const RUNS = 100;

describe('decoder round trip (encode → decode → fields)', () => {
  it('holds for every form', () => {
    FORMS.forEach((_, i) => fc.assert(roundTripProperty(i), { ...REPORT, seed: SEED + i, numRuns: 100 }));
  });
});

describe('disasm agrees with objdump -M power8 on fuzzed words', () => {
  const stats = new ObjdumpStats();
  if (!haveObjdump()) {
    if (process.env.CI) it('objdump available', () => { throw new Error(`${OBJDUMP} missing (install binutils-powerpc64-linux-gnu)`); });
    else {
      console.warn(`\n*** ${OBJDUMP} not found: skipping objdump agreement (apt install binutils-powerpc64-linux-gnu) ***\n`);
      it.skip('objdump agreement', () => {});
    }
  } else {
    it('every word (or its invalidity) matches, batch by batch', () => {
      const t0 = performance.now();
      fc.assert(objdumpProperty(stats), { ...REPORT, seed: SEED, numRuns: RUNS });
      const s = (performance.now() - t0) / 1000;
      const top = [...stats.outsideNames].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([m, n]) => `${m} ${n}`).join(', ');
      console.log(`objdump agreement: ${stats.words} words in ${stats.batches} batches, ${s.toFixed(1)} s ` +
        `(${Math.round(stats.words / s)} words/s); ${stats.outside} outside the table (${top}, …)`);
    });
  }

  it('generates every table form within the default budget', () => {
    let cov = stats.coverage;
    if (stats.words === 0) { // objdump missing: draw the same budget without it
      cov = new FormCoverage();
      for (const b of fc.sample(batchArb(), { seed: SEED, numRuns: RUNS })) for (const w of b) cov.add(w);
    }
    const r = cov.report();
    console.log(`decoder coverage: ${coverageLine(r)}`);
    expect(r.never).toEqual([]);
    expect(r.generated).toBe(FORMS.length);
  });
});

describe('regression files', () => {
  // Hand-checked against the ISA (Book I §3.3.8 addi, Book II §4.4.3 sync L=0 = hwsync,
  // §3.3.10 cmpi with reserved bit 9 set, §2.4 b with LI = -16 at 0xc, §3.3.4 lq with
  // reserved bits 28:31 set; opcode 31 xo 1 is no instruction) and against objdump 2.40.
  const good = [
    '# pseries-rr regression: decoder (fast-check seed 7, path 1:2:3)',
    '# expect: hwsync', '\t.long 0x7c0004ac',
    '# expect: addi    r3,r1,16', '\t.long 0x38610010',
    '# expect: cmpwi   cr1,r0,0', '\t.long 0x2cc00000',
    '# expect: b       0xfffffffffffffffc', '\t.long 0x4bfffff0',
    '# expect: .long 0x7c000002', '\t.long 0x7c000002',
    '# expect: lq      r2,16(r3)', '\t.long 0xe0430011',
  ].join('\n') + '\n';
  const wrong = good.replace('# expect: hwsync', '# expect: sync');

  it('parses the header and every case', () => {
    const r = parseDecoderRegression(good);
    expect(r.seed).toBe('7');
    expect(r.path).toBe('1:2:3');
    expect(r.cases.map((c) => c.word)).toEqual([0x7c0004ac, 0x38610010, 0x2cc00000, 0x4bfffff0, 0x7c000002, 0xe0430011]);
    expect(r.cases[3]).toEqual({ word: 0x4bfffff0, expect: 'b       0xfffffffffffffffc', line: 9 });
  });

  it('accepts a correct file and catches a wrong expectation', () => {
    expect(checkDecoderRegression(good, false)).toEqual([]);
    const msgs = checkDecoderRegression(wrong, false);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toContain('line 3: 0x7c0004ac: expected "sync", disasm gives "hwsync"');
    expect(msgs[0]).toContain('fast-check seed 7, path 1:2:3');
  });

  it.runIf(haveObjdump())('re-checks expectations against objdump', () => {
    expect(checkDecoderRegression(good, true)).toEqual([]);
    const msgs = checkDecoderRegression(wrong, true);
    expect(msgs).toHaveLength(2);
    expect(msgs[1]).toContain('expected "sync", objdump prints "hwsync"');
  });

  it('reports malformed files', () => {
    expect(checkDecoderRegression('\t.long 0x60000000\n', false)[0]).toMatch(/^malformed regression: line 1/);
    const noExpect = '# pseries-rr regression: decoder (fast-check seed 1, path 0)\n\t.long 0x60000000\n';
    expect(checkDecoderRegression(noExpect, false)[0]).toMatch(/line 2: \.long without a "# expect:" line/);
  });

});

describe('campaign API', () => {
  it('runs both properties and reports coverage', () => {
    const r = runDecoderCampaign({ seed: SEED, runs: 2 });
    expect(r.target).toBe('decoder');
    expect(r.failures).toEqual([]);
    expect(r.coverage.total).toBe(FORMS.length);
    if (haveObjdump()) { expect(r.runs).toBe(2); expect(r.words).toBeGreaterThan(0); } else expect(r.skipped).toHaveLength(1);
  });


  it.runIf(haveObjdump())('turns a failure into a regression file that parses', () => {
    const f = objdumpFailure({ seed: -5, counterexamplePath: '3:1', counterexample: [[0x7c0004ac]], numShrinks: 2, errorInstance: new Error('boom') });
    expect(f.summary).toContain('fast-check seed -5, path 3:1');
    expect(f.regression.file).toBe('decoder-objdump-7c0004ac.s');
    expect(f.regression.text).toBe('# pseries-rr regression: decoder (fast-check seed -5, path objdump/3:1)\n# expect: hwsync\n\t.long 0x7c0004ac\n');
    expect(checkDecoderRegression(f.regression.text)).toEqual([]);
  });
});
