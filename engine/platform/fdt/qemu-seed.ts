// QEMU's /chosen/rng-seed as a function of `-seed N` (QEMU util/guest-random.c with
// GLib's GRand, a Mersenne Twister MT19937): with -seed, the main thread's generator is
// g_rand_new_with_seed_array([N low 32 bits, N high 32 bits]); each vCPU thread first
// takes 8 bytes (two outputs) from it, which seed that thread's own generator the same way.
// An FDT build draws 32 bytes, each 32-bit output stored little-endian, from the generator
// of the thread it runs on: the one at reset on the main thread, the one when
// client-architecture-support rebuilds the tree on the boot vCPU's (the hcall runs there).
// The reset draw is checked against QEMU 7.2 for -seed 1 and 2, the CAS draw in
// vof/cas.qemu.test.ts.
// Only for reproducing QEMU runs; the engine takes the seed bytes as an input.

const N = 624;

class Mt19937 {
  private readonly mt = new Uint32Array(N);
  private i = N + 1;

  private initGenrand(s: number): void {
    this.mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const p = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = (Math.imul(1812433253, p) + i) >>> 0;
    }
    this.i = N;
  }

  /** init_by_array, as g_rand_set_seed_array. */
  seedArray(key: readonly number[]): void {
    this.initGenrand(19650218);
    let i = 1, j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const p = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = ((this.mt[i] ^ Math.imul(p, 1664525)) + key[j] + j) >>> 0;
      i++; j++;
      if (i >= N) { this.mt[0] = this.mt[N - 1]; i = 1; }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const p = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = ((this.mt[i] ^ Math.imul(p, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) { this.mt[0] = this.mt[N - 1]; i = 1; }
    }
    this.mt[0] = 0x80000000;
    this.i = N;
  }

  next(): number {
    if (this.i >= N) {
      for (let k = 0; k < N; k++) {
        const y = (this.mt[k] & 0x80000000) | (this.mt[(k + 1) % N] & 0x7fffffff);
        this.mt[k] = this.mt[(k + 397) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.i = 0;
    }
    let y = this.mt[this.i++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

function mainThread(seed: bigint | number): Mt19937 {
  const s = BigInt(seed);
  if (s < 0n || s > 0xffffffffffffffffn) throw new Error(`seed out of range: ${seed}`);
  const mt = new Mt19937();
  mt.seedArray([Number(s & 0xffffffffn), Number(s >> 32n)]);
  return mt;
}

function draw32(mt: Mt19937): Uint8Array {
  const out = new Uint8Array(32);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < 32; i += 4) dv.setUint32(i, mt.next(), true);
  return out;
}

/** The 32-byte rng-seed QEMU 7.2 puts in /chosen at reset for `-seed seed` with `vcpus`
 *  vCPU threads. */
export function qemuRngSeed(seed: bigint | number, vcpus = 1): Uint8Array {
  const mt = mainThread(seed);
  for (let i = 0; i < 2 * vcpus; i++) mt.next();
  return draw32(mt);
}

/** The rng-seed of the tree QEMU 7.2 rebuilds at CAS: the boot vCPU thread's first draw. */
export function qemuCasRngSeed(seed: bigint | number): Uint8Array {
  const main = mainThread(seed);
  const vcpu = new Mt19937();
  vcpu.seedArray([main.next(), main.next()]);
  return draw32(vcpu);
}
