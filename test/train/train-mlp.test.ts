/** The trainer on the MLP family: deterministic on wasm and cpu, and it learns a teacher network. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.ts';
import type { RegressionData } from '../../src/data/types.ts';
import { mlpCounts } from '../../src/models/counts.ts';
import type { MlpShape } from '../../src/models/shapes.ts';
import type { RunConfig } from '../../src/train/run-config.ts';
import { parseSweepSpec } from '../../src/spec/spec.ts';
import { trainSettingsSchema, type TrainSettingsInput } from '../../src/train/settings.ts';
import { trainRun, type CurveRow } from '../../src/train/train-run.ts';
import { useBackend } from '../helpers/backend.ts';

const task = { kind: 'teacher-student', inputDim: 8, teacherWidth: 32, teacherDepth: 2, noiseStd: 0.05, trainExamples: 50_000, heldOutExamples: 1024 } as const;
let data: RegressionData;
beforeAll(async () => {
  const loaded = await loadDataset(parseSweepSpec({ name: 't', task, family: { kind: 'mlp' }, design: { kind: 'grid', n: [1], d: [1] } }, 't').task);
  if (loaded.kind !== 'regression') throw new Error('teacher-student is a regression dataset');
  data = loaded;
});

function mlpRunConfig(steps: number, train: TrainSettingsInput, seed = 0): RunConfig {
  const spec = parseSweepSpec({ name: 't', task, family: { kind: 'mlp', depth: 2 }, design: { kind: 'grid', n: [1], d: [1] }, train }, 't');
  const model: MlpShape = { family: 'mlp', inputDim: 8, width: 64, depth: 2, outputDim: 1 };
  const settings = trainSettingsSchema.parse(spec.train);
  const tokensPerStep = settings.batchSize;
  return { runId: 'mlp-test', sweep: 't', seed, task: spec.task, model, counts: mlpCounts(model), train: settings, steps, tokensPerStep, tokens: steps * tokensPerStep, target: { n: 1, d: 1 }, budget: null };
}

describe('trainer on an MLP', () => {
  it('is deterministic to the bit on wasm and on cpu', async () => {
    for (const name of ['wasm', 'cpu'] as const) {
      const backend = await useBackend(name);
      const curve = async () => {
        const rows: CurveRow[] = [];
        await trainRun(mlpRunConfig(30, { batchSize: 16, evalTokens: 256, evalPoints: 3 }), data, backend, { onRow: (row) => rows.push({ ...row, seconds: 0 }) });
        return rows;
      };
      expect(await curve()).toEqual(await curve());
    }
  });

  it('learns the teacher: held-out MSE falls far below its starting value', async () => {
    const backend = await useBackend('wasm');
    const outcome = await trainRun(mlpRunConfig(600, { batchSize: 64, learningRate: 3e-3, evalTokens: 1024, evalPoints: 4 }), data, backend, { onRow: () => {} });
    expect(outcome.status).toBe('done');
    const rows: CurveRow[] = [];
    await trainRun(mlpRunConfig(1, { batchSize: 64, evalTokens: 1024, evalPoints: 1 }), data, backend, { onRow: (row) => rows.push(row) });
    const initial = rows[0].eval_loss!;
    expect(outcome.finalEvalLoss!).toBeLessThan(0.3 * initial);
  });
});
