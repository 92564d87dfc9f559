// Assertions shared by the trace tests (vitest only: not for the crash child process).
import { expect } from 'vitest';
import { TraceError } from './errors.js';

/** A reader's failure is one TraceError of the given code, with a one-line message. */
export function expectTraceError(err: TraceError | undefined, code: TraceError['code'], msg: RegExp): TraceError {
  expect(err, 'expected a TraceError').toBeInstanceOf(TraceError);
  expect(err!.code).toBe(code);
  expect(err!.message).toMatch(msg);
  expect(err!.message).not.toMatch(/\n/);
  return err!;
}
