import { describe, expect, it } from 'vitest';
import type { Field } from './form.js';
import { ALIASES, FORMS } from './table.js';
import { decode } from './decode.js';
import { encode, fieldsOf } from './encode.js';
import { extractField } from './fields.js';
import { aliasWords, formWords } from './testgen.js';

describe('encode → decode round trip', () => {
  it('every form gives back its form and fields', () => {
    FORMS.forEach((f, i) => {
      for (const { word, ops } of formWords(i, 6, 1000 + i)) {
        expect(decode(word), `${f.name} ${word.toString(16)}`).toBe(i);
        expect(fieldsOf(i, word), f.name).toEqual(ops);
      }
    });
  });

  it('every alias gives back its base form, its match and its fields', () => {
    ALIASES.forEach((a, i) => {
      const words = aliasWords(i, 4, 5000 + i);
      expect(words.length, a.name).toBeGreaterThan(0);
      const base = FORMS.findIndex((f) => f.name === a.base);
      for (const { word, ops } of words) {
        expect(decode(word), a.name).toBe(base);
        expect((word & a.mask) >>> 0, a.name).toBe(a.match);
        for (const [k, v] of Object.entries(ops)) {
          if (k === 'CRF') expect(extractField('BI', word) >> 2).toBe(v);
          else if (k === 'N31ME') expect(31 - extractField('ME', word)).toBe(v);
          else if (k === 'N63ME') expect(63 - extractField('ME6', word)).toBe(v);
          else expect(extractField(k as Field, word), `${a.name} ${k}`).toBe(v);
        }
      }
    });
  });

  it('names are unique', () => {
    expect(new Set(FORMS.map((f) => f.name)).size).toBe(FORMS.length);
  });
});

describe('hand-checked encodings (Power ISA 2.07 Book I)', () => {
  const cases: [string, Record<string, number>, number, object?][] = [
    ['addi', { RT: 3, RA: 1, SI: 16 }, 0x38610010],
    ['blr', {}, 0x4e800020],
    ['nop', {}, 0x60000000],
    ['mflr', { RT: 0 }, 0x7c0802a6],
    ['mtctr', { RS: 9 }, 0x7d2903a6],
    ['stdu', { RS: 1, DS: -112, RA: 1 }, 0xf821ff91],
    ['ld', { RT: 0, DS: 16, RA: 1 }, 0xe8010010],
    ['add', { RT: 3, RA: 4, RB: 5 }, 0x7c642a14],
    ['add', { RT: 3, RA: 4, RB: 5 }, 0x7c642e15, { rc: true, oe: true }],
    ['rldicl', { RA: 4, RS: 3, SH6: 60, MB6: 4 }, 0x7864e102],
    ['sc', {}, 0x44000002],
    ['b', { LI: -16 }, 0x4bfffff0],
  ];
  for (const [name, ops, word, v] of cases) {
    it(`${name} = 0x${word.toString(16)}`, () => {
      expect(encode(name, ops, v)).toBe(word);
      expect(decode(word)).toBeGreaterThanOrEqual(0);
    });
  }

  it('rejects unknown names and bad operands', () => {
    expect(() => encode('frobnicate', {})).toThrow(/unknown mnemonic/);
    expect(() => encode('addi', { RT: 32, RA: 0, SI: 0 })).toThrow(/out of range/);
    expect(() => encode('ld', { RT: 1, RA: 1, DS: 6 })).toThrow(/multiple of 4/);
    expect(() => encode('and', { RA: 1, RS: 1, RB: 1 }, { oe: true })).toThrow(/OE/);
  });
});
