// `npm run bench`: guest MIPS of the interpreter on the integer benchmark guest, and QEMU
// 7.2's wall time for the same image measured in the same run. Prints figures; asserts
// nothing (ARCHITECTURE.md: performance is measured, not asserted).
import { qemuAvailable, runQemuBios } from '../oracle/qemu/system.js';
import { guestImage, runGuest } from '../corpus/bare/guests.js';
import { registerFileBench } from './regfile.js';
import { traceBench } from './trace.js';
import { diffBench } from './diff.js';
import { bisectBench } from './bisect.js';
import { mmuBench } from './mmu.js';
import { fuzzBench } from './fuzz.js';
import { linuxBench } from './linux.js';

const BENCH_IMG = guestImage('bench');
const REPEATS = 3;

function runEngine(): { icount: number; seconds: number; out: string } {
  const r = runGuest('bench');
  if (r.stop !== 'power-off') throw new Error(`bench guest did not power off (stopped: ${r.stop})`);
  return { icount: r.icount, seconds: r.seconds, out: r.output.toString('latin1') };
}

async function main(): Promise<void> {
  console.log('pseries-rr benchmark (corpus/bare/bench.img)');
  runEngine(); // warm-up: let V8 optimise the interpreter
  const runs = Array.from({ length: REPEATS }, () => runEngine());
  const best = runs.reduce((a, b) => (a.seconds < b.seconds ? a : b));
  const mips = best.icount / best.seconds / 1e6;
  console.log(`  engine:  ${best.icount.toLocaleString('en')} instructions, best of ${REPEATS}: ${best.seconds.toFixed(3)} s = ${mips.toFixed(1)} MIPS (interpreter; target ≥ 60)`);
  if (qemuAvailable()) {
    const times: number[] = [];
    let same = true;
    for (let i = 0; i < REPEATS; i++) {
      const t0 = process.hrtime.bigint();
      const q = await runQemuBios(BENCH_IMG, { timeoutMs: 120_000 });
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
      same &&= q.stdout.toString('latin1') === best.out;
    }
    const qbest = Math.min(...times);
    console.log(`  QEMU 7.2 TCG (whole process, best of ${REPEATS}): ${qbest.toFixed(3)} s; engine/QEMU time ratio ${(best.seconds / qbest).toFixed(2)}; outputs ${same ? 'identical' : 'DIFFER'}`);
  } else {
    console.log('  QEMU: qemu-system-ppc64 not installed (apt-get install qemu-system-ppc); no comparison');
  }
  mmuBench(REPEATS);
  await traceBench(REPEATS);
  await bisectBench();
  await diffBench();
  registerFileBench();
  await fuzzBench();
  await linuxBench();
}

main().catch((e) => {
  console.error(`bench failed: ${(e as Error).message}`);
  process.exit(1);
});
