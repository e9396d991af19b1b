/** `toyscale report <sweepDir>`: runs.csv, curves.csv, fits.json → report.md and plots/. */
import { writeReport } from '../report/report.ts';
import { parseCommandArgs } from './args.ts';
import { UserError } from '../base/user-error.ts';

export const reportHelp = `Usage: toyscale report <sweepDir>

Writes <sweepDir>/report.md and its figures (<sweepDir>/plots/*.svg and *.png) from runs.csv,
curves.csv, fits.json and sweep.json. Never retrains or refits: run toyscale collect and
toyscale fit first if those are missing. A fits.json fitted to another runs.csv (collect ran
after fit, or it is another sweep's), or fits.csv and fits.json of two different fits, is refused:
run toyscale fit again. To rebuild every sweep under results/
(collect, fit and report), run npm run regenerate.`;

export async function reportCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs('report', argv, {});
  if (values.help) return void console.log(reportHelp);
  const dir = positionals[0];
  if (!dir || positionals.length > 1) throw new UserError('report: give one sweep folder, e.g. toyscale report results/default');
  console.log(`report → ${await writeReport(dir)}`);
}
