// Test-only child process for trace/crash.test.ts: writes a deterministic record stream to a
// trace in small frames, reporting on stdout (one line per step) how many records are in
// complete frames on disk, until it is killed.
//   node dist/trace/crash-child.js FILE SEED COUNT   (built by npm run build)
import * as fs from 'node:fs';
import { TraceWriter } from './writer.js';
import { randomRecords, testHeader } from './test-helpers.js';

const [file, seed, count] = process.argv.slice(2);
const recs = randomRecords(Number(seed), Number(count));
const w = await TraceWriter.create(file, testHeader(), { frameRecords: 7 });
let i = 0;
const step = (): void => {
  for (let k = 0; k < 5 && i < recs.length; k++) w.append(recs[i++]);
  if (i % 3 === 0) w.flush(); // partial frames too, as the recorder's once-a-second flush
  fs.writeSync(1, `${w.recordsWritten}\n`);
  if (i < recs.length) setTimeout(step, 0);
  else setInterval(() => {}, 1000); // never closes: waits to be killed
};
step();
