// Normalising a Linux console transcript so two boots can be compared line by line.
// Every line is kept: a rule replaces only the part of a line that legitimately differs
// between runs (host wall-clock time, host-timed measurements) with a placeholder naming
// what was there. Each rule says why it exists; README.md lists what was measured.
// Sources of difference removed at the root instead of masked (LINUX_APPEND in
// qemu-boot.ts): `audit=0` (the audit "state=initialized" record is printed by the kauditd
// thread, so its line moved between runs, and it carries the wall-clock time) and
// `initramfs_async=0` (the initramfs is otherwise unpacked by an async worker whose lines,
// e.g. "Freeing initrd memory", interleave differently with other initcalls' lines).

export interface MaskRule {
  /** Short name, used in reports of which rules matched. */
  name: string;
  /** Global regular expression applied to each line (the line without its end). */
  regex: RegExp;
  /** Replacement (may use $1…). */
  replacement: string;
  why: string;
}

export const RULES: readonly MaskRule[] = [
  {
    name: 'printk-timestamp',
    // printk's "[%5lu.%06lu] ": seconds right-aligned in at least five columns
    regex: /\[(?: {4}\d| {3}\d{2}| {2}\d{3}| \d{4}|\d{5,})\.\d{6}\] /g,
    replacement: '',
    why: 'printk prefixes each record with the time since the timebase started, and QEMU\'s ' +
      'timebase follows the host clock; it is removed wherever it stands, since a console ' +
      'write of another writer (RTAS display-character, below) can leave a record starting ' +
      'mid-line.',
  },
  {
    name: 'rtc-wall-clock',
    regex: /(setting system clock to )\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d UTC \(\d+\)/g,
    replacement: '$1<wall-clock> UTC (<epoch>)',
    why: 'rtc-generic reads RTAS get-time-of-day once, which QEMU answers with the host\'s ' +
      'date and time (in the engine it is a recorded input).',
  },
  {
    name: 'deferred-pages-ms',
    regex: /(deferred pages initialised in )\d+ms/g,
    replacement: '$1<ms>',
    why: 'page_alloc_init_late measures this in jiffies, i.e. in host time under QEMU: seen ' +
      '0 ms and 4 ms (one tick at HZ=250) for the same boot.',
  },
];

/** Lines of `transcript` with the hvc0 tty's "\r\n" ends (ONLCR) taken as line ends; a
 *  lone "\r" (RTAS display-character writes one before its text) is kept. */
export function transcriptLines(transcript: string): string[] {
  const lines = transcript.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function normaliseLine(line: string, rules: readonly MaskRule[] = RULES): string {
  return rules.reduce((l, r) => l.replace(r.regex, r.replacement), line);
}

/** The transcript with every rule applied, one line per input line, "\n" ends. */
export function normaliseTranscript(transcript: string, rules: readonly MaskRule[] = RULES): string {
  return transcriptLines(transcript).map((l) => normaliseLine(l, rules) + '\n').join('');
}

/** How many lines each rule changed (for reports: which rules a boot needed). */
export function ruleHits(transcript: string, rules: readonly MaskRule[] = RULES): Record<string, number> {
  const hits: Record<string, number> = Object.fromEntries(rules.map((r) => [r.name, 0]));
  for (const line of transcriptLines(transcript)) {
    for (const r of rules) if (line.replace(r.regex, r.replacement) !== line) hits[r.name]!++;
  }
  return hits;
}

/** The first line where two normalised transcripts differ (1-based), or null. */
export function firstLineDifference(a: string, b: string): { line: number; a?: string; b?: string } | null {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return { line: i + 1, a: la[i], b: lb[i] };
  }
  return null;
}
