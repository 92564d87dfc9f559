// Keeps ARCHITECTURE.md's register-file claim honest: BigInt ops stored straight into a
// BigInt64Array are cheap; BigInt(n)/Number(b) conversions are not.
const N = 20_000_000;

function time(f: () => void): number {
  f();
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / N;
}

export function registerFileBench(): void {
  const buf = new ArrayBuffer(64 * 8);
  const i64 = new BigInt64Array(buf), u32 = new Uint32Array(buf);
  for (let k = 0; k < 32; k++) i64[k] = BigInt(k * 1234567) * 99999999n;
  const add = time(() => { for (let i = 0; i < N; i++) i64[(i + 2) & 31] = i64[i & 31] + i64[(i + 1) & 31]; });
  const conv = time(() => { for (let i = 0; i < N; i++) u32[(i & 31) * 2] = Number(i64[i & 31] & 0xffffn); });
  const word = time(() => { for (let i = 0; i < N; i++) u32[((i + 2) & 31) * 2] = (u32[(i & 31) * 2] + u32[((i + 1) & 31) * 2]) >>> 0; });
  console.log(`  register file (ns/op): BigInt64Array add ${add.toFixed(2)}, 32-bit word add ${word.toFixed(2)}, BigInt→Number conversion ${conv.toFixed(2)}`);
}
