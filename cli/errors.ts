// One clear line and a non-zero exit for anything the user can fix; never a stack trace.
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

export function fail(message: string, exitCode = 2): never {
  process.stderr.write(`pseries-rr: ${message}\n`);
  process.exit(exitCode);
}
