/** `toyscale collect <sweepDir>`: run folders → runs.csv and curves.csv. */
import { collectSweep, staleRunsLine } from '../execute/collect.ts';
import { parseCommandArgs } from './args.ts';
import { UserError } from '../base/user-error.ts';

export const collectHelp = `Usage: toyscale collect <sweepDir>

Reads every run folder under <sweepDir>/runs/ (including those written by other shards) and
writes <sweepDir>/runs.csv (one row per run, with its status: done, diverged, failed or
unfinished) and <sweepDir>/curves.csv (every logged point of every finished run). A file that
fails its format (an unreadable summary.json, say) is named on stderr and its run counts as
unfinished. Trains nothing.`;

export async function collectCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs('collect', argv, {});
  if (values.help) return void console.log(collectHelp);
  const dir = positionals[0];
  if (!dir || positionals.length > 1) throw new UserError('collect: give one sweep folder, e.g. toyscale collect results/default');
  const result = collectSweep(dir);
  for (const problem of result.problems) console.error(`toyscale: collect: ${problem} (its run counts as unfinished)`);
  const stale = staleRunsLine(result);
  if (stale) console.error(`toyscale: collect: ${stale}`);
  console.log(`${result.rows.length} runs → ${result.runsCsv}; curves → ${result.curvesCsv}${result.unfinished.length ? `; ${result.unfinished.length} unfinished` : ''}`);
}
