/** The runs table: one line per runs.csv row, in file order, numbered as the file's data rows. */
import { mdTable, num } from '../base/format.ts';
import type { RunRow } from './rows.ts';

export function runsTable(runs: readonly RunRow[]): string {
  const rows = runs.map((r) => [
    String(r.row),
    r.run_id,
    num(r.n_nonembed),
    num(r.n_params),
    num(r.tokens),
    num(r.epochs, 3),
    num(r.flops_6nd, 3),
    num(r.final_eval_loss),
    r.status === 'done' ? 'done' : `${r.status}${r.raw.reason ? ` (${r.raw.reason})` : ''}`,
    num(r.seconds, 3),
    num(r.tokens_per_s, 3),
  ]);
  return mdTable(['row', 'run_id', 'N (non-emb)', 'params', 'D (tokens)', 'epochs', 'C = 6ND', 'final eval loss', 'status', 'seconds', 'tokens/s'], rows);
}
