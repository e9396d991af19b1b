/**
 * The real trainer on webgpu against the cpu backend: a GPT on Brown and an MLP on a teacher, 50
 * AdamW steps each, logged at every step; two runs of one seed; and a run that hits a GPU error.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DeviceError } from '../../src/backend/device-errors.ts';
import { activeAdapter } from '../../src/backend/webgpu.ts';
import { mlpCounts } from '../../src/models/counts.ts';
import type { MlpShape } from '../../src/models/shapes.ts';
import { loadDataset } from '../../src/data/load.ts';
import type { Dataset, SequenceData } from '../../src/data/types.ts';
import type { RunConfig } from '../../src/train/run-config.ts';
import { parseSweepSpec } from '../../src/spec/spec.ts';
import { trainSettingsSchema } from '../../src/train/settings.ts';
import { trainRun, type CurveRow } from '../../src/train/train-run.ts';
import { useBackend, type TestBackend } from '../helpers/backend.ts';
import { gptRunConfig } from '../helpers/run-config.ts';
import { webgpuAvailability } from '../helpers/webgpu.ts';

/**
 * webgpu and cpu run the same formulas in float32 with different summation orders, so their
 * losses drift apart by rounding only: 4.8e-7 nats at most over 50 steps here, for both models.
 */
const TOLERANCE = 1e-5;
const STEPS = 50;

let brown: SequenceData;
let teacher: Dataset;
const teacherTask = { kind: 'teacher-student', inputDim: 8, teacherWidth: 16, teacherDepth: 2, noiseStd: 0.01, trainExamples: 4096, heldOutExamples: 512 } as const;

beforeAll(async () => {
  const data = await loadDataset({ kind: 'brown', tokenizer: 'char', heldOutFraction: 0.05 });
  if (data.kind !== 'sequence') throw new Error('brown is a token dataset');
  brown = data;
  teacher = await loadDataset(parseSweepSpec({ name: 't', task: teacherTask, family: { kind: 'mlp' }, design: { kind: 'grid', n: [1], d: [1] } }, 't').task);
});

function gptConfig(seed = 0): RunConfig {
  const shape = { vocabSize: brown.vocabSize, contextLength: 16, nLayer: 1, dModel: 32, nHead: 2, tiedEmbedding: true };
  // evalPoints = steps: a held-out loss at every logged step, so whole curves are compared.
  return gptRunConfig(shape, STEPS, { batchSize: 8, learningRate: 3e-3, evalTokens: 1024, evalPoints: 10 }, seed);
}

function mlpConfig(width = 64): RunConfig {
  const spec = parseSweepSpec({ name: 't', task: teacherTask, family: { kind: 'mlp', depth: 2 }, design: { kind: 'grid', n: [1], d: [1] }, train: { batchSize: 32, evalTokens: 256, evalPoints: 10, learningRate: 3e-3 } }, 't');
  const model: MlpShape = { family: 'mlp', inputDim: 8, width, depth: 2, outputDim: 1 };
  const settings = trainSettingsSchema.parse(spec.train);
  const tokensPerStep = settings.batchSize;
  return { runId: 'mlp-test', sweep: 't', seed: 0, task: spec.task, model, counts: mlpCounts(model), train: settings, steps: STEPS, tokensPerStep, tokens: STEPS * tokensPerStep, target: { n: 1, d: 1 }, budget: null };
}

async function curve(backend: TestBackend, config: RunConfig, data: Dataset): Promise<CurveRow[]> {
  const active = await useBackend(backend);
  const rows: CurveRow[] = [];
  const outcome = await trainRun(config, data, active, { onRow: (row) => rows.push({ ...row, seconds: 0 }) });
  expect(outcome.status).toBe('done');
  return rows;
}

function largestGap(a: CurveRow[], b: CurveRow[]): number {
  expect(a.map((r) => r.step)).toEqual(b.map((r) => r.step));
  let gap = 0;
  a.forEach((row, i) => {
    for (const key of ['train_loss', 'eval_loss'] as const) {
      const x = row[key];
      const y = b[i][key];
      expect(x === null, `${key} at step ${row.step}`).toBe(y === null);
      if (x !== null && y !== null) gap = Math.max(gap, Math.abs(x - y));
    }
  });
  return gap;
}

// A software Vulkan is slow (seconds a GPT step under load): generous limits.
describe.runIf(webgpuAvailability().ok)('training on webgpu', { timeout: 300_000 }, () => {
  it(`a GPT trained ${STEPS} steps with AdamW follows the cpu curve within ${TOLERANCE} nats`, async () => {
    const gpu = await curve('webgpu', gptConfig(), brown);
    const cpu = await curve('cpu', gptConfig(), brown);
    expect(gpu.at(-1)!.eval_loss!).toBeLessThan(gpu[0].eval_loss! - 0.3); // it learned
    const gap = largestGap(gpu, cpu);
    console.log(`webgpu vs cpu, GPT: largest loss gap ${gap.toExponential(2)} nats over ${gpu.length} rows`);
    expect(gap).toBeLessThan(TOLERANCE);
  });

  it(`an MLP trained ${STEPS} steps with AdamW follows the cpu curve within ${TOLERANCE}`, async () => {
    const gpu = await curve('webgpu', mlpConfig(), teacher);
    const cpu = await curve('cpu', mlpConfig(), teacher);
    expect(gpu.at(-1)!.eval_loss!).toBeLessThan(gpu[0].eval_loss! / 2);
    const gap = largestGap(gpu, cpu);
    console.log(`webgpu vs cpu, MLP: largest loss gap ${gap.toExponential(2)} over ${gpu.length} rows`);
    expect(gap).toBeLessThan(TOLERANCE);
  });

  it('two runs of one seed give the same curve to the bit; another seed does not', async () => {
    const first = await curve('webgpu', gptConfig(0), brown);
    expect(await curve('webgpu', gptConfig(0), brown)).toEqual(first);
    expect(await curve('webgpu', gptConfig(1), brown)).not.toEqual(first);
  });

  it('a run that hits a GPU error fails with the GPU message instead of training on', async () => {
    const active = await useBackend('webgpu');
    // A weight matrix one row past the largest buffer a shader may bind: every matmul on it fails validation.
    const limit = activeAdapter()!.limits.maxStorageBufferBindingSize;
    const width = Math.ceil(Math.sqrt(limit / 4)) + 1;
    if (width > 20_000) return void console.warn(`skipped: this adapter binds ${limit} bytes, too large to exceed in a test`);
    await expect(trainRun(mlpConfig(width), teacher, active, { onRow: () => {} })).rejects.toThrow(DeviceError);
  });
});
