/**
 * toyscale's command line: parses the subcommand and calls its stage. No stage logic lives here.
 * User errors print as one line and exit 2; a file that cannot be written (disk full, read-only
 * folder) as one line naming it, exit 1; anything else is a bug and prints its stack.
 */
import fs from 'node:fs';
import os from 'node:os';
import { removeLiveTemps } from './io/atomic-write.ts';
import { FileError } from './base/file-error.ts';
import { collectCommand, collectHelp } from './cli/collect.ts';
import { compareCommand, compareHelp } from './cli/compare.ts';
import { doctorCommand, doctorHelp } from './cli/doctor.ts';
import { exportCommand, exportHelp } from './cli/export.ts';
import { fitCommand, fitHelp } from './cli/fit.ts';
import { planCommand, planHelp } from './cli/plan.ts';
import { reportCommand, reportHelp } from './cli/report.ts';
import { sweepCommand, sweepHelp } from './cli/sweep.ts';
import { UserError } from './base/user-error.ts';
import { watchCommand, watchHelp } from './cli/watch.ts';

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<void>; help: string }> = {
  sweep: { run: sweepCommand, help: sweepHelp },
  collect: { run: collectCommand, help: collectHelp },
  fit: { run: fitCommand, help: fitHelp },
  report: { run: reportCommand, help: reportHelp },
  compare: { run: compareCommand, help: compareHelp },
  plan: { run: planCommand, help: planHelp },
  doctor: { run: doctorCommand, help: doctorHelp },
  watch: { run: watchCommand, help: watchHelp },
  export: { run: exportCommand, help: exportHelp },
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

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    console.log(`toyscale ${version()}`);
    return 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UserError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    stopOnSignals([name, ...rest.filter((a) => !a.startsWith('-'))].slice(0, 2).join(' '));
    await command.run(rest);
    return 0;
  } catch (error) {
    if (error instanceof UserError) {
      console.error(`toyscale: ${error.message}`);
      return 2;
    }
    if (error instanceof FileError) {
      removeLiveTemps();
      console.error(`toyscale: ${error.message}`);
      return 1;
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}
