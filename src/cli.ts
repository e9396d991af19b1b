/**
 * toyscale's command line: parses the subcommand and calls its stage. No stage logic lives here.
 * User errors print as one line and exit 2; a file that cannot be written or read (disk full,
 * read-only folder, a file where a folder is needed: any errno error that names a path) as one
 * line naming it and the cause, exit 1; a stop by a signal as one line, exit 128 + its number;
 * anything else is a bug and prints its stack. A reader that closes stdout early
 * (`fit --json | head -c 50`) ends the command quietly (EPIPE), with what it wrote complete.
 */
import fs from 'node:fs';
import { distance as editDistance } from 'fastest-levenshtein';
import os from 'node:os';
import { removeLiveTemps } from './io/atomic-write.ts';
import { FileError, fileErrorOf } from './base/file-error.ts';
import { StoppedError } from './base/stopped-error.ts';
import { UserError } from './base/user-error.ts';

type Command = (argv: string[]) => Promise<void>;

// Each command's module is imported only when that command runs: the report's renderer (vega,
// resvg) and the backends' tfjs-core would otherwise load on every start (≈ 0.7 s of a sweep's).
const COMMANDS: Record<string, () => Promise<Command>> = {
  sweep: async () => (await import('./cli/sweep.ts')).sweepCommand,
  collect: async () => (await import('./cli/collect.ts')).collectCommand,
  fit: async () => (await import('./cli/fit.ts')).fitCommand,
  report: async () => (await import('./cli/report.ts')).reportCommand,
  compare: async () => (await import('./cli/compare.ts')).compareCommand,
  plan: async () => (await import('./cli/plan.ts')).planCommand,
  doctor: async () => (await import('./cli/doctor.ts')).doctorCommand,
  watch: async () => (await import('./cli/watch.ts')).watchCommand,
  export: async () => (await import('./cli/export.ts')).exportCommand,
};

const USAGE = `Usage: toyscale <command> [options]   (toyscale <command> --help for details)

Commands:
  sweep <spec.ts>            plan, train, collect, fit and report a sweep
  collect <sweepDir>         run folders → runs.csv and curves.csv
  fit <runs.csv|sweepDir>    fit scaling laws → fits.csv and fits.json
  report <sweepDir>          runs.csv + fits → report.md
  compare <sweep> <sweep>…   fitted values of sweeps side by side, differences and verdicts
  plan --compute <FLOPs>     compute-optimal N and D from a fitted law
  doctor                     which backends work here, and why not
  watch <sweepDir>           a live local page of a sweep's curves and fits
  export tensorboard <dir>   run curves → TensorBoard event files

  toyscale --version         the version of toyscale`;

/** package.json's version: the one thing the CLI reads from the package itself. */
export function version(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * A signal while a stage writes its files: remove this process's temp files and stop with one
 * line. Every file is written whole and renamed into place, so what is on disk stays complete.
 * A sweep that is training stops its workers itself (execute.ts): left to it then.
 */
function stopOnSignals(what: string): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) > 1) return;
      removeLiveTemps();
      process.stderr.write(`toyscale: ${what} stopped by ${signal}; files already written are complete, none is half-written\n`);
      process.exit(128 + os.constants.signals[signal]);
    });
  }
}

/** ' (did you mean "sweep"?)' for a command within edit distance 2 of a known one, else ''. */
function didYouMean(name: string, known: string[]): string {
  const near = known.map((k) => ({ k, d: editDistance(name.toLowerCase(), k) })).filter((x) => x.d <= 2).sort((a, b) => a.d - b.d)[0];
  return near ? ` (did you mean "${near.k}"?)` : '';
}

/** stdout closed by its reader (EPIPE): nothing more can be said there; end quietly. */
function endQuietlyOnClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      removeLiveTemps();
      process.exit(stream === process.stdout ? 0 : 1);
    });
  }
}

export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedOutput();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    console.log(`toyscale ${version()}`);
    return 0;
  }
  const load = COMMANDS[name];
  try {
    if (!load) throw new UserError(`unknown command "${name}"${didYouMean(name, Object.keys(COMMANDS))} (commands: ${Object.keys(COMMANDS).join(', ')})`);
    stopOnSignals([name, ...rest.filter((a) => !a.startsWith('-'))].slice(0, 2).join(' '));
    const run = await load();
    await run(rest);
    return 0;
  } catch (error) {
    if (error instanceof UserError) {
      console.error(`toyscale: ${error.message}`);
      return 2;
    }
    if (error instanceof StoppedError) {
      removeLiveTemps();
      console.error(`toyscale: ${error.message}`);
      return 128 + os.constants.signals[error.signal];
    }
    const fileError = error instanceof FileError ? error : fileErrorOf(error);
    if (fileError) {
      removeLiveTemps();
      console.error(`toyscale: ${fileError.message}`);
      return 1;
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}
