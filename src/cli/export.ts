/** `toyscale export tensorboard <sweepDir> [--out DIR]`: run curves → TensorBoard event files. */
import fs from 'node:fs';
import path from 'node:path';
import { exportTensorboard } from '../watch/tensorboard/export.ts';
import { runsDir } from '../io/sweep-folder.ts';
import { parseCommandArgs } from './args.ts';
import { UserError } from '../base/user-error.ts';

export const exportHelp = `Usage: toyscale export tensorboard <sweepDir> [--out DIR]

Writes each run's curve.csv as a TensorBoard event file, one folder per run id under DIR
(default <sweepDir>/tensorboard), with the scalars train_loss, eval_loss, lr and tokens at
step = the training step. Then: tensorboard --logdir DIR. Runs still training are exported as far
as they got; run it again to bring them up to date (each run's file is replaced, not added to).
TensorBoard stores scalars as 32-bit floats: values keep about 7 significant digits, and one
beyond ±3.4e38 (a diverged run) is written as ±3.4e38, with a note. Only the runs of the current
plan (plan.json) are exported; folders without config.json are not runs.

Options:
  --out <DIR>    where the run folders go (default <sweepDir>/tensorboard)
  -h, --help     this help`;

export async function exportCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs('export', argv, { out: { type: 'string' } });
  if (values.help) return void console.log(exportHelp);
  const [format, dir, ...extra] = positionals;
  if (format !== 'tensorboard') throw new UserError(`export: unknown format "${format ?? ''}" (formats: tensorboard), e.g. toyscale export tensorboard runs/default`);
  if (!dir || extra.length > 0) throw new UserError('export: give one sweep folder, e.g. toyscale export tensorboard runs/default');
  if (!isDirectory(runsDir(dir))) throw new UserError(`export: ${dir} has no runs/ folder: not a sweep folder`);
  const out = values.out ?? path.join(dir, 'tensorboard');
  const { exported, notes } = exportTensorboard(dir, out);
  for (const note of notes) console.error(`export: ${note}`);
  if (exported.length === 0) throw new UserError(`export: no run in ${dir} has a curve yet; nothing written`);
  console.log(`export: ${exported.length} runs → ${out}  (tensorboard --logdir ${out})`);
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
