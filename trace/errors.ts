// The one error type of the trace reader and writer. Every problem with a trace file (missing,
// not a trace, newer format, truncated, damaged, wrongly shaped) is a TraceError whose message
// is ONE line: what is wrong, where (byte offset, frame number) and what to do about it.

export type TraceErrorCode =
  | 'io' // the file cannot be opened, read or written
  | 'not-a-trace' // bad magic
  | 'newer-version' // written by a newer pseries-rr
  | 'truncated' // the file ends inside its header (or inside something that must be complete)
  | 'checksum' // a header, frame, footer or trailer check does not match
  | 'zstd' // the decompressor refused a frame
  | 'msgpack' // the decompressed bytes are not valid msgpack
  | 'shape' // valid msgpack of the wrong structure (record, header, footer index)
  | 'order' // records or frames out of icount order
  | 'usage'; // the writer was called wrongly (bad record, appended after close)

export class TraceError extends Error {
  override name = 'TraceError';
  constructor(
    readonly code: TraceErrorCode,
    message: string,
    /** Byte offset in the file the problem was found at, when there is one. */
    readonly offset?: number,
    /** Frame number (0-based) the problem was found in, when there is one. */
    readonly frame?: number,
  ) {
    super(oneLine(message));
  }
}

function oneLine(s: string): string {
  const t = s.replace(/\s*[\r\n]+\s*/g, ' ');
  return t.length > 400 ? `${t.slice(0, 397)}...` : t;
}

/** "1,234,567": byte offsets and icounts in messages. */
export function n(x: number | bigint): string {
  return x.toLocaleString('en-US');
}

/** The message of anything thrown (which may be a string: emscripten throws those). */
export function describeThrown(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  const t = s.replace(/\s+/g, ' ');
  return t.length > 120 ? `${t.slice(0, 117)}...` : t;
}
