/**
 * curve.csv as the worker appends it, read while it grows: a last line without its newline is a
 * row still being written and is left out; a row whose step or tokens is not a number is left
 * out too. Values are the CSV's own numbers (Number() of the text), so the page shows what the
 * file says; an empty cell (train loss at step 0, eval loss between evaluations) is null.
 */
import { parseCsvText } from '../io/csv.ts';

export interface CurvePoint {
  step: number;
  tokens: number;
  train_loss: number | null;
  eval_loss: number | null;
  lr: number | null;
  seconds: number | null;
}

export function parseCurve(text: string): CurvePoint[] {
  const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  let records: string[][];
  try {
    records = parseCsvText(complete, { relaxColumnCount: true });
  } catch {
    return [];
  }
  const [header = [], ...body] = records;
  const rows = body.map((r) => Object.fromEntries(header.map((c, j) => [c, r[j] ?? ''])));
  const points: CurvePoint[] = [];
  for (const row of rows) {
    const step = cell(row.step);
    const tokens = cell(row.tokens);
    if (step === null || tokens === null) continue;
    points.push({ step, tokens, train_loss: cell(row.train_loss), eval_loss: cell(row.eval_loss), lr: cell(row.lr), seconds: cell(row.seconds) });
  }
  return points;
}

/** One line of curve.csv under its header (the file holds numbers only, no quoting); null when it is no row. */
export function curveRow(header: readonly string[], line: string): CurvePoint | null {
  const cells = line.split(',');
  const at = (name: string): string | undefined => {
    const i = header.indexOf(name);
    return i < 0 ? undefined : cells[i];
  };
  const step = cell(at('step'));
  const tokens = cell(at('tokens'));
  if (step === null || tokens === null) return null;
  return { step, tokens, train_loss: cell(at('train_loss')), eval_loss: cell(at('eval_loss')), lr: cell(at('lr')), seconds: cell(at('seconds')) };
}

function cell(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
