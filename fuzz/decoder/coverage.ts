// Which table forms the generated words reach (by decode()), and the table's size against
// the Power ISA's.
import { FORMS } from '../../engine/isa/table.js';
import { decode } from '../../engine/isa/decode.js';

/** Instruction rows of Power ISA ≤ 3.0 in golang.org/x/arch ppc64/pp64.csv (commit 1bb480f,
 *  "add ISA 3.1B support"): the rows whose ISA-level column is P1, P2, PPC or v2.00–v3.0
 *  (910; 919 with v3.0B, 922 with v3.0C). A row there covers its Rc/OE/AA/LK variants; this
 *  table splits AA/LK (b, ba, bl, bla) into separate forms, so the ratio is approximate. */
export const ISA_3_0_FORMS = 910;

export interface CoverageReport {
  generated: number;
  total: number;
  never: string[];
}

export class FormCoverage {
  readonly counts = new Uint32Array(FORMS.length);
  /** Words that decode to no form. */
  undecoded = 0;

  add(word: number): void {
    const i = decode(word >>> 0);
    if (i < 0) this.undecoded++;
    else this.counts[i]++;
  }

  merge(other: FormCoverage): void {
    other.counts.forEach((n, i) => { this.counts[i] += n; });
    this.undecoded += other.undecoded;
  }

  report(): CoverageReport {
    const never = FORMS.filter((_, i) => this.counts[i] === 0).map((f) => f.name);
    return { generated: FORMS.length - never.length, total: FORMS.length, never };
  }
}

/** "generated/total forms generated; the table holds total of ISA_3_0_FORMS (p %)". */
export function coverageLine(r: CoverageReport): string {
  const pct = (100 * r.total / ISA_3_0_FORMS).toFixed(1);
  return `${r.generated}/${r.total} table forms generated${r.never.length ? ` (never: ${r.never.join(', ')})` : ''}; ` +
    `the table holds ${r.total} of the ${ISA_3_0_FORMS} forms of Power ISA ≤ 3.0 (${pct} %)`;
}
