/**
 * toyscale's command line: parses the subcommand and calls its stage. No stage logic lives here.
 * User errors print as one line and exit 2; anything else is a bug and prints its stack.
 */
import { collectCommand, collectHelp } from './cli/collect.ts';
import { doctorCommand, doctorHelp } from './cli/doctor.ts';
import { exportCommand, exportHelp } from './cli/export.ts';
import { fitCommand, fitHelp } from './cli/fit.ts';
import { planCommand, planHelp } from './cli/plan.ts';
import { reportCommand, reportHelp } from './cli/report.ts';
import { sweepCommand, sweepHelp } from './cli/sweep.ts';
import { UserError } from './cli/user-error.ts';
import { watchCommand, watchHelp } from './cli/watch.ts';

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<void>; help: string }> = {
  sweep: { run: sweepCommand, help: sweepHelp },
  collect: { run: collectCommand, help: collectHelp },
  fit: { run: fitCommand, help: fitHelp },
  report: { run: reportCommand, help: reportHelp },
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
  plan --compute <FLOPs>     compute-optimal N and D from a fitted law
  doctor                     which backends work here, and why not
  watch <sweepDir>           a live local page of a sweep's curves and fits
  export tensorboard <dir>   run curves → TensorBoard event files`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UserError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    await command.run(rest);
    return 0;
  } catch (error) {
    if (error instanceof UserError) {
      console.error(`toyscale: ${error.message}`);
      return 2;
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}
