// A one-line progress display on stderr for long runs; silent when stderr is not a terminal.
export class Progress {
  private readonly on: boolean;
  private last = 0;
  private readonly t0 = Date.now();

  constructor(private readonly label: string, enabled = process.stderr.isTTY === true) {
    this.on = enabled;
  }

  /** Show `icount` (and what else `extra` says), at most a few times a second. */
  update(icount: number, extra = ''): void {
    if (!this.on) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    const secs = (now - this.t0) / 1000;
    const mips = secs > 0 ? icount / secs / 1e6 : 0;
    process.stderr.write(`\r\x1b[K${this.label}: ${icount.toLocaleString('en')} instructions, ${mips.toFixed(1)} MIPS${extra ? `, ${extra}` : ''}`);
  }

  /** The escape that clears the progress line ('' when there is none), to print before a
   *  line of other output. */
  clearLine(): string {
    return this.on && this.last ? '\r\x1b[K' : '';
  }

  /** Clear the line before printing anything else. */
  done(): void {
    if (this.on && this.last) process.stderr.write('\r\x1b[K');
  }
}
