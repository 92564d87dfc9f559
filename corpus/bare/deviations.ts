// Where QEMU 7.2 and the engine legitimately print different lines for a corpus guest, and
// why. Each entry masks one line pair; everything else must match byte for byte.
export interface Deviation {
  guest: string;
  /** The line the engine prints. */
  engine: RegExp;
  /** The line QEMU 7.2 prints instead. */
  qemu: RegExp;
  reason: string;
}

export const DEVIATIONS: Deviation[] = [];

/** Compare two console transcripts line by line; returns the first difference not covered
 *  by a deviation, or null. */
export function firstDifference(guest: string, engine: string, qemu: string): string | null {
  const a = engine.split('\n'), b = qemu.split('\n');
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) continue;
    const allowed = DEVIATIONS.some((d) => d.guest === guest && a[i] !== undefined && b[i] !== undefined && d.engine.test(a[i]) && d.qemu.test(b[i]));
    if (!allowed) return `line ${i + 1}: engine ${JSON.stringify(a[i] ?? '<end>')} vs QEMU ${JSON.stringify(b[i] ?? '<end>')}`;
  }
  return null;
}
