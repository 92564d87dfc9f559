// The client-interface services on the tree QEMU 7.2 builds for
// `-M pseries,x-vof=on -m 512M -kernel K -initrd I`. Expected values are QEMU's measured
// facts (corpus/linux/README.md: phandles, /chosen/stdout, /memory@0/available), QEMU's
// vof.c conventions (PROM_ERROR = -1, …) or worked by hand.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Cpu } from '../../cpu/cpu.js';
import { Ram } from '../../memory/ram.js';
import { type FdtNode, parseFdt, readU32s } from '../fdt/blob.js';
import { buildPseriesTree, type Negotiated, type PseriesConfig, VTY_PATH } from '../fdt/pseries.js';
import { PROM_ERROR, RTAS_BLOB, VofClient } from './client.js';

const MiB = 1024 * 1024;
const KERNEL = { addr: 0x400000, size: 0x287ca18 };
const INITRD = { addr: 0x2c90000, size: 0x430 };
const noCpu = { tb: { now: () => 0n } } as unknown as Cpu;

/** The seed the tree rebuilt at CAS gets. */
const CAS_SEED = new Uint8Array(32).fill(0x5a);

function setup(opts: { bootargs?: string; rngSeed?: Uint8Array } = {}) {
  const ram = new Ram(MiB);
  const out: number[] = [];
  const cfg: PseriesConfig = {
    ramBytes: 512 * MiB, cpuModel: 'POWER8', vty: true, rng: true, bootargs: opts.bootargs ?? 'console=hvc0',
    kernel: { ...KERNEL, littleEndian: true }, initrd: INITRD, rngSeed: opts.rngSeed ?? new Uint8Array(32),
  };
  const tree = buildPseriesTree(cfg);
  const negotiated: Negotiated[] = [], halts: string[] = [];
  const vof = new VofClient({
    ram, console: (b) => out.push(...b), halt: (_c, r) => halts.push(r), pvr: 0x004d0200,
    negotiated: (n) => negotiated.push(n),
    rebuild: (n, initrd) => buildPseriesTree({ ...cfg, negotiated: n, initrd, rngSeed: CAS_SEED }).root,
  }, tree.root, { fwSize: 0xda0, rmaBytes: 512 * MiB, kernel: KERNEL, initrd: INITRD, stdoutPath: VTY_PATH });
  let next = 0x10000;
  /** A NUL-terminated string placed in RAM; its address. */
  const s = (text: string) => {
    const at = next;
    ram.write(at, new TextEncoder().encode(text + '\0'));
    next += (text.length + 16) & ~7;
    return at;
  };
  const call = (service: string, args: number[], nret = 1) => vof.handle({ service, args, nret }, noCpu);
  const ret = (service: string, ...args: number[]) => call(service, args)[0];
  const cstr = (at: number) => {
    let e = at;
    while (ram.u8[e]) e++;
    return new TextDecoder().decode(ram.u8.subarray(at, e));
  };
  const words = (at: number, n: number) => Array.from({ length: n }, (_, i) => ram.dv.getUint32(at + 4 * i));
  return { ram, vof, out, s, call, ret, cstr, words, negotiated, halts };
}

describe('VOF client interface', () => {
  test('phandles: 0x1112.. depth-first, the XICS keeps 0x1111 (QEMU measured)', () => {
    const { ret, s } = setup();
    const want: [string, number][] = [
      ['/', 0x1112], ['/ibm,persistent-memory', 0x1113], ['/chosen', 0x1114], ['/rtas', 0x1115],
      ['/event-sources', 0x1116], ['/event-sources/hot-plug-events', 0x1117], ['/event-sources/epow-events', 0x1118],
      ['/cpus', 0x1119], ['/cpus/PowerPC,POWER8@0', 0x111a], ['/pci@800000020000000', 0x111b],
      ['/ibm,platform-facilities', 0x111c], ['/ibm,platform-facilities/ibm,random-v1', 0x111d], ['/vdevice', 0x111e],
      ['/vdevice/nvram@71000000', 0x111f], ['/vdevice/vty@71000001', 0x1120], ['/memory@0', 0x1121], ['/interrupt-controller', 0x1111],
    ];
    for (const [path, ph] of want) expect([path, ret('finddevice', s(path))]).toEqual([path, ph]);
    expect(ret('finddevice', s('/nonexistent'))).toBe(PROM_ERROR);
    expect(ret('finddevice', s('/cpus/PowerPC,POWER8'))).toBe(0x111a); // a name without its unit address
    expect(ret('finddevice', s('/PCI@800000020000000'))).toBe(PROM_ERROR); // names are case-sensitive
  });
  test('/chosen/stdout = 1, the ihandle of the vty opened at reset; added properties come first', () => {
    const { vof, ret, s, words } = setup();
    const chosen = vof.tree.find('/chosen')!;
    expect(chosen.props.slice(0, 3).map(([k]) => k)).toEqual(['stdout', 'phandle', 'ibm,architecture-vec-5']);
    expect(ret('getprop', 0x1114, s('stdout'), 0x20000, 4)).toBe(4);
    expect(words(0x20000, 1)).toEqual([1]);
    expect(ret('instance-to-package', 1)).toBe(0x1120);
    expect(ret('instance-to-package', 2)).toBe(PROM_ERROR);
  });
  test('/memory@0/available after the reset claims (QEMU measured)', () => {
    const { ret, s, words } = setup();
    expect(ret('getproplen', 0x1121, s('available'))).toBe(64);
    expect(ret('getprop', 0x1121, s('available'), 0x20000, 64)).toBe(64);
    expect(words(0x20000, 16)).toEqual([0, 0xda0, 0, 0x7260, 0, 0x10000, 0, 0x3f0000, 0, 0x2c7ca18, 0, 0x135e8, 0, 0x2c90430, 0, 0x1d36fbd0]);
  });
  test('claim then getprop of available; release; an overlapping claim fails', () => {
    const { ret, s, words } = setup();
    expect(ret('claim', 0x3000000, 0x10000, 0)).toBe(0x3000000);
    expect(ret('claim', 0x3008000, 0x1000, 0)).toBe(PROM_ERROR);
    expect(ret('getprop', 0x1121, s('available'), 0x20000, 80)).toBe(80);
    expect(words(0x20000 + 48, 8)).toEqual([0, 0x2c90430, 0, 0x3000000 - 0x2c90430, 0, 0x3010000, 0, 0x20000000 - 0x3010000]);
    // aligned: from the claimed base (the end of the highest claim so far), aligned up
    expect(ret('claim', 0, 0x1000, 0x100000)).toBe(0x3100000);
    expect(ret('release', 0x3000000, 0x10000)).toBe(0); // (nret 0 in real use)
    expect(ret('getproplen', 0x1121, s('available'))).toBe(80);
    expect(ret('release', 0x3000000, 0x10000)).toBe(PROM_ERROR);
  });
  test('getprop of ibm,pft-size; a short buffer gets what fits and the full length back', () => {
    const { ret, s, words, ram } = setup();
    const cpu = ret('finddevice', s('/cpus/PowerPC,POWER8@0'));
    expect(ret('getprop', cpu, s('ibm,pft-size'), 0x20000, 8)).toBe(8);
    expect(words(0x20000, 2)).toEqual([0, 0x16]); // 512 MiB: log2(512M) - 7
    ram.dv.setUint32(0x20100, 0xaaaaaaaa);
    expect(ret('getprop', cpu, s('ibm,pft-size'), 0x200fc, 6)).toBe(8);
    expect(ram.dv.getUint16(0x20100)).toBe(0); // bytes 4..5 of the value
    expect(ram.dv.getUint16(0x20102)).toBe(0xaaaa); // untouched past the buffer
    expect(ret('getprop', cpu, s('no-such-prop'), 0x20000, 8)).toBe(PROM_ERROR);
    expect(ret('getprop', 0x9999, s('name'), 0x20000, 8)).toBe(PROM_ERROR);
  });
  test('"name" without a name property: the node name up to "@", NUL-terminated', () => {
    const { ret, s, cstr } = setup();
    expect(ret('getproplen', 0x111a, s('name'))).toBe('PowerPC,POWER8'.length + 1);
    expect(ret('getprop', 0x111a, s('name'), 0x20000, 64)).toBe(15);
    expect(cstr(0x20000)).toBe('PowerPC,POWER8');
    expect(ret('getprop', 0x1112, s('name'), 0x20000, 64)).toBe(1); // the root: ""
  });
  test('nextprop walks the properties in tree order, then answers 0', () => {
    const { ret, s, cstr, vof } = setup();
    const names: string[] = [];
    let prev = s('');
    for (;;) {
      const r = ret('nextprop', 0x1114, prev, 0x20000);
      if (r === 0) break;
      expect(r).toBe(1);
      names.push(cstr(0x20000));
      prev = s(names[names.length - 1]);
    }
    // QEMU's vof.dts order for /chosen
    expect(names).toEqual(['stdout', 'phandle', 'ibm,architecture-vec-5', 'rng-seed', 'ibm,arch-vec-5-platform-support',
      'linux,pci-probe-only', 'stdout-path', 'linux,stdout-path', 'qemu,graphic-depth', 'qemu,graphic-height',
      'qemu,graphic-width', 'qemu,boot-kernel-le', 'qemu,boot-kernel', 'linux,initrd-end', 'linux,initrd-start', 'bootargs']);
    expect(names.length).toBe(vof.tree.find('/chosen')!.props.length);
    expect(ret('nextprop', 0x1114, s('no-such'), 0x20000)).toBe(0);
  });
  test('peer, child, parent', () => {
    const { ret } = setup();
    expect(ret('peer', 0)).toBe(0x1112);
    expect(ret('child', 0x1112)).toBe(0x1113);
    expect(ret('peer', 0x1113)).toBe(0x1114);
    expect(ret('peer', 0x1111)).toBe(0); // the last child of the root
    expect(ret('peer', 0x1112)).toBe(0); // the root has no peer
    expect(ret('child', 0x1117)).toBe(0);
    expect(ret('parent', 0x1117)).toBe(0x1116);
    expect(ret('parent', 0x1112)).toBe(0);
  });
  test('package-to-path round trip; instance-to-path', () => {
    const { ret, s, cstr } = setup();
    for (const path of ['/', '/cpus/PowerPC,POWER8@0', '/vdevice/vty@71000001']) {
      const ph = ret('finddevice', s(path));
      expect(ret('package-to-path', ph, 0x20000, 256)).toBe(path.length + 1);
      expect(cstr(0x20000)).toBe(path);
      expect(ret('finddevice', 0x20000)).toBe(ph);
    }
    expect(ret('instance-to-path', 1, 0x20000, 256)).toBe(VTY_PATH.length + 1);
    expect(cstr(0x20000)).toBe(VTY_PATH);
    expect(ret('package-to-path', 0x4444, 0x20000, 256)).toBe(PROM_ERROR);
  });
  test('open gives new ihandles; close; write reaches the console for the vty and answers 0', () => {
    const { ret, s, ram, out } = setup();
    const root = ret('open', s('/'));
    expect(root).toBe(2);
    expect(ret('open', s('/nope'))).toBe(PROM_ERROR);
    ram.write(0x20000, new TextEncoder().encode('hello\n'));
    expect(ret('write', 1, 0x20000, 6)).toBe(0); // QEMU's vof_write returns 0
    expect(String.fromCharCode(...out)).toBe('hello\n');
    expect(ret('write', root, 0x20000, 6)).toBe(0); // not a serial device: not printed
    expect(out.length).toBe(6);
    ret('close', root);
    expect(ret('write', root, 0x20000, 6)).toBe(PROM_ERROR);
    expect(ret('open', s('/'))).toBe(3); // ihandles are not reused
  });
  test('setprop stores the value (a new property first); read back with getprop', () => {
    const { ret, s, ram, words, vof } = setup();
    ram.dv.setUint32(0x20000, 0x1fff0000);
    expect(ret('setprop', 0x1115, s('linux,rtas-base'), 0x20000, 4)).toBe(4);
    expect(ret('getprop', 0x1115, s('linux,rtas-base'), 0x20100, 4)).toBe(4);
    expect(words(0x20100, 1)).toEqual([0x1fff0000]);
    expect(vof.tree.find('/rtas')!.props[0][0]).toBe('linux,rtas-base');
    expect(ret('setprop', 0x1115, s('big'), 0x20000, 2049)).toBe(PROM_ERROR);
  });
  /** A CAS request at 0x30000: POWER8 raw, then 2.07 and 2.06 architected, then the "all
   *  others" terminator; then `vectors` (vector n = vectors[n - 1]). */
  function casRequest(ram: Ram, vectors: number[][]): number {
    const req = [0xffff0000, 0x004d0000, 0xffffffff, 0x0f000004, 0xffffffff, 0x0f000003, 0x00000000, 0x0f000001];
    req.forEach((w, i) => ram.dv.setUint32(0x30000 + 4 * i, w));
    ram.write(0x30020, Uint8Array.of(vectors.length - 1, ...vectors.flatMap((v) => [v.length - 1, ...v])));
    return 0x30000;
  }
  // Vector 5 as Linux 6.1 sends it in its first 22 bytes (prom_init.c ibm_architecture_vec):
  // byte 1 0x80 (LPAR) | 0x40 (SPLPAR)…, byte 2 DRCONF_MEMORY, byte 5 FORM1 | FORM2,
  // byte 6 HP_EVT | HPT_RESIZE, byte 22 DRMEM_V2; bytes 3 and 25 bits the machine does not offer.
  const LINUX_OV5 = [0xc0, 0x20, 0xff, 0, 0xa0, 0x05, ...new Array(15).fill(0), 0x80, 0, 0, 0x40];
  test('CAS on the root answers [0, 0], records the architected PVR and rebuilds the tree (QEMU 7.2)', () => {
    const { call, s, ram, vof, ret, negotiated, halts } = setup();
    const root = call('open', [s('/')])[0];
    const chosen = () => vof.tree.find('/chosen')!;
    ram.write(0x20000, Uint8Array.of(1, 2, 3, 4));
    expect(ret('setprop', 0x1114, s('linux,stdout-package'), 0x20000, 4)).toBe(4);
    expect(call('call-method', [s('ibm,client-architecture-support'), root, casRequest(ram, [[0xa, 0xb, 0xc], [0xd], [0], [0], LINUX_OV5])], 2)).toEqual([0, 0]);
    expect(halts).toEqual([]);
    expect(vof.cas!.compatPvr).toBe(0x0f000004);
    expect(vof.cas!.vectors[2]).toEqual(Uint8Array.of(0xd));
    expect(readU32s(vof.tree.getProp(vof.tree.find('/cpus/PowerPC,POWER8@0')!, 'cpu-version')!)).toEqual([0x0f000004]);
    // vector 5 both have, as spapr_dt_ovec writes it: <len - 1> then bytes 1..22
    const vec5 = [21, 0, 0x20, 0, 0, 0xa0, 0x05, ...new Array(15).fill(0), 0x80];
    expect([...vof.tree.getProp(chosen(), 'ibm,architecture-vec-5')!]).toEqual(vec5);
    expect(negotiated).toHaveLength(1);
    expect(vof.tree.getProp(chosen(), 'rng-seed')).toEqual(CAS_SEED); // drawn anew
    // FORM2 affinity: the memory's domain list <1 0>, /rtas's tables
    expect(readU32s(vof.tree.getProp(vof.tree.find('/memory@0')!, 'ibm,associativity')!)).toEqual([1, 0]);
    expect(readU32s(vof.tree.getProp(vof.tree.find('/rtas')!, 'ibm,associativity-reference-points')!)).toEqual([1]);
    // the client's earlier setprop is gone; phandles are the same; stdout is opened anew
    // after the root's ihandle 2
    expect(vof.tree.getProp(chosen(), 'linux,stdout-package')).toBeUndefined();
    expect(ret('finddevice', s('/chosen'))).toBe(0x1114);
    expect(readU32s(vof.tree.getProp(chosen(), 'stdout')!)).toEqual([3]);
    expect(ret('instance-to-package', 1)).toBe(0x1120); // instances outlive the rebuild
    expect(call('call-method', [s('frobnicate'), root, 0], 2)[0]).toBe(PROM_ERROR);
    expect(call('call-method', [s('ibm,client-architecture-support'), 99, 0], 2)[0]).toBe(PROM_ERROR);
  });
  test('CAS without FORM2 keeps FORM1 affinity; bootargs and the initrd the client set survive the rebuild', () => {
    const { call, s, ram, vof, ret } = setup();
    const root = call('open', [s('/')])[0];
    const chosen = () => vof.tree.find('/chosen')!;
    ram.write(0x20000, new TextEncoder().encode('quiet\0junk'));
    expect(ret('setprop', 0x1114, s('bootargs'), 0x20000, 10)).toBe(10);
    ram.dv.setBigUint64(0x20100, 0x2d00000n);
    ram.dv.setBigUint64(0x20108, 0x2d00800n);
    expect(ret('setprop', 0x1114, s('linux,initrd-start'), 0x20100, 8)).toBe(8);
    expect(ret('setprop', 0x1114, s('linux,initrd-end'), 0x20108, 8)).toBe(8);
    const form1Only = [...LINUX_OV5];
    form1Only[4] = 0x80;
    expect(call('call-method', [s('ibm,client-architecture-support'), root, casRequest(ram, [[0], [0], [0], [0], form1Only])], 2)).toEqual([0, 0]);
    expect(readU32s(vof.tree.getProp(vof.tree.find('/memory@0')!, 'ibm,associativity')!)).toEqual([4, 0, 0, 0, 0]);
    expect(vof.tree.getProp(vof.tree.find('/rtas')!, 'ibm,numa-distance-table')).toBeUndefined();
    expect(new TextDecoder().decode(vof.tree.getProp(chosen(), 'bootargs'))).toBe('quiet\0'); // up to its NUL
    // spapr_dt_chosen writes the initrd as 32-bit cells whatever size the client used
    expect(readU32s(vof.tree.getProp(chosen(), 'linux,initrd-start')!)).toEqual([0x2d00000]);
    expect(readU32s(vof.tree.getProp(chosen(), 'linux,initrd-end')!)).toEqual([0x2d00800]);
  });
  test('CAS errors: no vector 5 → H_PARAMETER, no PVR the CPU runs → H_HARDWARE, both MMUs → the machine stops; stdout is opened anew each time', () => {
    const { call, s, ram, vof, halts, negotiated } = setup();
    const root = call('open', [s('/')])[0];
    const cas = () => call('call-method', [s('ibm,client-architecture-support'), root, 0x30000], 2);
    const stdout = () => readU32s(vof.tree.getProp(vof.tree.find('/chosen')!, 'stdout')!)[0];
    casRequest(ram, [[0], [0]]);
    expect(cas()).toEqual([0xfffffffc, 0]); // H_PARAMETER (-4) as a cell
    expect(stdout()).toBe(3);
    ram.dv.setUint32(0x30000, 0xffffffff); ram.dv.setUint32(0x30004, 0x004c0000); // a POWER8E only…
    ram.dv.setUint32(0x30008, 0); ram.dv.setUint32(0x3000c, 0xffffffff); // …then the terminator
    expect(cas()).toEqual([0xffffffff, 0]); // H_HARDWARE (-1)
    expect(stdout()).toBe(4);
    const bothMmus = [...LINUX_OV5];
    bothMmus[23] = 0x80;
    casRequest(ram, [[0], [0], [0], [0], bothMmus]);
    cas();
    expect(halts).toEqual(['checkstop']);
    expect(negotiated.length).toBe(0);
  });
  test('call-method instantiate-rtas on /rtas places the RTAS blob and returns its address', () => {
    const { call, s, ram } = setup();
    const rtas = call('open', [s('/rtas')])[0];
    expect(call('call-method', [s('instantiate-rtas'), rtas, 0x40000], 2)).toEqual([0, 0x40000]);
    expect(ram.u8.slice(0x40000, 0x40000 + RTAS_BLOB.length)).toEqual(RTAS_BLOB);
    expect(RTAS_BLOB.length).toBe(20);
  });
  test('unknown services and wrong nargs/nret return -1 and are counted', () => {
    const { call, ret, vof, s } = setup();
    expect(ret('canon', s('/'), 0x20000, 64)).toBe(PROM_ERROR);
    expect(ret('boot', s(''))).toBe(PROM_ERROR);
    expect(call('finddevice', [s('/'), 0], 1)[0]).toBe(PROM_ERROR); // finddevice takes 1 arg
    expect(ret('interpret', s('1 2 +'))).toBe(PROM_ERROR);
    expect([...vof.unknown]).toEqual([['canon', 1], ['boot', 1], ['finddevice', 1]]);
  });
});

// QEMU's own dump of this boot's tree (`npm run corpus:linux -- measure --dtb`), when cached.
const cache = process.env.PSERIES_RR_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pseries-rr');
const VOF_DTB = join(cache, 'linux/measure/vof.dtb');
if (!existsSync(VOF_DTB)) console.warn(`WARNING: the comparison with QEMU's x-vof=on device tree is skipped: ${VOF_DTB} is missing (npm run corpus:linux -- measure --runs 0 --dtb makes it; CI does)`);
test.skipIf(!existsSync(VOF_DTB))('the tree after reset equals QEMU 7.2\'s dumped x-vof=on tree', () => {
  const qemu = parseFdt(readFileSync(VOF_DTB)).root;
  const chosen = qemu.children.find((c) => c.name === 'chosen')!;
  const get = (k: string) => chosen.props.find(([n]) => n === k)![1];
  const bootargs = new TextDecoder().decode(get('bootargs')).replace(/\0$/, '');
  const { vof } = setup({ bootargs, rngSeed: get('rng-seed') });
  const plain = (n: FdtNode): unknown => ({ name: n.name, props: n.props.map(([k, v]) => [k, Buffer.from(v).toString('hex')]), children: n.children.map(plain) });
  expect(plain(vof.tree.root)).toEqual(plain(qemu));
});
