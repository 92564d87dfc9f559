// QEMU-style option spelling: QEMU writes long options with one dash (-bios, -kernel, -m).
// yargs would read "-bios" as four short flags, so such words are rewritten to "--bios"
// before parsing; anything else is left for yargs to judge.

/** Long options that QEMU spells with a single dash and that we accept. */
export const QEMU_STYLE = ['bios', 'kernel', 'initrd', 'append', 'cpu', 'no-reboot', 'nographic', 'seed'];

export function normaliseArgv(argv: readonly string[]): string[] {
  return argv.map((a) => {
    const m = /^-([a-z][a-z-]+)(=.*)?$/.exec(a);
    return m && QEMU_STYLE.includes(m[1]) ? `-${a}` : a;
  });
}

/** Parse a QEMU memory size: a number with optional K/M/G/T suffix; no suffix means MiB. */
export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)(?:i?B)?$/i.exec(s.trim());
  if (!m) throw new Error(`invalid memory size '${s}' (use e.g. 512M or 1G)`);
  const unit = (m[2] || 'M').toUpperCase();
  const mult = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }[unit]!;
  const v = Number(m[1]) * mult;
  if (!Number.isSafeInteger(v)) throw new Error(`invalid memory size '${s}'`);
  return v;
}
