// Between a machine's configuration and a trace header: what record writes down, and how
// replay re-creates the same machine (refusing images whose contents changed).
import { readFileSync } from 'node:fs';
import { DEFAULT_RAM, sha256Hex, type Machine, type MachineConfig } from '../engine/index.js';
import type { ImageRef, RecordedConfig, TraceHeader } from './records.js';
import { engineCommit, engineVersion } from './version.js';


export interface ImagePaths { bios?: string; kernel?: string; initrd?: string }

export function recordedConfig(c: MachineConfig): RecordedConfig {
  return {
    ramBytes: c.ramBytes ?? DEFAULT_RAM, cpu: c.cpu ?? 'POWER8', append: c.append,
    tbTicksPerInsn: c.tbTicksPerInsn ?? 1, unassigned: c.unassigned ?? 'machine-check', rng: c.rng ?? true,
  };
}

function ref(path: string | undefined, bytes: Uint8Array | undefined): ImageRef | undefined {
  return path && bytes ? { path, size: bytes.length, sha256: sha256Hex(bytes) } : undefined;
}

export function makeHeader(config: MachineConfig, paths: ImagePaths, m: Machine, checkpointInterval: number, snapshotInterval: number): TraceHeader {
  return {
    formatVersion: 0, // set by the writer
    engineVersion: engineVersion(),
    engineCommit: engineCommit(),
    config: recordedConfig(config),
    images: { bios: ref(paths.bios, config.bios), kernel: ref(paths.kernel, config.kernel), initrd: ref(paths.initrd, config.initrd) },
    fdtSha256: sha256Hex(m.fdt),
    checkpointInterval,
    snapshotInterval,
  };
}

export class ImageMismatch extends Error {
  override name = 'ImageMismatch';
}

/** Load the images a header names (from `overrides` where given) and check their hashes. */
export function configFromHeader(h: TraceHeader, overrides: ImagePaths = {}): MachineConfig {
  const load = (which: keyof ImagePaths): Uint8Array | undefined => {
    const r = h.images[which];
    if (!r) return undefined;
    const path = overrides[which] ?? r.path;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch {
      throw new ImageMismatch(`the recorded -${which} image '${path}' cannot be read: pass --${which} PATH to the image the trace was recorded with`);
    }
    const sum = sha256Hex(bytes);
    if (sum !== r.sha256) {
      throw new ImageMismatch(`the -${which} image '${path}' is not the one recorded (sha256 ${sum.slice(0, 16)}…, recorded ${r.sha256.slice(0, 16)}…): pass --${which} PATH to the recorded image`);
    }
    return bytes;
  };
  const c = h.config;
  return {
    ramBytes: c.ramBytes, cpu: c.cpu, append: c.append, tbTicksPerInsn: c.tbTicksPerInsn,
    unassigned: c.unassigned, rng: c.rng,
    bios: load('bios'), kernel: load('kernel'), initrd: load('initrd'),
  };
}
