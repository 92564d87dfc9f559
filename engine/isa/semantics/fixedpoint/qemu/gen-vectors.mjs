#!/usr/bin/env node
// Test-vector generator for the fixed-point semantics: runs every case under QEMU
// (qemu-ppc64le 7.2 user mode, -cpu power8 and -cpu power9, MSR[SF]=1) and records what it
// produces. Expected values therefore come from QEMU, not from our own code.
//
//   node engine/isa/semantics/fixedpoint/qemu/gen-vectors.mjs
//
// needs powerpc64le-linux-gnu-gcc, powerpc64-linux-gnu-gcc (-m32), qemu-ppc64le and qemu-ppc; writes vectors.json beside this file.
// Each case loads XER, CR, r0 and r4..r12, executes one instruction word and stores r0,
// r4..r12, XER and CR. The program is a freestanding ELFv2 binary (no libc): one unrolled
// block per case, then write(1) and exit_group. Traps are not run here (they would kill the
// process); their tests are hand-derived.
//
// A second program runs the cases of the 32-bit instructions under qemu-ppc (a 32-bit CPU)
// for the 32-bit-mode expectations (see program32 below).
//
// POWER8 and POWER9 results must agree except for XER[OV32]/[CA32] (not architected before
// ISA 3.0; QEMU hides them from mfxer on POWER8), which the script checks; the file keeps the
// POWER9 result and the POWER8 one follows by clearing those two bits.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const M64 = (1n << 64n) - 1n;
const REGS = [0, 4, 5, 6, 7, 8, 9, 10, 11, 12];

// ---- deterministic PRNG ----------------------------------------------------------------------
let seed = 0x9e3779b9;
function rnd32() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}
const rnd = (n) => rnd32() % n;
const rnd64 = () => (BigInt(rnd32()) << 32n) | BigInt(rnd32());
const pick = (a) => a[rnd(a.length)];

// Interesting 64-bit values: both word boundaries and both sign boundaries.
const EDGE = [
  0n, 1n, 2n, 3n, 0x7fffffffn, 0x80000000n, 0x80000001n, 0xfffffffen, 0xffffffffn, 0x100000000n,
  0x7fffffffffffffffn, 0x8000000000000000n, 0x8000000000000001n, 0xffffffffffffffffn,
  0xfffffffffffffffen, 0xffffffff00000000n, 0xffffffff80000000n, 0x7fffffff80000000n,
  0x00000001ffffffffn, 0x123456789abcdef0n, 0xfedcba9876543210n, 0xfffffffffffffffdn, 7n,
];
const SMALL_EDGE = [0n, 1n, 0xffffffffn, 0x80000000n, 0x7fffffffn, 0xffffffffffffffffn,
  0x8000000000000000n, 0x7fffffffffffffffn, 0x100000000n, 0xfffffffen];
const val = () => (rnd(3) === 0 ? pick(EDGE) : rnd(4) === 0 ? BigInt(rnd32()) : rnd64());

// XER inputs: SO=bit 32, OV=33, CA=34, OV32=44, CA32=45.
const XSO = 0x80000000n, XOV = 0x40000000n, XCA = 0x20000000n, XOV32 = 0x80000n, XCA32 = 0x40000n;
const XERS = [0n, XCA, XSO, XSO | XCA, XOV | XOV32, XCA | XCA32 | XOV, XSO | XOV | XCA | XOV32 | XCA32];

// ---- encoders (ISA 2.07 Book I §1.6) ----------------------------------------------------------
const u = (x) => x >>> 0;
const XO = (xo) => (rt, ra, rb, oe, rc) => u((31 << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (oe << 10) | (xo << 1) | rc);
const Dform = (op) => (rt, ra, imm) => u((op << 26) | (rt << 21) | (ra << 16) | (imm & 0xffff));
const Xform = (xo) => (rs, ra, rb, rc) => u((31 << 26) | (rs << 21) | (ra << 16) | (rb << 11) | (xo << 1) | rc);
const Mform = (op) => (rs, ra, sh, mb, me, rc) => u((op << 26) | (rs << 21) | (ra << 16) | (sh << 11) | (mb << 6) | (me << 1) | rc);
const MDform = (xo) => (rs, ra, sh, mb, rc) => u((30 << 26) | (rs << 21) | (ra << 16) | ((sh & 31) << 11) | ((mb & 31) << 6) | ((mb >> 5) << 5) | (xo << 2) | ((sh >> 5) << 1) | rc);
const MDSform = (xo) => (rs, ra, rb, mb, rc) => u((30 << 26) | (rs << 21) | (ra << 16) | (rb << 11) | ((mb & 31) << 6) | ((mb >> 5) << 5) | (xo << 1) | rc);

const cases = [];
function add(name, word, regs, xer = pick(XERS), cr = rnd32()) {
  // r5..r7 carry the operands (r5 is also the target); r0 is non-zero so (RA|0) is visible.
  const r = { 0: 0xdeadbeefcafef00dn, 4: 0n, 5: val(), 6: val(), 7: val(), 8: 0n, 9: 0n, 10: 0n, 11: 0n, 12: 0n };
  Object.assign(r, regs);
  cases.push({ name, word, xer, cr: BigInt(cr), regs: r });
}

// ---- XO-form arithmetic (RT=5, RA=6, RB=7; also RT=RA) ----------------------------------------
const XO_BIN = { add: 266, addc: 10, adde: 138, subf: 40, subfc: 8, subfe: 136, mullw: 235, mulld: 233,
  divw: 491, divwu: 459, divd: 489, divdu: 457, divwe: 427, divweu: 395, divde: 425, divdeu: 393 };
const XO_BIN_NOOE = { mulhw: 75, mulhwu: 11, mulhd: 73, mulhdu: 9, addg6s: 74 };
const XO_UN = { addme: 234, addze: 202, subfme: 232, subfze: 200, neg: 104 };

let k = 0;
for (const [name, xo] of Object.entries(XO_BIN)) {
  const enc = XO(xo);
  for (const a of SMALL_EDGE) for (const b of SMALL_EDGE) {
    const v = k++ & 3;
    add(name, enc(5, 6, 7, v >> 1, v & 1), { 6: a, 7: b });
  }
  for (let i = 0; i < 40; i++) {
    const v = k++ & 3;
    add(name, enc(5, 6, 7, v >> 1, v & 1), { 6: val(), 7: val() });
  }
  add(name, enc(6, 6, 7, 1, 1), {}); // RT = RA
  add(name, enc(7, 6, 7, 1, 1), {}); // RT = RB
}
// divide edge cases beyond SMALL_EDGE
for (const name of ['divw', 'divwu', 'divwe', 'divweu']) {
  const enc = XO(XO_BIN[name]);
  for (const [a, b] of [[0x80000000n, 0xffffffffn], [0xffffffff80000000n, 0xffffffffffffffffn],
    [5n, 0xffffffff00000000n], [0xfffffffffffffffan, 3n], [6n, 0xfffffffdn], [1n, 2n], [1n, 3n],
    [0x3fffffffn, 0x40000000n], [0xc0000000n, 0x40000000n], [0x40000000n, 0xc0000000n]]) {
    for (let v = 0; v < 4; v++) add(name, enc(5, 6, 7, v >> 1, v & 1), { 6: a, 7: b });
  }
}
for (const name of ['divd', 'divdu', 'divde', 'divdeu']) {
  const enc = XO(XO_BIN[name]);
  for (const [a, b] of [[0x8000000000000000n, M64], [1n << 62n, (1n << 62n) + 1n], [1n, 2n], [1n, 3n],
    [M64, 2n], [M64, 0xfffffffffffffffdn], [0xc000000000000000n, 0x4000000000000000n],
    [0x4000000000000000n, 0xc000000000000000n], [0x3fffffffffffffffn, 0x4000000000000000n],
    [0xfffffffffffffffan, 3n], [0x123456789n, 0x1000n], [0xffffffff00000000n, 0x7fffffffn]]) {
    for (let v = 0; v < 4; v++) add(name, enc(5, 6, 7, v >> 1, v & 1), { 6: a, 7: b });
  }
}
for (const [name, xo] of Object.entries(XO_BIN_NOOE)) {
  const enc = XO(xo);
  const rcs = name === 'addg6s' ? [0] : [0, 1];
  for (const a of SMALL_EDGE) for (const b of SMALL_EDGE) add(name, enc(5, 6, 7, 0, pick(rcs)), { 6: a, 7: b });
  for (let i = 0; i < 60; i++) add(name, enc(5, 6, 7, 0, pick(rcs)), { 6: val(), 7: val() });
}
for (const [name, xo] of Object.entries(XO_UN)) {
  const enc = XO(xo);
  for (const a of EDGE) for (const xer of XERS) {
    const v = k++ & 3;
    add(name, enc(5, 6, 0, v >> 1, v & 1), { 6: a }, xer);
  }
  for (let i = 0; i < 30; i++) add(name, enc(5, 6, 0, rnd(2), rnd(2)), { 6: val() });
}
// adde/subfe with both CA inputs on the carry boundaries
for (const name of ['adde', 'subfe']) {
  const enc = XO(XO_BIN[name]);
  for (const a of SMALL_EDGE) for (const b of SMALL_EDGE) for (const xer of [0n, XCA]) add(name, enc(5, 6, 7, 1, 1), { 6: a, 7: b }, xer);
}

// ---- D-form immediates ------------------------------------------------------------------------
const IMM = [0, 1, 0x7fff, 0x8000, 0xffff, 0xfffe, 0x1234, 0x8001];
const DOPS = { addi: 14, addis: 15, addic: 12, 'addic.': 13, subfic: 8, mulli: 7,
  'andi.': 28, 'andis.': 29, ori: 24, oris: 25, xori: 26, xoris: 27 };
for (const [name, op] of Object.entries(DOPS)) {
  const enc = Dform(op);
  const logical = ['andi.', 'andis.', 'ori', 'oris', 'xori', 'xoris'].includes(name);
  for (const a of EDGE) for (const imm of IMM) {
    if (logical) add(name, enc(6, 5, imm), { 6: a });
    else add(name, enc(5, 6, imm), { 6: a });
  }
  for (let i = 0; i < 30; i++) add(name, logical ? enc(6, 5, rnd32()) : enc(5, 6, rnd32()), { 6: val() });
  if (name === 'addi' || name === 'addis') for (const imm of IMM) add(name, enc(5, 0, imm), {}); // RA=0
}

// ---- compare (BF, L) and isel -----------------------------------------------------------------
const cmpX = (xo) => (bf, l, ra, rb) => u((31 << 26) | (bf << 23) | (l << 21) | (ra << 16) | (rb << 11) | (xo << 1));
const cmpD = (op) => (bf, l, ra, imm) => u((op << 26) | (bf << 23) | (l << 21) | (ra << 16) | (imm & 0xffff));
for (const [name, enc] of [['cmp', cmpX(0)], ['cmpl', cmpX(32)]]) {
  for (const a of SMALL_EDGE) for (const b of SMALL_EDGE) add(name, enc(rnd(8), rnd(2), 6, 7), { 6: a, 7: b });
  for (let i = 0; i < 40; i++) { const a = val(); add(name, enc(rnd(8), rnd(2), 6, 7), { 6: a, 7: rnd(2) ? val() : a }); }
}
for (const [name, enc] of [['cmpi', cmpD(11)], ['cmpli', cmpD(10)]]) {
  for (const a of EDGE) for (const imm of IMM) add(name, enc(rnd(8), rnd(2), 6, imm), { 6: a });
}
const iselW = (rt, ra, rb, bc) => u((31 << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (bc << 6) | (15 << 1));
for (let i = 0; i < 80; i++) add('isel', iselW(5, rnd(4) === 0 ? 0 : 6, 7, rnd(32)), {});
for (let bc = 0; bc < 32; bc++) add('isel', iselW(5, 0, 7, bc), {}, 0n, 0xffffffff);

// ---- X-form logical and friends (RS=6, RA=5, RB=7) ---------------------------------------------
const XLOG = { and: 28, or: 444, xor: 316, nand: 476, nor: 124, eqv: 284, andc: 60, orc: 412,
  slw: 24, srw: 536, sraw: 792, sld: 27, srd: 539, srad: 794, cmpb: 508, bpermd: 252 };
const XUN = { extsb: 954, extsh: 922, extsw: 986, cntlzw: 26, cntlzd: 58, popcntb: 122, popcntw: 378,
  popcntd: 506, prtyw: 154, prtyd: 186, cdtbcd: 282, cbcdtd: 314 };
const NORC = ['cmpb', 'bpermd', 'popcntb', 'popcntw', 'popcntd', 'prtyw', 'prtyd', 'cdtbcd', 'cbcdtd'];
const SHIFTS = [0n, 1n, 31n, 32n, 33n, 63n, 64n, 65n, 95n, 127n, 128n, 0xffffffffffffffe0n, 0x100000020n];
for (const [name, xo] of Object.entries(XLOG)) {
  const enc = Xform(xo), rc = () => (NORC.includes(name) ? 0 : rnd(2));
  const isShift = /^s[lr]/.test(name);
  for (const a of SMALL_EDGE) for (const b of isShift ? SHIFTS : SMALL_EDGE) add(name, enc(6, 5, 7, rc()), { 6: a, 7: b });
  for (let i = 0; i < 60; i++) {
    let b = val();
    if (isShift) b = BigInt(rnd(130));
    if (name === 'bpermd') {
      let idx = 0n;
      for (let j = 0; j < 8; j++) idx = (idx << 8n) | BigInt(rnd(5) === 0 ? rnd(256) : rnd(64));
      add(name, enc(6, 5, 7, 0), { 6: idx, 7: val() });
    }
    else if (name === 'cmpb') { const a = val(); add(name, enc(6, 5, 7, 0), { 6: a, 7: a ^ (BigInt(rnd32() & 0x01ff00ff) << BigInt(rnd(33))) }); }
    else add(name, enc(6, 5, 7, rc()), { 6: val(), 7: b });
  }
}
for (const [name, xo] of Object.entries(XUN)) {
  const enc = Xform(xo), rc = () => (NORC.includes(name) ? 0 : rnd(2));
  for (const a of EDGE) add(name, enc(6, 5, 0, rc()), { 6: a });
  for (let i = 0; i < 60; i++) add(name, enc(6, 5, 0, rc()), { 6: val() });
}
// all 1024 declets (cdtbcd) and BCD digit patterns including invalid digits (cbcdtd)
for (let d = 0; d < 1024; d += 2) {
  add('cdtbcd', Xform(282)(6, 5, 0, 0), { 6: (BigInt(d) << 42n) | (BigInt(d + 1) << 32n) | (BigInt(d) << 10n) | BigInt(d ^ 0x3ff) });
}
for (let i = 0; i < 200; i++) {
  const digits = () => { let x = 0; for (let j = 0; j < 6; j++) x = x * 16 + (rnd(5) === 0 ? rnd(16) : rnd(10)); return BigInt(x); };
  add('cbcdtd', Xform(314)(6, 5, 0, 0), { 6: (digits() << 32n) | digits() | (rnd(4) === 0 ? 0xff000000n : 0n) });
}
// srawi and sradi with every shift count
for (let sh = 0; sh < 32; sh++) for (const a of [0x80000001n, 0xffffffff80000000n, 0x7fffffffn, 0x123456789abcdef0n, val()])
  add('srawi', u((31 << 26) | (6 << 21) | (5 << 16) | (sh << 11) | (824 << 1) | rnd(2)), { 6: a });
for (let sh = 0; sh < 64; sh++) for (const a of [0x8000000000000001n, 0x8000000000000000n, 0x7fffffffffffffffn, 0xfffffffffffffff0n, val()])
  add('sradi', u((31 << 26) | (6 << 21) | (5 << 16) | ((sh & 31) << 11) | (413 << 2) | ((sh >> 5) << 1) | rnd(2)), { 6: a });

// ---- rotates --------------------------------------------------------------------------------
for (let i = 0; i < 150; i++) {
  const sh = rnd(32), mb = rnd(32), me = rnd(32), rc = rnd(2);
  add('rlwinm', Mform(21)(6, 5, sh, mb, me, rc), { 6: val() });
  add('rlwimi', Mform(20)(6, 5, sh, mb, me, rc), { 6: val(), 5: val() });
  add('rlwnm', Mform(23)(6, 5, 7, mb, me, rc), { 6: val(), 7: rnd(2) ? BigInt(rnd(64)) : val() });
}
for (const [sh, mb, me] of [[0, 0, 31], [31, 0, 31], [1, 31, 0], [16, 16, 15], [0, 31, 31], [5, 1, 0], [0, 0, 0]]) {
  add('rlwinm', Mform(21)(6, 5, sh, mb, me, 1), { 6: 0x123456789abcdef0n });
  add('rlwimi', Mform(20)(6, 5, sh, mb, me, 1), { 6: 0x123456789abcdef0n, 5: 0xfedcba9876543210n });
}
for (let i = 0; i < 120; i++) {
  const sh = rnd(64), mb = rnd(64), rc = rnd(2);
  add('rldicl', MDform(0)(6, 5, sh, mb, rc), { 6: val() });
  add('rldicr', MDform(1)(6, 5, sh, mb, rc), { 6: val() });
  add('rldic', MDform(2)(6, 5, sh, mb, rc), { 6: val() });
  add('rldimi', MDform(3)(6, 5, sh, mb, rc), { 6: val(), 5: val() });
  add('rldcl', MDSform(8)(6, 5, 7, mb, rc), { 6: val(), 7: rnd(2) ? BigInt(rnd(128)) : val() });
  add('rldcr', MDSform(9)(6, 5, 7, mb, rc), { 6: val(), 7: rnd(2) ? BigInt(rnd(128)) : val() });
}
for (const [sh, mb] of [[0, 0], [63, 63], [32, 0], [0, 63], [1, 63], [63, 0], [32, 32], [4, 60]]) {
  for (const [name, enc] of [['rldicl', MDform(0)], ['rldicr', MDform(1)], ['rldic', MDform(2)], ['rldimi', MDform(3)]]) {
    add(name, enc(6, 5, sh, mb, 1), { 6: 0x123456789abcdef0n, 5: 0xfedcba9876543210n });
  }
}

// ---- assemble, run, collect -------------------------------------------------------------------
const hex = (x) => (BigInt.asUintN(64, x)).toString(16);
function program() {
  const L = ['\t.abiversion 2', '\t.text', '\t.globl _start', '_start:',
    '\tlis 31, inp@ha', '\taddi 31, 31, inp@l', '\tlis 30, outp@ha', '\taddi 30, 30, outp@l'];
  for (const cs of cases) {
    L.push('\tld 4,0(31)', '\tmtxer 4', '\tld 4,8(31)', '\tmtcrf 255,4');
    REGS.forEach((r, i) => L.push(`\tld ${r},${16 + 8 * i}(31)`));
    L.push(`\t.long 0x${hex(BigInt(cs.word))}`);
    REGS.forEach((r, i) => L.push(`\tstd ${r},${8 * i}(30)`));
    L.push('\tmfxer 4', '\tstd 4,80(30)', '\tmfcr 4', '\tstd 4,88(30)', '\taddi 31,31,96', '\taddi 30,30,96');
  }
  L.push('\tli 0,4', '\tli 3,1', '\tlis 4, outp@ha', '\taddi 4, 4, outp@l');
  L.push(`\tlis 5, ${(cases.length * 96) >>> 16}`, `\tori 5, 5, ${(cases.length * 96) & 0xffff}`, '\tsc');
  L.push('\tli 0,234', '\tli 3,0', '\tsc', '\t.data', '\t.balign 8', 'inp:');
  for (const cs of cases) {
    L.push('\t.quad ' + [cs.xer, cs.cr, ...REGS.map((r) => cs.regs[r])].map((x) => '0x' + hex(x)).join(', '));
  }
  L.push('\t.bss', '\t.balign 8', 'outp:', `\t.space ${cases.length * 96}`);
  return L.join('\n') + '\n';
}

const dir = mkdtempSync(join(tmpdir(), 'fxvec-'));
writeFileSync(join(dir, 'p.S'), program());
execFileSync('powerpc64le-linux-gnu-gcc', ['-static', '-nostdlib', '-no-pie', '-o', join(dir, 'p'), join(dir, 'p.S')]);
function run(cpu) {
  const buf = execFileSync('qemu-ppc64le', ['-cpu', cpu, join(dir, 'p')], { maxBuffer: 1 << 30 });
  if (buf.length !== cases.length * 96) throw new Error(`short output from ${cpu}: ${buf.length}`);
  const out = [];
  for (let i = 0; i < cases.length; i++) {
    const v = [];
    for (let j = 0; j < 12; j++) v.push(buf.readBigUInt64LE(i * 96 + j * 8));
    out.push(v);
  }
  return out;
}
const p9 = run('power9'), p8 = run('power8');

// 32-bit mode: the same cases, for the instructions a 32-bit implementation has, run under
// qemu-ppc (a 32-bit CPU) with the low words of the inputs. In 32-bit mode (MSR[SF]=0) a
// 64-bit processor must give the same low words, XER and CR (Book I §3.3.8: CA/OV/CR0 are
// taken from the low word); the high words are computed as in 64-bit mode.
const NAMES32 = new Set(['addi', 'addis', 'addic', 'addic.', 'subfic', 'mulli', 'add', 'addc', 'adde', 'addme',
  'addze', 'subf', 'subfc', 'subfe', 'subfme', 'subfze', 'neg', 'mullw', 'mulhw', 'mulhwu', 'divw', 'divwu',
  'andi.', 'andis.', 'ori', 'oris', 'xori', 'xoris', 'and', 'or', 'xor', 'nand', 'nor', 'eqv', 'andc', 'orc',
  'extsb', 'extsh', 'cntlzw', 'rlwinm', 'rlwnm', 'rlwimi', 'slw', 'srw', 'sraw', 'srawi', 'cmp', 'cmpi', 'cmpl', 'cmpli']);
// cmp* with L=1 compare doublewords even in 32-bit mode on a 64-bit CPU: not comparable.
const idx32 = cases.map((cs, i) => i).filter((i) => NAMES32.has(cases[i].name) && !(/^cmp/.test(cases[i].name) && cases[i].word & 0x200000));
function program32() {
  const L = ['\t.text', '\t.globl _start', '_start:',
    '\tlis 31, inp@ha', '\taddi 31, 31, inp@l', '\tlis 30, outp@ha', '\taddi 30, 30, outp@l'];
  for (const i of idx32) {
    L.push('\tlwz 4,0(31)', '\tmtxer 4', '\tlwz 4,4(31)', '\tmtcrf 255,4');
    REGS.forEach((r, j) => L.push(`\tlwz ${r},${8 + 4 * j}(31)`));
    L.push(`\t.long 0x${hex(BigInt(cases[i].word))}`);
    REGS.forEach((r, j) => L.push(`\tstw ${r},${4 * j}(30)`));
    L.push('\tmfxer 4', '\tstw 4,40(30)', '\tmfcr 4', '\tstw 4,44(30)', '\taddi 31,31,48', '\taddi 30,30,48');
  }
  L.push('\tli 0,4', '\tli 3,1', '\tlis 4, outp@ha', '\taddi 4, 4, outp@l');
  L.push(`\tlis 5, ${(idx32.length * 48) >>> 16}`, `\tori 5, 5, ${(idx32.length * 48) & 0xffff}`, '\tsc');
  L.push('\tli 0,1', '\tli 3,0', '\tsc', '\t.data', '\t.balign 8', 'inp:');
  const lo = (x) => '0x' + (x & 0xffffffffn).toString(16);
  for (const i of idx32) {
    const cs = cases[i];
    L.push('\t.long ' + [cs.xer, cs.cr, ...REGS.map((r) => cs.regs[r])].map(lo).join(', '));
  }
  L.push('\t.bss', '\t.balign 8', 'outp:', `\t.space ${idx32.length * 48}`);
  return L.join('\n') + '\n';
}
writeFileSync(join(dir, 'p32.S'), program32());
execFileSync('powerpc64-linux-gnu-gcc', ['-m32', '-static', '-nostdlib', '-no-pie', '-o', join(dir, 'p32'), join(dir, 'p32.S')]);
const buf32 = execFileSync('qemu-ppc', [join(dir, 'p32')], { maxBuffer: 1 << 30 });
if (buf32.length !== idx32.length * 48) throw new Error(`short output from qemu-ppc: ${buf32.length}`);
const r32 = new Map();
idx32.forEach((i, k) => {
  const v = [];
  for (let j = 0; j < 12; j++) v.push(BigInt(buf32.readUInt32BE(k * 48 + j * 4)));
  r32.set(i, v);
});
const vectors = cases.map((cs, i) => {
  const a = p9[i], b = p8[i];
  for (let j = 0; j < 12; j++) {
    const mask = j === 10 ? ~(XOV32 | XCA32) & M64 : M64;
    if ((a[j] & mask) !== (b[j] & mask)) throw new Error(`power8/power9 differ: case ${i} ${cs.name} slot ${j}`);
  }
  if (b[10] & (XOV32 | XCA32)) throw new Error(`power8 shows OV32/CA32: case ${i}`);
  // Keep only the registers the instruction changed. Row: [name, word, xer, cr, [r5, r6, r7],
  // {changed register: value}, xerOut, crOut] (r0 and the other inputs are fixed, see add()).
  const changed = {};
  REGS.forEach((r, j) => { if (a[j] !== cs.regs[r]) changed[r] = hex(a[j]); });
  for (const r of REGS) if (r < 5 || r > 7) if (cs.regs[r] !== (r === 0 ? 0xdeadbeefcafef00dn : 0n)) throw new Error('fixed input changed');
  const row = [cs.name, hex(BigInt(cs.word)), hex(cs.xer), hex(cs.cr), [5, 6, 7].map((r) => hex(cs.regs[r])), changed, hex(a[10]), hex(a[11])];
  // Optional 9th element, 32-bit mode: [{register whose low word changed: low word}, xer, cr].
  const v = r32.get(i);
  if (v) {
    const ch32 = {};
    REGS.forEach((r, j) => { if (v[j] !== (cs.regs[r] & 0xffffffffn)) ch32[r] = hex(v[j]); });
    row.push([ch32, hex(v[10]), hex(v[11])]);
  }
  return row;
});
writeFileSync(join(here, 'vectors.json'),
  '{"generator":"gen-vectors.mjs","qemu":"' + execFileSync('qemu-ppc64le', ['--version']).toString().split('\n')[0]
  + '","qemu32":"' + execFileSync('qemu-ppc', ['--version']).toString().split('\n')[0]
  + '","r0":"deadbeefcafef00d","cases":[\n' + vectors.map((v) => JSON.stringify(v)).join(',\n') + '\n]}\n');
console.log(`${vectors.length} cases written`);
