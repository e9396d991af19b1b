/** `toyscale report <sweepDir>`: runs.csv + fits.csv → report.md. */
import { writeReport } from '../report/report.ts';
import { parseCommandArgs } from './args.ts';
import { UserError } from './user-error.ts';

export const reportHelp = `Usage: toyscale report <sweepDir>

Writes <sweepDir>/report.md from runs.csv, fits.csv and sweep.json. Never retrains or refits:
run toyscale collect and toyscale fit first if those are missing.`;

export async function reportCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs('report', argv, {});
  if (values.help) return void console.log(reportHelp);
  const dir = positionals[0];
  if (!dir || positionals.length > 1) throw new UserError('report: give one sweep folder, e.g. toyscale report results/default');
  console.log(`report → ${writeReport(dir)}`);
}
