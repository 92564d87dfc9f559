// zstd-codec wrapped: `await initZstd()` once, then synchronous compress / decompress.
//
// What zstd-codec 0.1.5 does (measured, see trace/zstd.test.ts and FORMAT.md "zstd"):
// - it is an emscripten build with a FIXED 16 MiB heap (no memory growth): compressing more
//   than about 5 MiB at once, or decompressing a frame whose header CLAIMS ~16 MiB or more,
//   prints "OOM" to stdout and stderr and throws the STRING "abort(OOM). Build with -s
//   ASSERTIONS=1 ..." (not an Error; the process survives and the codec keeps working);
// - on garbage, truncated or bit-flipped input Simple.decompress usually returns null, but
//   about 4 times in 10 a flipped bit yields the right number of WRONG bytes without
//   complaint (the frames it writes carry no content checksum);
// - an empty input compresses to a 9-byte frame that decompress then refuses (null).
// So: callers compress at most ZSTD_CHUNK_MAX bytes at a time, never empty input; before
// decompressing, the zstd frame header is parsed here in JavaScript and must declare exactly
// the expected content size (≤ ZSTD_CHUNK_MAX); anything thrown is caught; and the trace
// format checks a checksum of the compressed bytes before they get here and a checksum of
// the decompressed bytes after.

import { createRequire } from 'node:module';

/** Largest input compressed (or output expected) in one call: 1 MiB. */
export const ZSTD_CHUNK_MAX = 1 << 20;
export const ZSTD_LEVEL = 3;

interface Simple {
  compress(b: Uint8Array, level?: number): Uint8Array | null;
  decompress(b: Uint8Array): Uint8Array | null;
}
interface ZstdModule {
  Simple: new () => Simple;
}

let simple: Simple | undefined;
let loading: Promise<void> | undefined;

/** Load the codec (an asynchronous WebAssembly compile); later calls return at once. */
export function initZstd(): Promise<void> {
  if (simple) return Promise.resolve();
  loading ??= new Promise<void>((resolve, reject) => {
    try {
      const require = createRequire(import.meta.url);
      const { ZstdCodec } = require('zstd-codec') as { ZstdCodec: { run(f: (z: ZstdModule) => void): void } };
      ZstdCodec.run((z) => {
        simple = new z.Simple();
        resolve();
      });
    } catch (e) {
      loading = undefined;
      reject(e);
    }
  });
  return loading;
}

/** A problem compressing or decompressing (the trace code turns it into a TraceError). */
export class ZstdError extends Error {
  override name = 'ZstdError';
}

function codec(): Simple {
  if (!simple) throw new ZstdError('zstd is not loaded: await initZstd() first');
  return simple;
}

/** Compress 1..ZSTD_CHUNK_MAX bytes. */
export function zstdCompress(raw: Uint8Array, level = ZSTD_LEVEL): Uint8Array {
  if (raw.length === 0 || raw.length > ZSTD_CHUNK_MAX) throw new ZstdError(`cannot compress ${raw.length} bytes at once (1..${ZSTD_CHUNK_MAX})`);
  let out: Uint8Array | null;
  try {
    out = codec().compress(raw, level);
  } catch (e) {
    throw new ZstdError(`zstd compress failed: ${String(e instanceof Error ? e.message : e).slice(0, 100)}`);
  }
  if (!out) throw new ZstdError('zstd compress failed');
  return out;
}

/** The content size a zstd frame header declares, or a reason it cannot be used. Parsed in
 *  JavaScript (RFC 8878 §3.1.1) so that no unchecked size ever reaches the codec. */
export function zstdDeclaredSize(comp: Uint8Array): number | string {
  if (comp.length < 6) return 'too short for a zstd frame';
  if (comp[0] !== 0x28 || comp[1] !== 0xb5 || comp[2] !== 0x2f || comp[3] !== 0xfd) return 'no zstd frame magic';
  const fhd = comp[4];
  if (fhd & 0x08) return 'reserved bit set in the zstd frame header';
  const fcsFlag = fhd >> 6;
  const single = (fhd >> 5) & 1;
  const dictBytes = [0, 1, 2, 4][fhd & 3];
  const fcsBytes = fcsFlag === 0 ? single : [0, 2, 4, 8][fcsFlag];
  if (fcsBytes === 0) return 'the zstd frame does not declare its content size';
  const at = 5 + (single ? 0 : 1) + dictBytes;
  if (at + fcsBytes > comp.length) return 'truncated zstd frame header';
  if (dictBytes) return 'the zstd frame needs a dictionary';
  let size = 0;
  for (let i = fcsBytes - 1; i >= 0; i--) size = size * 256 + comp[at + i];
  if (fcsBytes === 2) size += 256;
  return size;
}

/** Decompress one zstd frame that must hold exactly `rawLen` (1..ZSTD_CHUNK_MAX) bytes. */
export function zstdDecompress(comp: Uint8Array, rawLen: number): Uint8Array {
  if (!(rawLen >= 1 && rawLen <= ZSTD_CHUNK_MAX)) throw new ZstdError(`a chunk of ${rawLen} bytes is outside 1..${ZSTD_CHUNK_MAX}`);
  const declared = zstdDeclaredSize(comp);
  if (typeof declared === 'string') throw new ZstdError(declared);
  if (declared !== rawLen) throw new ZstdError(`the zstd frame declares ${declared.toLocaleString('en-US')} bytes, the trace ${rawLen.toLocaleString('en-US')}`);
  let out: Uint8Array | null;
  try {
    out = codec().decompress(comp);
  } catch (e) {
    throw new ZstdError(`the decompressor failed (${String(e instanceof Error ? e.message : e).slice(0, 60)})`);
  }
  if (!out) throw new ZstdError('the decompressor refused the data');
  if (out.length !== rawLen) throw new ZstdError(`the decompressor returned ${out.length} bytes, expected ${rawLen}`);
  return out;
}
