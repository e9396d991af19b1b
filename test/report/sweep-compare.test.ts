import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareCommand } from '../../src/cli/compare.ts';
import { fitsJsonText } from '../../src/io/formats/fits-file.ts';
import { UserError } from '../../src/base/user-error.ts';
import { fitLaw } from '../../src/fit/fit-law.ts';
import type { FitResult } from '../../src/fit/types.ts';
import { parseFitsJson, type FitsData } from '../../src/io/formats/fits-file.ts';
import { compareSweeps, taskMismatch, type SweepFits } from '../../src/report/sweep-compare.ts';
import { linePoints, logspace } from '../fit/synth.ts';

/**
 * A sweep whose only fit is kaplan-n on 8 sizes with loss (8.8e13/N)^alpha and 1% noise, as fits.json
 * holds it. Noise seed 1 puts the largest size outside its hold-out prediction interval (a 1-in-20
 * event the flags are meant to catch), so the unflagged sweeps use other seeds.
 */
function sweep(name: string, alpha: number, seed: number, task = 'brown-char'): SweepFits {
  const r = fitLaw('kaplan-n', linePoints((N) => (8.8e13 / N) ** alpha, logspace(1e4, 1e8, 8), 0.01, seed, 'N'), { bootstrap: 400, seed, holdout: true });
  return { name, task, family: 'gpt', fits: asFile([r]) };
}

function asFile(results: FitResult[]): FitsData {
  const parsed = parseFitsJson(fitsJsonText({ fits: results, skipped: [], nested: [] }));
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('compareSweeps', () => {
  it('calls two fits of the same law consistent, and a real difference a difference with its size', () => {
    const a = sweep('a', 0.08, 3);
    const same = compareSweeps([a, sweep('b', 0.08, 4)]).find((r) => r.symbol === 'α_N');
    expect(same?.differences[0]).toMatchObject({ sweep: 'b', consistent: true });
    const other = compareSweeps([a, sweep('c', 0.12, 3)]).find((r) => r.symbol === 'α_N');
    const d = other?.differences[0];
    expect(d?.consistent).toBe(false);
    expect(d?.ci?.[0]).toBeGreaterThan(0);
    expect(d?.diff).toBeCloseTo(0.04, 1);
    expect(d?.verdict).toMatch(/^differ by 0\.0\d+ \(\+\d+% of a's\)/);
  });

  it('gives no verdict on a value a trust flag marks not determined', () => {
    const a = sweep('a', 0.08, 3);
    const b = sweep('b', 0.08, 2);
    b.fits.fits[0].flags.push({ code: 'holdout-outside', message: 'hold-out: observed outside the prediction interval' });
    const row = compareSweeps([a, b]).find((r) => r.symbol === 'α_N');
    expect(row?.differences[0].consistent).toBeNull();
    expect(row?.differences[0].verdict).toMatch(/not comparable: not determined in b/);
  });

  it('says uninformative, not consistent, for 2.066 [-8.16, 29.4] (kaplan-n+E α_N between two sweeps)', () => {
    const a = sweep('md-gpt', 0.08, 3);
    const b = sweep('md-gpt-untied', 0.08, 2);
    // Draws that make the difference 2.066 with interval about [-8.16, 29.4], and values unflagged.
    const j = Object.keys(a.fits.fits[0].params).indexOf('alpha_N');
    const n = a.fits.fits[0].samples!.length;
    a.fits.fits[0].params.alpha_N = 0.01;
    b.fits.fits[0].params.alpha_N = 2.076;
    a.fits.fits[0].samples = a.fits.fits[0].samples!.map((row) => row.map((v, k) => (k === j ? 0.01 : v)));
    b.fits.fits[0].samples = b.fits.fits[0].samples!.map((row, i) => row.map((v, k) => (k === j ? 0.01 - 8.16 + (37.56 * i) / (n - 1) : v)));
    const d = compareSweeps([a, b]).find((r) => r.symbol === 'α_N')?.differences[0];
    expect(d?.consistent).toBeNull();
    expect(d?.verdict).toMatch(/^uninformative: the difference's 95% interval/);
    // A value flagged uninformative: the verdict names it, whatever the difference.
    b.fits.fits[0].flags.push({ code: 'uninformative', param: 'alpha_N', message: "alpha_N's 95% interval [-8, 29.34] contains 0" });
    expect(compareSweeps([a, b]).find((r) => r.symbol === 'α_N')?.differences[0].verdict).toMatch(/^uninformative: the interval says nothing in md-gpt-untied/);
  });

  it('says when the same law was fitted on different slices of the grid', () => {
    const a = sweep('a', 0.08, 3);
    const b = sweep('b', 0.08, 4);
    a.fits.fits[0].subset = 'D = 1.00e+9, 8 sizes';
    b.fits.fits[0].subset = 'D = 2.00e+9, 8 sizes';
    const row = compareSweeps([a, b]).find((r) => r.symbol === 'α_N');
    expect(row?.differences[0].verdict).toMatch(/different slices: D = 1\.00e\+9 in a, D = 2\.00e\+9 in b/);
    b.fits.fits[0].subset = 'D = 1.00e+9, 6 sizes';
    expect(compareSweeps([a, b]).find((r) => r.symbol === 'α_N')?.differences[0].verdict).not.toMatch(/slices/);
  });

  it('notices sweeps of different tasks', () => {
    expect(taskMismatch([sweep('a', 0.08, 3), sweep('b', 0.08, 2)])).toBeNull();
    expect(taskMismatch([sweep('a', 0.08, 3), sweep('m', 0.08, 2, 'teacher-student')])).toMatch(/different tasks/);
  });
});

/** stdout of a command, captured. */
async function quiet(fn: () => Promise<void>): Promise<string> {
  const write = process.stdout.write;
  let text = '';
  process.stdout.write = ((chunk: string) => {
    text += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    process.stdout.write = write;
  }
  return text;
}

describe('toyscale compare', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-compare-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, s: SweepFits, task: string) => {
    const d = path.join(dir, name);
    fs.mkdirSync(d, { recursive: true });
    const r = fitLaw('kaplan-n', linePoints((N) => (8.8e13 / N) ** 0.08, logspace(1e4, 1e8, 8), 0.01, name.length, 'N'), { bootstrap: 200, holdout: true });
    fs.writeFileSync(path.join(d, 'fits.json'), fitsJsonText({ fits: [r], skipped: [] }));
    fs.writeFileSync(path.join(d, 'runs.csv'), `run_id,task,family,status\nr1,${task},${task === 'teacher-student' ? 'mlp' : 'gpt'},done\n`);
    return d;
  };

  it('prints the table and verdicts, writes the figure, and refuses different tasks unless told', async () => {
    const a = write('gpt-a', sweep('x', 0.08, 1), 'brown-char');
    const b = write('gpt-bb', sweep('y', 0.08, 2), 'brown-char');
    const m = write('mlp', sweep('z', 0.08, 3), 'teacher-student');
    const out = path.join(dir, 'fig');
    const text = await quiet(() => compareCommand([a, b, '--out', out]));
    expect(text).toMatch(/α_N \(kaplan-n\): gpt-bb − gpt-a = /);
    expect(fs.statSync(path.join(out, 'compare.png')).size).toBeGreaterThan(1000);
    await expect(compareCommand([a, m, '--no-plot'])).rejects.toThrow(UserError);
    await expect(compareCommand([a, m, '--no-plot'])).rejects.toThrow(/different tasks/);
    const json = JSON.parse(await quiet(() => compareCommand([a, m, '--no-plot', '--json', '--allow-different-tasks'])));
    expect(json.differentTasks).toMatch(/teacher-student/);
    expect(json.rows[0].differences[0].ci).toHaveLength(2);
  });
});
