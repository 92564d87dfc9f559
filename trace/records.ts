// What a trace holds (trace/FORMAT.md documents the encoding field by field).
//
// A trace is a header, then frames of records in icount order, then a footer index. Input
// records carry what the machine learned from outside at that instruction count; check
// records (interrupt, checkpoint, end) carry what the machine did, so a replay can prove it
// did the same.

/** Machine configuration as recorded (everything needed to re-create the machine except the
 *  images themselves, which are named and hashed). */
export interface RecordedConfig {
  ramBytes: number;
  cpu: string;
  append?: string;
  tbTicksPerInsn: number;
  unassigned: 'machine-check' | 'ignore';
  rng: boolean;
}

export interface ImageRef {
  /** Path as given when recording (replay may be pointed elsewhere). */
  path: string;
  size: number;
  sha256: string;
}

export interface TraceHeader {
  formatVersion: number;
  engineVersion: string;
  /** git commit of the engine that recorded, or 'unknown'. */
  engineCommit: string;
  config: RecordedConfig;
  images: { bios?: ImageRef; kernel?: ImageRef; initrd?: ImageRef };
  /** SHA-256 of the flattened device tree the machine booted with. */
  fdtSha256: string;
  /** A checkpoint record every this many instructions. */
  checkpointInterval: number;
  /** A snapshot record every this many instructions (0: none). */
  snapshotInterval: number;
}

export type TraceRecord =
  /** Console bytes the guest read (H_GET_TERM_CHAR) at icount. Empty reads are not recorded. */
  | { kind: 'console'; icount: number; bytes: Uint8Array }
  /** 64 bits of H_RANDOM entropy. */
  | { kind: 'random'; icount: number; value: bigint }
  /** Wall-clock milliseconds the RTC returned (get-time-of-day, set-time-of-day). */
  | { kind: 'rtc'; icount: number; millis: number }
  /** The device tree's /chosen/rng-seed (icount 0). */
  | { kind: 'rngseed'; icount: number; bytes: Uint8Array }
  /** An asynchronous interrupt was delivered before instruction icount + 1. */
  | { kind: 'interrupt'; icount: number; vector: number }
  /** Machine state hash (hex SHA-256, engine/hash.ts) at icount. */
  | { kind: 'checkpoint'; icount: number; hash: string }
  /** An engine snapshot at icount (opaque bytes from Machine.snapshot; `full` if it does
   *  not depend on earlier snapshots). */
  | { kind: 'snapshot'; icount: number; full: boolean; state: Uint8Array }
  /** The run ended: final icount, hash and why. */
  | { kind: 'end'; icount: number; hash: string; reason: string };

export type RecordKind = TraceRecord['kind'];
export const RECORD_KINDS: readonly RecordKind[] = ['console', 'random', 'rtc', 'rngseed', 'interrupt', 'checkpoint', 'snapshot', 'end'];
