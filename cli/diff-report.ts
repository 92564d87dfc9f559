// Printing a diff result: text for people, JSON for tools.
import type { DiffResult } from '../trace/state/diff.js';

const hex = (v: bigint | number | undefined, width = 16) => (v === undefined ? '-' : `0x${v.toString(16).padStart(width, '0')}`);

export function diffText(r: DiffResult): string {
  const d = r.divergence;
  const out: string[] = [];
  if (r.deviations.length) {
    const byId = new Map<string, number[]>();
    for (const x of r.deviations) byId.set(x.id, [...(byId.get(x.id) ?? []), x.icount]);
    for (const [id, at] of byId) out.push(`known deviation ${id} stepped over ${at.length}× (first at icount ${at[0].toLocaleString('en')}; see oracle/qemu/deviations.ts)`);
  }
  if (!d) return [...out, `no divergence: ${r.labelA} and ${r.labelB} agree on all ${r.compared.toLocaleString('en')} instructions`].join('\n') + '\n';
  switch (d.kind) {
    case 'initial':
      out.push(`the states differ before the first instruction`);
      break;
    case 'length':
      out.push(`${d.ended === 'a' ? r.labelA : r.labelB} ends after ${(d.icount - 1).toLocaleString('en')} instructions; ${d.ended === 'a' ? r.labelB : r.labelA} goes on`);
      break;
    case 'pc':
      out.push(`diverged at icount ${d.icount.toLocaleString('en')}: ${r.labelA} executes at ${hex(d.pcA)}, ${r.labelB} at ${hex(d.pcB)}`);
      break;
    case 'word':
      out.push(`diverged at icount ${d.icount.toLocaleString('en')} (pc ${hex(d.pcA)}): the instruction words differ: ${r.labelA} ${hex(d.wordA, 8)}, ${r.labelB} ${hex(d.wordB, 8)}`);
      break;
    case 'registers':
      out.push(`diverged at icount ${d.icount.toLocaleString('en')} (pc ${hex(d.pcA)}): ${hex(d.wordA, 8)}  ${d.text}`);
      break;
  }
  if (d.registers.length) {
    const w = Math.max(r.labelA.length, r.labelB.length, 18);
    out.push(`  ${'register'.padEnd(9)}${'before'.padEnd(20)}${`${r.labelA} after`.padEnd(w + 8)}${r.labelB} after`);
    for (const g of d.registers) out.push(`  ${g.name.padEnd(9)}${hex(g.before).padEnd(20)}${hex(g.a).padEnd(w + 8)}${hex(g.b)}`);
  }
  if (d.history.length) {
    out.push(`the ${d.history.length} instructions before it (${r.labelA}):`);
    for (const h of d.history) out.push(`  ${String(h.icount).padStart(12)}  ${hex(h.pc)}  ${h.word < 0 ? '????????' : (h.word >>> 0).toString(16).padStart(8, '0')}  ${h.text}`);
  }
  return out.join('\n') + '\n';
}

export function diffJson(r: DiffResult): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v)) + '\n';
}
