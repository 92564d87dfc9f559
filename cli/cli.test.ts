// Bad input gets one clear line on stderr and a non-zero exit, never a stack trace. Runs the
// built CLI (npm test builds dist/ first) as a user would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { cells, cstr, type Insn, kernelElf } from '../engine/platform/vof/test-kernel.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/pseries-rr.js');
const HELLO = join(ROOT, 'corpus/bare/hello.img');
const tmp = mkdtempSync(join(tmpdir(), 'pseries-rr-cli-'));

function cli(...args: string[]) {
  return cliWithInput('', ...args);
}
function cliWithInput(input: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineError(r: ReturnType<typeof cli>, code: number, what: RegExp) {
  expect(r.code).toBe(code);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^pseries-rr: /);
  expect(lines[0]).toMatch(what);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('pseries-rr run: bad input', () => {
  test('missing -bios file', () => expectOneLineError(cli('run', '-bios', join(tmp, 'nope.img')), 2, /cannot read -bios .*no such file/));
  test('no -bios at all', () => expectOneLineError(cli('run'), 2, /no firmware image: pass -bios/));
  test('empty image', () => {
    writeFileSync(join(tmp, 'empty.img'), '');
    expectOneLineError(cli('run', '-bios', join(tmp, 'empty.img')), 2, /is empty/);
  });
  test('a directory', () => {
    mkdirSync(join(tmp, 'dir'), { recursive: true });
    expectOneLineError(cli('run', '-bios', join(tmp, 'dir')), 2, /is a directory/);
  });
  test('an ELF file given as -bios', () => {
    writeFileSync(join(tmp, 'x.elf'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 2, 1, 0, ...new Array(56).fill(0)]));
    expectOneLineError(cli('run', '-bios', join(tmp, 'x.elf')), 2, /ELF file.*objcopy -O binary/);
  });
  test('an image larger than QEMU accepts', () => {
    writeFileSync(join(tmp, 'big.img'), Buffer.alloc(4 * 1024 * 1024 + 1, 1));
    expectOneLineError(cli('run', '-bios', join(tmp, 'big.img')), 2, /at most 4 MiB/);
  });
  test('a -kernel that is not ELF', () => {
    writeFileSync(join(tmp, 'k.bin'), 'not an elf');
    expectOneLineError(cli('run', '-bios', HELLO, '-kernel', join(tmp, 'k.bin')), 2, /kernel is not an ELF file/);
  });
  test('-kernel without -bios boots the built-in VOF firmware: the client interface\'s write is on stderr with --verbose, never on the console (as QEMU 7.2)', () => {
    const K = 0x400000;
    const la = (rt: number, a: number): Insn[] => [['lis', { RT: rt, SI: (a >>> 16) << 16 >> 16 }], ['ori', { RA: rt, RS: rt, UI: a & 0xffff }]];
    const code: Insn[] = [...la(3, K + 0x1100), ['mtctr', { RS: 5 }], ['bctrl'], ['b', { LI: 0 }]];
    const data = { 0x1000: cstr('write'), 0x1010: new TextEncoder().encode('prom says hi\n'), 0x1100: cells(K + 0x1000, 3, 1, 1, K + 0x1010, 13, 0) };
    writeFileSync(join(tmp, 'tiny.elf'), kernelElf(code, data));
    const r = cli('run', '-kernel', join(tmp, 'tiny.elf'), '--max-insns', '100', '--verbose');
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('prom says hi\n');
  });
  test('--verbose names the hypercalls and client-interface services the guest used that the machine lacks, with counts and answers', () => {
    const K = 0x400000;
    const la = (rt: number, a: number): Insn[] => [['lis', { RT: rt, SI: (a >>> 16) << 16 >> 16 }], ['ori', { RA: rt, RS: rt, UI: a & 0xffff }]];
    const hcall = (n: number): Insn[] => [['addi', { RT: 3, RA: 0, SI: 0 }], ['ori', { RA: 3, RS: 3, UI: n }], ['sc', { LEV: 1 }]];
    // r5 (the client-interface entry) is kept in r31 across the calls.
    const code: Insn[] = [['or', { RA: 31, RS: 5, RB: 5 }], ...hcall(0xf080), ...hcall(0xf080), ...hcall(0x1234),
      ...la(3, K + 0x1100), ['mtctr', { RS: 31 }], ['bctrl'], ['b', { LI: 0 }]];
    const data = { 0x1000: cstr('frobnicate'), 0x1100: cells(K + 0x1000, 0, 1, 0) };
    writeFileSync(join(tmp, 'gaps.elf'), kernelElf(code, data));
    const r = cli('run', '-kernel', join(tmp, 'gaps.elf'), '--max-insns', '2000', '--verbose');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('pseries-rr: unimplemented hypercall 0xf080 (H_GET_PERF_COUNTER_INFO) called 2 times; answered H_FUNCTION\n');
    expect(r.stderr).toContain('pseries-rr: unimplemented hypercall 0x1234 called once; answered H_FUNCTION\n');
    expect(r.stderr).toContain("pseries-rr: unimplemented client-interface service 'frobnicate' called once; answered -1\n");
  });
  test('unknown option', () => expectOneLineError(cli('run', '-bios', HELLO, '--frobnicate'), 2, /Unknown argument: frobnicate/));
  test('no command', () => expectOneLineError(cli(), 2, /^pseries-rr: name a command \(try --help\)$/));
  test('unknown command', () => expectOneLineError(cli('fly'), 2, /Unknown argument: fly|unknown command/));
  test('RAM size too small', () => expectOneLineError(cli('run', '-bios', HELLO, '-m', '128M'), 2, /RAM size .* multiple of 256M, at least 256M/));
  test('RAM size not a whole number of 256M blocks', () => expectOneLineError(cli('run', '-bios', HELLO, '-m', '300M'), 2, /multiple of 256M/));
  test('RAM size that is not a size', () => expectOneLineError(cli('run', '-bios', HELLO, '-m', 'lots'), 2, /invalid memory size 'lots'/));
  test('unknown CPU model', () => expectOneLineError(cli('run', '-bios', HELLO, '-cpu', 'POWER3'), 2, /unknown CPU model 'POWER3'/));
  test('negative --max-insns', () => expectOneLineError(cli('run', '-bios', HELLO, '--max-insns', '-5'), 2, /--max-insns must be a non-negative integer/));
});

describe('pseries-rr run: a good run', () => {
  test('hello prints its greeting and exits 0 on power-off', () => {
    const r = cli('run', '-bios', HELLO);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Hello/);
  });
  test('console input comes from stdin', () => {
    const r = cliWithInput('typed on stdin\n', 'run', '-bios', join(ROOT, 'corpus/bare/echo.img'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('echo: typed on stdin\n');
    expect(r.stdout).toContain('echo: bytes=000000000000000e');
  });
  test('--max-insns stops the guest with exit status 4 and says so', () => {
    const r = cli('run', '-bios', HELLO, '--max-insns', '10');
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/stopped at the instruction limit \(10 instructions\)/);
  });
  test('--trace prints each instruction before it runs: icount, address, word, disassembly', () => {
    const r = cli('run', '-bios', HELLO, '--trace', '--max-insns', '3');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(4); // 3 instructions + the stop line
    // The image's first word at 0x100 is its entry branch (corpus/bare/src/vectors.inc).
    const word = readFileSync(HELLO).readUInt32BE(0x100).toString(16).padStart(8, '0');
    expect(lines[0]).toMatch(new RegExp(`^\\s+1 0000000000000100  ${word}  b\\s+0x[0-9a-f]+$`));
    expect(lines[1]).toMatch(/^\s+2 [0-9a-f]{16}  [0-9a-f]{8}  \S/);
  });
  test('--help lists the QEMU-style options', () => {
    const r = cli('run', '--help');
    expect(r.code).toBe(0);
    for (const o of ['--bios', '--kernel', '--initrd', '--append', '-m', '--cpu', '--max-insns', '--unassigned', '--trace']) expect(r.stdout).toContain(o);
  });
});
