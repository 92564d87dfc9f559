// The pseries-rr command line.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { normaliseArgv } from './options.js';
import { withMachineOptions } from './machine-options.js';
import { runCommand, type RunArgs } from './run.js';
import { UsageError, fail } from './errors.js';
import { ConfigError, SnapshotError } from '../engine/index.js';
import { recordCommand, type RecordArgs } from './record.js';
import { replayCommand, type ReplayArgs } from './replay.js';
import { inspectCommand, type InspectArgs } from './inspect.js';
import { diffCommand, type DiffArgs } from './diff.js';
import { bisectCommand, type BisectArgs } from './bisect.js';
import { fuzzCommand, type FuzzArgs } from './fuzz.js';
import { DEFAULT_CHECKPOINT_INTERVAL, DEFAULT_SNAPSHOT_INTERVAL } from '../trace/recorder.js';
import { TraceError } from '../trace/errors.js';

export async function main(argv: string[]): Promise<number> {
  const parser = yargs(normaliseArgv(argv))
    .scriptName('pseries-rr')
    .usage('$0 <command> [options]\n\nA deterministic IBM pSeries (PowerPC64, sPAPR) emulator.')
    .command('run', 'boot a machine with the console on stdio (QEMU-style options)', (y) =>
      withMachineOptions(y)
        .option('verbose', { type: 'boolean', describe: 'report the stop reason and unimplemented services on stderr' })
        .option('trace', { type: 'boolean', describe: 'print every instruction (icount, address, word, disassembly) on stderr, as QEMU -d in_asm' })
        .option('state-trace', { type: 'string', describe: 'write per-instruction state rows (for diff) to FILE' })
        .option('from', { type: 'number', describe: 'with --state-trace: first icount of the window (default 0)' })
        .option('to', { type: 'number', describe: 'with --state-trace: last icount of the window (default: the end)' })
        .example('$0 run -bios corpus/bare/hello.img', 'boot the bundled hello guest'))
    .command('record', 'run like `run`, logging every outside input to a trace', (y) =>
      withMachineOptions(y)
        .option('o', { type: 'string', demandOption: 'name the trace file with -o FILE', describe: 'trace file to write' })
        .option('force', { type: 'boolean', describe: 'overwrite FILE if it exists' })
        .option('checkpoint-interval', { type: 'number', default: DEFAULT_CHECKPOINT_INTERVAL, describe: 'record the machine state hash every N instructions' })
        .option('snapshot-interval', { type: 'number', default: DEFAULT_SNAPSHOT_INTERVAL, describe: 'record a snapshot every N instructions (0: none); replay --from seeks with them' })
        .example('$0 record -o hello.trace -bios corpus/bare/hello.img', 'record the hello guest'))
    .command('replay <file>', 'replay a trace exactly, checking every interrupt and checkpoint', (y) =>
      y.positional('file', { type: 'string', demandOption: true, describe: 'trace file' })
        .option('bios', { type: 'string', describe: 'the recorded -bios image, if it moved' })
        .option('kernel', { type: 'string', describe: 'the recorded -kernel image, if it moved' })
        .option('initrd', { type: 'string', describe: 'the recorded -initrd image, if it moved' })
        .option('from', { type: 'number', describe: 'start at the last snapshot at or before this icount (with --state-trace: first icount of the window)' })
        .option('to', { type: 'number', describe: 'with --state-trace: last icount of the window' })
        .option('state-trace', { type: 'string', describe: 'instead of checking, write the recorded run\'s per-instruction state rows (for diff) to FILE' })
        .option('quiet', { type: 'boolean', describe: 'do not print the guest console' })
        .option('json', { type: 'boolean', describe: 'print the result as JSON on stdout' })
        .epilog('Exit status: 0 matched to the last instruction, 1 diverged, 2 bad input, 3 the trace was cut short (what it holds matched).'))
    .command('inspect <file>', 'show a trace: header, records and bytes per kind, records in an icount range', (y) =>
      y.positional('file', { type: 'string', demandOption: true, describe: 'trace file' })
        .option('records', { type: 'boolean', describe: 'list records (all, or --from/--to)' })
        .option('from', { type: 'number', describe: 'first icount to list' })
        .option('to', { type: 'number', describe: 'last icount to list' })
        .option('json', { type: 'boolean', describe: 'JSON instead of text (one record per line)' }))
    .command('diff <a> <b>', 'compare two runs instruction by instruction; stop at the first difference', (y) =>
      withMachineOptions(y)
        .positional('a', { type: 'string', demandOption: true, describe: 'state trace FILE, trace FILE (replayed), engine: or qemu:' })
        .positional('b', { type: 'string', demandOption: true, describe: 'the other side, as A' })
        .option('mask', { type: 'string', describe: 'comma-separated registers not to compare (e.g. cfar)' })
        .option('input', { type: 'string', describe: 'bytes for the guest console of a qemu: side' })
        .option('history', { type: 'number', default: 20, describe: 'instructions shown before the divergence' })
        .option('limit', { type: 'number', describe: 'compare at most N instructions' })
        .option('json', { type: 'boolean', describe: 'print the result as JSON' })
        .option('strict', { type: 'boolean', describe: 'against QEMU, stop at its known deviations too (oracle/qemu/deviations.ts)' })
        .example('$0 diff engine: qemu: -bios corpus/bare/arith.img', 'this engine against a live QEMU 7.2, instruction by instruction')
        .example('$0 diff run.trace qemu:', 'a recorded run (replayed) against QEMU on the same image')
        .epilog('Exit status: 0 no divergence, 1 divergence, 2 error.'))
    .command('bisect <trace>', 'the first instruction (and commit) at which an engine build stops replaying a trace', (y) =>
      y.positional('trace', { type: 'string', demandOption: true, describe: 'trace file recorded by a good build' })
        .option('a', { type: 'string', describe: 'the good build: a directory with a built engine, or a git revision' })
        .option('b', { type: 'string', describe: 'the build to check, likewise' })
        .option('commits', { type: 'string', describe: 'GOOD..BAD: find the first commit whose build diverges' })
        .option('repo', { type: 'string', default: '.', describe: 'the git repository of the revisions' })
        .option('bios', { type: 'string', describe: 'the recorded -bios image, if it moved' })
        .option('json', { type: 'boolean', describe: 'print the result as JSON' })
        .example('$0 bisect run.trace --a main --b HEAD', 'where does HEAD part from main on this recorded run?')
        .example('$0 bisect run.trace --commits v0.1..HEAD', 'which commit changed what this run does?')
        .epilog('Exit status: 0 no divergence, 1 divergence found, 2 error.'))
    .command('fuzz', 'fuzz the decoder, instruction semantics, MMU or record/replay against independent oracles', (y) =>
      y.option('target', { type: 'string', demandOption: 'name what to fuzz with --target (decoder, semantics, mmu, replay)', describe: 'decoder | semantics | mmu | replay' })
        .option('time', { type: 'string', describe: 'run rounds until this much time has passed (90s, 30m, 1h); default: one round' })
        .option('seed', { type: 'number', describe: 'campaign seed (printed when omitted); with --path, the seed a failure printed' })
        .option('path', { type: 'string', describe: 'with --seed: replay and shrink exactly the failing case a report printed' })
        .option('runs', { type: 'number', describe: 'cases per round (default per target)' })
        .option('shard', { type: 'string', describe: 'i/n: run shard i of n of the campaign (CI matrices, batch schedulers)' })
        .option('cpu', { type: 'string', default: 'POWER8', describe: 'semantics: CPU model of both sides (POWER8, POWER9)' })
        .option('max-insns', { type: 'number', default: 8, describe: 'semantics: instructions per case, at most (≤ 64)' })
        .option('batch', { type: 'number', default: 2000, describe: 'semantics: cases per qemu-user process' })
        .option('regressions', { type: 'string', default: 'corpus/regressions', describe: 'where failures are saved (npm test runs them)' })
        .option('save', { type: 'boolean', default: true, describe: 'save failures as regression cases (--no-save: do not)' })
        .option('keep-going', { type: 'boolean', describe: 'go on after a failure' })
        .option('json', { type: 'boolean', describe: 'print the summary as JSON on stdout' })
        .example('$0 fuzz --target semantics --time 1h --seed 7', 'an hour of instruction sequences against qemu-user')
        .example('$0 fuzz --target decoder --shard 3/8 --seed 7 --time 10m', 'shard 3 of 8 of a campaign')
        .epilog('Exit status: 0 no failure, 1 a failure was found (printed with its seed and path, and saved), 2 bad usage.'))
    .demandCommand(1, 'name a command')
    .strict()
    .help()
    .version(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      // yargs puts a demandOption's hint on a second line: keep the error one line.
      throw err ?? new UsageError(`${msg.replace(/\n+/g, ': ')} (try --help)`);
    });
  const args = await parser.parseAsync();
  const cmd = args._[0];
  if (cmd === 'run') return runCommand(args as unknown as RunArgs);
  if (cmd === 'record') return recordCommand(args as unknown as RecordArgs);
  if (cmd === 'replay') return replayCommand(args as unknown as ReplayArgs);
  if (cmd === 'inspect') return inspectCommand(args as unknown as InspectArgs);
  if (cmd === 'diff') return diffCommand(args as unknown as DiffArgs);
  if (cmd === 'bisect') return bisectCommand(args as unknown as BisectArgs);
  if (cmd === 'fuzz') return fuzzCommand(args as unknown as FuzzArgs);
  throw new UsageError(`unknown command '${String(cmd)}' (try --help)`);
}

export function entry(argv = hideBin(process.argv)): void {
  main(argv).then(
    (code) => process.exit(code),
    (e) => {
      if (e instanceof UsageError) fail(e.message, e.exitCode);
      if (e instanceof ConfigError) fail(e.message, 2);
      if (e instanceof TraceError || e instanceof SnapshotError) fail(e.message, 2);
      fail(`internal error: ${(e as Error)?.stack ?? e}`, 70);
    },
  );
}
