// Decoder for execution: word → index into FORMS, or -1. Built once at module load as a
// two-level lookup: primary opcode → form, or → a slice of one Int16Array indexed by the
// bits (up to three contiguous runs) that the primary opcode's forms test. No scans, no
// allocation at decode time.
//
// Reserved bits: a form's mask holds its opcode bits plus whatever the ISA fixes to tell
// forms apart (e.g. bit 11 of mfcr/mfocrf, Rc=1 of stwcx.). Other reserved ("/") bits are
// NOT tested for most forms (POWER8 ignores them, as Book I §1.3.3 allows); XL-form and
// non-OE XO-form rows do test bit 31 / bit 21. The disassembler applies objdump's stricter
// check separately.
import { FORMS } from './table.js';

const OPM = 0xfc000000;
/** Per primary opcode: >= 0 a form, -1 none, -2 look up TABLE. */
const DIRECT = new Int16Array(64).fill(-1);
/** Per primary opcode, three runs: [shift, mask, outShift] × 3, then base offset. */
const RUNS = new Int32Array(64 * 10);
let TABLE = new Int16Array(0);

function runsOf(bits: number): [number, number, number][] {
  const runs: [number, number, number][] = [];
  let out = 0;
  for (let b = 0; b < 26;) { // b counts from the LSB
    if (((bits >>> b) & 1) === 0) { b++; continue; }
    let e = b;
    while (e < 26 && ((bits >>> e) & 1) !== 0) e++;
    runs.push([b, (1 << (e - b)) - 1, out]);
    out += e - b;
    b = e;
  }
  return runs;
}

function build(): void {
  const chunks: Int16Array[] = [];
  let offset = 0;
  for (let p = 0; p < 64; p++) {
    const idx: number[] = [];
    FORMS.forEach((f, i) => { if (f.match >>> 26 === p) idx.push(i); });
    if (idx.length === 0) continue;
    const union = idx.reduce((m, i) => m | (FORMS[i].mask & ~OPM), 0);
    if (idx.length === 1 && union === 0) { DIRECT[p] = idx[0]; continue; }
    const runs = runsOf(union);
    if (runs.length > 3) throw new Error(`decode: primary ${p} needs ${runs.length} index runs`);
    const width = runs.reduce((n, r) => n + Math.log2(r[1] + 1), 0);
    const slice = new Int16Array(1 << width).fill(-1);
    for (let k = 0; k < slice.length; k++) {
      let w = 0;
      for (const [s, m, o] of runs) w |= ((k >>> o) & m) << s;
      for (const i of idx) {
        const f = FORMS[i];
        if (((w ^ f.match) & f.mask & ~OPM) !== 0) continue;
        if (slice[k] >= 0) throw new Error(`decode: ${FORMS[slice[k]].name} and ${f.name} overlap`);
        slice[k] = i;
      }
    }
    DIRECT[p] = -2;
    runs.forEach(([s, m, o], j) => RUNS.set([s, m, o], p * 10 + j * 3));
    RUNS[p * 10 + 9] = offset;
    chunks.push(slice);
    offset += slice.length;
  }
  TABLE = new Int16Array(offset);
  let at = 0;
  for (const c of chunks) { TABLE.set(c, at); at += c.length; }
}
build();

/** Index into FORMS of the form `word` encodes, or -1. */
export function decode(word: number): number {
  const p = word >>> 26;
  const d = DIRECT[p];
  if (d !== -2) return d;
  const r = p * 10;
  const k = ((word >>> RUNS[r]) & RUNS[r + 1])
    | (((word >>> RUNS[r + 3]) & RUNS[r + 4]) << RUNS[r + 5])
    | (((word >>> RUNS[r + 6]) & RUNS[r + 7]) << RUNS[r + 8]);
  return TABLE[RUNS[r + 9] + k];
}
