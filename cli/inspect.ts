// `pseries-rr inspect FILE`: the header, what the trace holds (records and bytes per kind),
// whether it is complete, and the records in an icount range as text or JSON lines.
import type { TraceReader } from '../trace/reader.js';
import type { ImageRef, TraceRecord } from '../trace/records.js';
import { describeRecord } from '../trace/inputs.js';
import { openTrace } from './open-trace.js';

export interface InspectArgs {
  file: string;
  records?: boolean;
  from?: number;
  to?: number;
  json?: boolean;
}

export async function inspectCommand(a: InspectArgs): Promise<number> {
  const reader = await openTrace(a.file);
  const listing = a.records || a.from !== undefined || a.to !== undefined;
  const from = a.from ?? 0, to = a.to ?? Infinity;
  if (a.json) {
    const out = (v: unknown) => process.stdout.write(JSON.stringify(v, jsonValue) + '\n');
    if (listing) for (const r of reader.records(from, to)) out(r);
    else out({ header: reader.header, complete: reader.complete, cutShort: reader.cutShort ?? null, stats: reader.stats() });
    return 0;
  }
  if (listing) {
    for (const r of reader.records(from, to)) process.stdout.write(`${String(r.icount).padStart(14)}  ${r.kind.padEnd(10)} ${text(r)}\n`);
    return 0;
  }
  process.stdout.write(overview(reader));
  return 0;
}

function overview(reader: TraceReader): string {
  const h = reader.header, s = reader.stats();
  const lines = [
    `trace format ${h.formatVersion}, recorded by pseries-rr ${h.engineVersion} (commit ${h.engineCommit.slice(0, 12)})`,
    `machine: ${h.config.cpu}, ${h.config.ramBytes / 2 ** 20} MiB RAM, ${h.config.tbTicksPerInsn} TB tick(s) per instruction, unassigned accesses: ${h.config.unassigned}${h.config.append ? `, -append ${JSON.stringify(h.config.append)}` : ''}`,
    ...(Object.entries(h.images) as [string, ImageRef | undefined][]).filter(([, r]) => r).map(([k, r]) => `-${k} ${r!.path} (${r!.size} bytes, sha256 ${r!.sha256})`),
    `device tree sha256 ${h.fdtSha256}`,
    `checkpoint every ${h.checkpointInterval.toLocaleString('en')} instructions; snapshot every ${h.snapshotInterval ? h.snapshotInterval.toLocaleString('en') : '(never)'}`,
    reader.complete ? 'complete (footer index present)' : `CUT SHORT: ${reader.cutShort}`,
    `${s.frames} frames, ${s.fileBytes.toLocaleString('en')} bytes`,
    '',
    `${'kind'.padEnd(12)}${'records'.padStart(12)}${'bytes'.padStart(14)}`,
    ...Object.entries(s.perKind).map(([k, v]) => `${k.padEnd(12)}${v.count.toLocaleString('en').padStart(12)}${v.bytes.toLocaleString('en').padStart(14)}`),
  ];
  return lines.join('\n') + '\n';
}

function text(r: TraceRecord): string {
  switch (r.kind) {
    case 'snapshot': return `${r.full ? 'full' : 'delta'}, ${r.state.length.toLocaleString('en')} bytes`;
    case 'checkpoint': return r.hash;
    case 'end': return `${r.reason}, hash ${r.hash}`;
    case 'rngseed': return Buffer.from(r.bytes).toString('hex');
    default: return describeRecord(r).replace(/ at icount \d+$/, '');
  }
}

function jsonValue(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return `0x${v.toString(16)}`;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (v === Infinity) return null;
  return v;
}
