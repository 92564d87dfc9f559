// `npm run corpus:refresh`: re-make corpus/reference/*.pstate from QEMU 7.2.
import { qemuAvailable } from '../../oracle/qemu/system.js';
import { qemuStateStream } from '../../oracle/qemu/state-stream.js';
import { writeStateTrace } from '../../trace/state/file.js';
import { guestImage } from '../bare/guests.js';
import { REFERENCE_GUESTS, referencePath } from './references.js';

async function main(): Promise<void> {
  if (!qemuAvailable()) throw new Error('qemu-system-ppc64 is not installed (apt-get install qemu-system-ppc)');
  const only = process.argv.slice(2);
  for (const [guest, limit] of Object.entries(REFERENCE_GUESTS)) {
    if (only.length && !only.includes(guest)) continue;
    const s = qemuStateStream(guestImage(guest), { maxInsns: limit, keepInputs: false });
    const sum = await writeStateTrace(referencePath(guest), {
      source: 'qemu', description: `QEMU 7.2 -M pseries -cpu POWER8 -m 512M -bios corpus/bare/${guest}.img -seed 1`,
      fromIcount: 0, toIcount: limit, initial: await s.initial,
    }, s.rows);
    const done = await s.done;
    console.log(`${guest}: ${sum.rows.toLocaleString('en')} instructions, ${sum.fileBytes.toLocaleString('en')} bytes (QEMU ${done.killed ? `stopped: ${done.killed}` : `exit ${done.exitCode}`})`);
  }
}

main().catch((e) => {
  console.error(`corpus:refresh failed: ${(e as Error).message}`);
  process.exit(1);
});
