/** toyscale fit / plan: files in, files and stdout out, one-line UserErrors for bad input. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fitCommand } from '../../src/cli/fit.ts';
import { planCommand } from '../../src/cli/plan.ts';
import { UserError } from '../../src/base/user-error.ts';
import { captureStdout } from '../helpers/capture-stdout.ts';
import { gridPoints, logspace, lossC3 } from './synth.ts';

const dir = mkdtempSync(join(tmpdir(), 'toyscale-fit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stdout = captureStdout();

const truth = { E: 1.2, A: 30, B: 150, alpha: 0.4, beta: 0.3 };
function writeCsv(name: string, header: string[], rows: (string | number)[][]): string {
  const path = join(dir, name);
  writeFileSync(path, [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return path;
}
const c3csv = (name: string) =>
  writeCsv(
    name,
    ['N', 'D', 'loss'],
    gridPoints((N, D) => lossC3(truth, N, D), logspace(1e4, 1e7, 5), logspace(1e6, 1e9, 5), 0.005, 1).map((p) => [p.N, p.D, p.loss]),
  );

async function userError(p: Promise<void>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    const msg = (e as Error).message;
    expect(msg).not.toContain('\n');
    return msg;
  }
  throw new Error('expected a UserError');
}

describe('toyscale fit <file.csv>', () => {
  it('--json prints exactly one JSON object with approach-3 parameters by name', async () => {
    await fitCommand([c3csv('c3.csv'), '--json', '--bootstrap', '20', '--holdout']);
    const lines = stdout().trim().split('\n');
    expect(lines).toHaveLength(1);
    const o = JSON.parse(lines[0]);
    expect(o.law).toBe('chinchilla-3');
    expect(Object.keys(o.params)).toEqual(['E', 'A', 'B', 'alpha', 'beta']);
    expect(Object.keys(o.ci)).toEqual(['E', 'A', 'B', 'alpha', 'beta']);
    expect(o.stats.points).toBe(25);
    expect(o.holdout.relError).toBeLessThan(0.02);
    expect(o.bootstrapSamples).toBeUndefined();
    expect(Math.abs(o.params.alpha - 0.4)).toBeLessThan(0.05);
  });

  it('takes other column names and a law, and prints a table with the published value', async () => {
    const path = writeCsv('kn.csv', ['params', 'tok', 'val'], logspace(1e5, 1e9, 6).map((N) => [N, 1e9, (8.8e13 / N) ** 0.076]));
    await fitCommand([path, '--law', 'kaplan-n', '--n-col', 'params', '--d-col', 'tok', '--loss-col', 'val', '--bootstrap', '0']);
    const text = stdout();
    expect(text).toMatch(/alpha_N\s+0\.076\s+ok\s+0\.076/);
    expect(text).toContain('Kaplan 2020');
  });

  it('missing file', async () => {
    expect(await userError(fitCommand([join(dir, 'nope.csv')]))).toMatch(/nope\.csv: no such file/);
  });

  it('missing column names the file and the column', async () => {
    const path = writeCsv('nocol.csv', ['N', 'D'], [[1, 2]]);
    expect(await userError(fitCommand([path]))).toMatch(/nocol\.csv: no column "loss" \(columns: N, D\); name the column that holds it with --loss-col <name>/);
  });

  it('non-numeric cell names the line and column', async () => {
    const path = writeCsv('bad.csv', ['N', 'D', 'loss'], [[1e5, 1e9, 3], [2e5, 1e9, 'abc']]);
    expect(await userError(fitCommand([path, '--law', 'kaplan-n']))).toMatch(/bad\.csv: line 3, column loss: "abc" is not a number/);
  });

  it('unreadable CSV', async () => {
    const path = join(dir, 'ragged.csv');
    writeFileSync(path, 'N,D,loss\n1,2,3\n4,5\n');
    expect(await userError(fitCommand([path]))).toMatch(/ragged\.csv: not a readable CSV/);
  });

  it('data the law cannot use: duplicated rows', async () => {
    const path = writeCsv('dup.csv', ['N', 'D', 'loss'], [[1e5, 1e9, 3], [1e5, 1e9, 3], [1e6, 1e9, 2.5]]);
    expect(await userError(fitCommand([path, '--law', 'kaplan-n']))).toMatch(/dup\.csv: kaplan-n: duplicated point/);
  });

  it('unknown flag, unknown law, bad --bootstrap', async () => {
    expect(await userError(fitCommand(['x.csv', '--frobnicate']))).toMatch(/frobnicate/);
    expect(await userError(fitCommand(['x.csv', '--law', 'moore']))).toMatch(/unknown law "moore"/);
    expect(await userError(fitCommand(['x.csv', '--bootstrap', 'lots']))).toMatch(/--bootstrap must be a non-negative integer/);
  });
});

const RUN_COLS = 'run_id,sweep,task,family,n_params,n_nonembed,tokens,epochs,flops_6nd,flops,final_eval_loss,best_eval_loss,status,seconds,tokens_per_s,backend,device,seed,budget'.split(',');
const CURVE_COLS = 'run_id,n_params,n_nonembed,step,tokens,flops_6nd,flops,train_loss,eval_loss,lr,seconds'.split(',');

function writeSweep(name: string, Ns: number[], Ds: number[], curves: boolean): string {
  const sweep = join(dir, name);
  mkdirSync(sweep, { recursive: true });
  const runs: (string | number)[][] = [];
  const curveRows: (string | number)[][] = [];
  let k = 0;
  for (const N of Ns)
    for (const D of Ds) {
      const id = `run${k++}`;
      const L = lossC3(truth, N, D) * (1 + 0.003 * Math.sin(k));
      runs.push([id, name, 'markov', 'gpt', N, N, D, 1, 6 * N * D, 6 * N * D, L, L, 'done', 1, 1, 'cpu', 'cpu', 0, '']);
      for (let s = 0; s <= 10; s++) {
        const t = (D * s) / 10;
        curveRows.push([id, N, N, s, t, 6 * N * t, 6 * N * t, '', s % 2 === 0 && t > 0 ? lossC3(truth, N, t) : '', 0.001, s]);
      }
    }
  runs.push(['runX', name, 'markov', 'gpt', 5e5, 5e5, 1e7, 1, 3e13, 3e13, '', '', 'failed', 1, 1, 'cpu', 'cpu', 0, '']);
  writeFileSync(join(sweep, 'runs.csv'), [RUN_COLS.join(','), ...runs.map((r) => r.join(','))].join('\n') + '\n');
  if (curves) writeFileSync(join(sweep, 'curves.csv'), [CURVE_COLS.join(','), ...curveRows.map((r) => r.join(','))].join('\n') + '\n');
  return sweep;
}

describe('toyscale fit <sweepDir>', () => {
  let sweep = '';
  it('fits every supported law, writes fits.csv and fits.json, prints the table', async () => {
    sweep = writeSweep('grid', logspace(1e4, 1e6, 4), logspace(1e6, 1e8, 4), true);
    await fitCommand([sweep, '--bootstrap', '20']);
    const csv = readFileSync(join(sweep, 'fits.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('law,param,value,ci_low,ci_high,published_kaplan,published_hoffmann,published_besiroglu,points,holdout_rel_error,holdout_naive_rel_error,holdout_in_interval,flags');
    const laws = new Set(csv.slice(1).map((l) => l.split(',')[0]));
    expect([...laws]).toEqual(expect.arrayContaining(['kaplan-n', 'kaplan-d', 'kaplan-nd', 'chinchilla-3', 'chinchilla-1', 'kaplan-c']));
    expect(csv.find((l) => l.startsWith('chinchilla-3,alpha,'))?.split(',')[6]).toBe('0.34');
    const json = JSON.parse(readFileSync(join(sweep, 'fits.json'), 'utf8'));
    expect(json.fits.find((f: { law: string }) => f.law === 'chinchilla-3').params.alpha).toBeGreaterThan(0.3);
    expect(json.fits.every((f: { holdout?: unknown }) => f.holdout !== undefined)).toBe(true);
    expect(readdirSync(sweep).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(stdout()).toMatch(/chinchilla-3\s+E/);
    expect(stdout()).toMatch(/wrote .*fits\.csv/);
  });

  it('plan reads that fits.json and prints CIs and the inference arithmetic', async () => {
    await planCommand(['--compute', '1e15', '--fit', join(sweep, 'fits.json'), '--train-seconds', '100', '--json']);
    const o = JSON.parse(stdout());
    expect(o.fit.label).toBe('chinchilla-3');
    expect(o.optimal.N_opt * o.optimal.D_opt * 6).toBeCloseTo(1e15, -5);
    expect(o.ci.N_opt[0]).toBeLessThanOrEqual(o.ci.N_opt[1]);
    expect(o.inference.tokensPerSecond).toBeCloseTo((3 * o.optimal.D_opt) / 100, 3);
  });

  it('says in one line why nothing can be fitted, without an error', async () => {
    const one = writeSweep('one', [1e5], [1e7], false);
    await fitCommand([one, '--bootstrap', '0']);
    expect(stdout().trim().split('\n')).toHaveLength(1);
    expect(stdout()).toMatch(/nothing could be fitted/);
    expect(existsSync(join(one, 'fits.csv'))).toBe(false);
  });

  it('a folder without runs.csv is a UserError', async () => {
    expect(await userError(fitCommand([dir]))).toMatch(/no runs\.csv/);
  });
});

describe('toyscale plan', () => {
  it('published Chinchilla fit, closed form', async () => {
    await planCommand(['--compute', '5.76e23', '--fit', 'hoffmann']);
    // Chinchilla's budget: with the unrounded approach-3 fit the optimum is about 4.0e10 parameters (3.2e10 with the rounded one).
    expect(stdout()).toMatch(/N_opt\s+4\.036e\+10/);
    expect(stdout()).toMatch(/predicted loss\s+1\.918/);
  });

  it('needs --compute and a readable fit', async () => {
    expect(await userError(planCommand(['--fit', 'hoffmann']))).toMatch(/--compute/);
    expect(await userError(planCommand(['--compute', '1e20', '--fit', join(dir, 'none.json')]))).toMatch(/no such file/);
    expect(await userError(planCommand(['--compute', 'big', '--fit', 'hoffmann']))).toMatch(/positive number/);
  });
});
