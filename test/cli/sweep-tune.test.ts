/** A sweep with a tune stage, end to end: the grid, tuned-lr.json, the main runs at the tuned LR, resume. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv.ts';
import { tunedLrFileSchema } from '../../src/io/formats/tuned-lr-file.ts';

const BIN = path.resolve('bin/toyscale.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-tune-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function toyscale(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', timeout: 300_000 });
  return { code: result.status, out: result.stdout + result.stderr };
}

const spec = path.join(work, 'tune-spec.ts');
fs.writeFileSync(
  spec,
  `export default {
  name: 'tiny-tune',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', aspectRatio: 32, headDim: 16, tiedEmbedding: true },
  design: { kind: 'grid', n: [2_000, 8_000], d: [8_192] },
  train: { batchSize: 8, contextLength: 32, evalTokens: 1_024, evalPoints: 2 },
  tune: { learningRates: { min: 1e-3, max: 3e-2, points: 3 }, tokens: 8_192, seeds: [0] },
  seeds: [0, 1],
};\n`,
);

describe('toyscale sweep with a tune block', () => {
  const out = path.join(work, 'out');
  const sweepDir = path.join(out, 'tiny-tune');

  it('the dry run lists the tune runs first and trains nothing', () => {
    const r = toyscale('sweep', spec, '--out', out, '--dry-run', '--no-estimate');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/tune stage: 6 runs \(6 to train\)/);
    expect(fs.existsSync(sweepDir)).toBe(false);
  });

  it('trains the grid, writes tuned-lr.json, then trains each size at its tuned learning rate', () => {
    const r = toyscale('sweep', spec, '--out', out, '--backend', 'wasm', '--workers', '2', '--progress', 'quiet');
    expect(r.out).not.toMatch(/Error:/);
    expect(r.code).toBe(0);
    const tuneRuns = readCsv(path.join(sweepDir, 'tune', 'runs.csv'));
    expect(tuneRuns).toHaveLength(6);
    expect(new Set(tuneRuns.map((t) => t.learning_rate))).toEqual(new Set(['0.001', '0.005477', '0.03']));
    const tuned = tunedLrFileSchema.parse(JSON.parse(fs.readFileSync(path.join(sweepDir, 'tuned-lr.json'), 'utf8')));
    expect(tuned.sizes.map((s) => s.n)).toEqual([2000, 8000]);
    // Every grid point's loss is the tune run's final loss, as runs.csv has it.
    for (const size of tuned.sizes) {
      for (const point of size.losses) {
        const row = tuneRuns.find((t) => Number(t.target_n) === size.n && Number(t.learning_rate) === point.learningRate);
        expect(point.loss).toBeCloseTo(Number(row?.final_eval_loss), 8);
      }
    }
    const main = readCsv(path.join(sweepDir, 'runs.csv'));
    expect(main).toHaveLength(4);
    for (const run of main) {
      const want = tuned.trainedAt.find((t) => t.n === Number(run.target_n));
      expect(Number(run.learning_rate)).toBe(want?.learningRate);
    }
    const plan = JSON.parse(fs.readFileSync(path.join(sweepDir, 'plan.json'), 'utf8')) as { runIds: string[] };
    expect(plan.runIds.sort()).toEqual(main.map((m) => m.run_id).sort());
    // The report says what the tune stage found and how far seeds spread, and draws lr against N.
    const report = fs.readFileSync(path.join(sweepDir, 'report.md'), 'utf8');
    expect(report).toContain('## Learning rate, tuned per size');
    expect(report).toContain('**Tuned on a short budget.**');
    expect(report).not.toContain('Settings not tuned per size');
    expect(report).toMatch(/## Spread between seeds\n\n2 design point\(s\) were trained with several seeds/);
    expect(fs.existsSync(path.join(sweepDir, 'plots', 'lr-vs-n.svg'))).toBe(true);
  });

  it('a rerun trains nothing and finds the same learning rates', () => {
    const before = fs.readFileSync(path.join(sweepDir, 'tuned-lr.json'), 'utf8');
    const runs = fs.readdirSync(path.join(sweepDir, 'runs')).sort();
    const r = toyscale('sweep', spec, '--out', out, '--backend', 'wasm', '--progress', 'lines');
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/tune stage, \d+ of/);
    expect(fs.readFileSync(path.join(sweepDir, 'tuned-lr.json'), 'utf8')).toBe(before);
    expect(fs.readdirSync(path.join(sweepDir, 'runs')).sort()).toEqual(runs);
    // Its dry run now plans the main runs at their tuned learning rates, so it finds them finished.
    const dry = toyscale('sweep', spec, '--out', out, '--dry-run', '--no-estimate');
    expect(dry.out).toMatch(/tune stage: all 6 runs ended/);
    expect(dry.out).toMatch(/4 runs \(4 already finished\)/);
  });

  it('--tune-only without a tune block is refused in one line', () => {
    const r = toyscale('sweep', path.resolve('experiments/smoke.ts'), '--out', out, '--tune-only');
    expect(r.code).toBe(2);
    expect(r.out.trim()).toMatch(/--tune-only needs a tune block in the spec$/);
  });
});

const batchSpec = path.join(work, 'tune-batch-spec.ts');
fs.writeFileSync(
  batchSpec,
  `export default {
  name: 'tiny-tune-batch',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', aspectRatio: 32, headDim: 16, tiedEmbedding: true },
  design: { kind: 'grid', n: [2_000, 8_000], d: [8_192] },
  train: { batchSize: 8, contextLength: 32, evalTokens: 1_024, evalPoints: 2 },
  tune: { learningRates: { min: 1e-3, max: 3e-2, points: 3 }, tokens: 8_192, seeds: [0], batchSizes: [4, 8] },
  seeds: [0],
};\n`,
);

describe('toyscale sweep with a tuned batch size', () => {
  const out = path.join(work, 'out-batch');
  const sweepDir = path.join(out, 'tiny-tune-batch');

  it('tunes every grid point at each batch size, then trains the main runs at the batch size that reached the lower loss', () => {
    const r = toyscale('sweep', batchSpec, '--out', out, '--backend', 'wasm', '--workers', '2', '--progress', 'quiet');
    expect(r.out).not.toMatch(/Error:/);
    expect(r.code).toBe(0);
    const tuneRuns = readCsv(path.join(sweepDir, 'tune', 'runs.csv'));
    expect(tuneRuns).toHaveLength(2 * 3 * 2);
    const tuned = tunedLrFileSchema.parse(JSON.parse(fs.readFileSync(path.join(sweepDir, 'tuned-lr.json'), 'utf8')));
    // Each candidate's score, recomputed from tune/runs.csv: the mean over sizes of the lowest loss at that batch size.
    const score = (batch: number) => {
      const lowest = [2000, 8000].map((n) => Math.min(...tuneRuns.filter((t) => Number(t.target_n) === n && Number(t.batch_size) === batch).map((t) => Number(t.final_eval_loss))));
      return (lowest[0] + lowest[1]) / 2;
    };
    expect(tuned.batch?.candidates.map((c) => c.batchSize)).toEqual([4, 8]);
    for (const c of tuned.batch?.candidates ?? []) expect(c.meanBestLoss).toBeCloseTo(score(c.batchSize), 8);
    const chosen = score(4) < score(8) ? 4 : 8;
    expect(tuned.batch?.chosen).toBe(chosen);
    // The table's losses are the chosen batch size's runs.
    for (const size of tuned.sizes) {
      for (const point of size.losses) {
        const row = tuneRuns.find((t) => Number(t.target_n) === size.n && Number(t.learning_rate) === point.learningRate && Number(t.batch_size) === chosen);
        expect(point.loss).toBeCloseTo(Number(row?.final_eval_loss), 8);
      }
    }
    const main = readCsv(path.join(sweepDir, 'runs.csv'));
    expect(main).toHaveLength(2);
    expect(main.every((m) => Number(m.batch_size) === chosen)).toBe(true);
    const report = fs.readFileSync(path.join(sweepDir, 'report.md'), 'utf8');
    expect(report).toContain(`the main runs train at batch size ${chosen}`);
  });
});
