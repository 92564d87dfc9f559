// Opening a trace for a command: reader errors are the user's input problems (exit 2).
import { TraceReader } from '../trace/reader.js';
import { TraceError } from '../trace/errors.js';
import { UsageError } from './errors.js';

export async function openTrace(path: string): Promise<TraceReader> {
  try {
    return await TraceReader.open(path);
  } catch (e) {
    if (e instanceof TraceError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
}
