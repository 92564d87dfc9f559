// The pseries-rr command line.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { normaliseArgv } from './options.js';
import { withMachineOptions } from './machine-options.js';
import { runCommand, type RunArgs } from './run.js';
import { UsageError, fail } from './errors.js';
import { ConfigError } from '../engine/index.js';

export async function main(argv: string[]): Promise<number> {
  const parser = yargs(normaliseArgv(argv))
    .scriptName('pseries-rr')
    .usage('$0 <command> [options]\n\nA deterministic IBM pSeries (PowerPC64, sPAPR) emulator.')
    .command('run', 'boot a machine with the console on stdio (QEMU-style options)', (y) =>
      withMachineOptions(y)
        .option('verbose', { type: 'boolean', describe: 'report the stop reason and unimplemented services on stderr' })
        .option('trace', { type: 'boolean', describe: 'print every instruction (icount, address, word, disassembly) on stderr, as QEMU -d in_asm' })
        .example('$0 run -bios corpus/bare/hello.img', 'boot the bundled hello guest'))
    .demandCommand(1, 'name a command (try --help)')
    .strict()
    .help()
    .version(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      throw err ?? new UsageError(`${msg} (try --help)`);
    });
  const args = await parser.parseAsync();
  const cmd = args._[0];
  if (cmd === 'run') return runCommand(args as unknown as RunArgs);
  throw new UsageError(`unknown command '${String(cmd)}' (try --help)`);
}

export function entry(argv = hideBin(process.argv)): void {
  main(argv).then(
    (code) => process.exit(code),
    (e) => {
      if (e instanceof UsageError) fail(e.message, e.exitCode);
      if (e instanceof ConfigError) fail(e.message, 2);
      fail(`internal error: ${(e as Error)?.stack ?? e}`, 70);
    },
  );
}
