// How many guest instructions QEMU 7.2 executes for a Linux boot up to power-off.
// QEMU prints no instruction count at exit, but in record mode its monitor's `info replay`
// does ("Recording execution 'F': instruction count = N"). So: boot with
// `-icount shift=0,rr=record` (time = 1 ns per instruction) and `-no-shutdown` (power-off
// pauses the VM instead of ending QEMU), wait for the power-off line, wait for the
// monitor to report "paused (shutdown)", ask `info replay`, then `quit`.
// sleep=off and a fixed RTC on the virtual clock make the count exact: measured, the same
// image gives the same count every time (with the host's date as RTC it varied by up to
// 26,000 instructions). Without spapr-rng: with it, QEMU 7.2 hangs early in the boot in
// record mode.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootLinux, DETERMINISTIC_ICOUNT, DETERMINISTIC_RTC, type LinuxBootOptions, type LinuxBootResult } from './qemu-boot.js';

export interface CountedBoot extends LinuxBootResult {
  /** Instructions executed when the VM stopped at power-off; undefined if not reached. */
  instructions?: number;
  /** Size in bytes of QEMU's own record/replay log of the boot (rr=record's rrfile). */
  rrBytes?: number;
}

const POWER_DOWN = 'reboot: Power down';

function monitor(path: string): Promise<{ ask: (cmd: string, until: RegExp) => Promise<string>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const sock: Socket = createConnection(path);
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => { buf += d; });
    sock.once('error', reject);
    sock.once('connect', () => resolve({
      ask: (cmd, until) => new Promise((res, rej) => {
        buf = '';
        sock.write(cmd + '\n');
        const t0 = Date.now();
        const poll = setInterval(() => {
          const m = until.exec(buf);
          if (m) { clearInterval(poll); res(buf); } else if (Date.now() - t0 > 10_000) { clearInterval(poll); rej(new Error(`monitor: no answer to ${cmd}: ${buf}`)); }
        }, 50);
      }),
      close: () => sock.destroy(),
    }));
  });
}

export async function countBootInstructions(o: Omit<LinuxBootOptions, 'icount' | 'rng' | 'deterministic'>): Promise<CountedBoot> {
  const dir = mkdtempSync(join(tmpdir(), 'pseries-rr-icount-'));
  const sock = join(dir, 'monitor.sock');
  let instructions: number | undefined;
  let seen = '';
  let asked = false;
  let query: Promise<void> = Promise.resolve();
  try {
    const run = await bootLinux({
      ...o,
      rng: false,
      icount: `${DETERMINISTIC_ICOUNT},rr=record,rrfile=${join(dir, 'replay.bin')}`,
      rtc: o.rtc ?? DETERMINISTIC_RTC,
      extraArgs: [...(o.extraArgs ?? []), '-no-shutdown', '-monitor', `unix:${sock},server=on,wait=off`],
      onOutput: (chunk) => {
        seen = (seen + chunk.toString('latin1')).slice(-200);
        if (asked || !seen.includes(POWER_DOWN)) return;
        asked = true;
        query = (async () => {
          const mon = await monitor(sock);
          try {
            for (let i = 0; i < 200; i++) { // the VM stops a little after the line is printed
              const st = await mon.ask('info status', /VM status: [^\r\n]*\r?\n/);
              if (/paused \(shutdown\)/.test(st)) break;
              await new Promise((r) => setTimeout(r, 50));
            }
            const rep = await mon.ask('info replay', /instruction count = (\d+)/);
            instructions = Number(/instruction count = (\d+)/.exec(rep)![1]);
            mon.ask('quit', /$^/).catch(() => { /* QEMU exits without answering */ });
          } finally {
            setTimeout(() => mon.close(), 500);
          }
        })();
      },
    });
    await query.catch(() => { /* instructions stays undefined */ });
    const rr = join(dir, 'replay.bin');
    return { ...run, instructions, rrBytes: existsSync(rr) ? statSync(rr).size : undefined };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
