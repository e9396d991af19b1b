/** The benchmark's models (bench/models.json, shared with torch_peer.py) as resolved run configs. */
import fs from 'node:fs';
import type { ModelShape } from '../src/models/shapes.ts';
import { buildRunConfig, type RunConfig } from '../src/train/run-config.ts';
import { parseSweepSpec } from '../src/spec/spec.ts';
import { trainSettingsSchema } from '../src/train/settings.ts';

export const MODEL_NAMES = ['gpt-a', 'gpt-b', 'mlp'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export type BenchModel = ModelShape & { batchSize: number };

export function readBenchModels(): Record<ModelName, BenchModel> {
  return JSON.parse(fs.readFileSync(new URL('./models.json', import.meta.url), 'utf8')) as Record<ModelName, BenchModel>;
}

/** A run of `steps` steps with the trainer's default settings, one held-out batch, one evaluation. */
export function benchRunConfig(name: string, model: BenchModel, steps: number): RunConfig {
  const { batchSize, ...shape } = model;
  const gpt = shape.family === 'gpt';
  const contextLength = gpt ? shape.contextLength : 1;
  const tokensPerStep = batchSize * contextLength;
  const spec = parseSweepSpec(
    {
      name: 'bench',
      task: gpt ? { kind: 'brown' } : { kind: 'teacher-student', inputDim: shape.inputDim },
      family: gpt ? { kind: 'gpt' } : { kind: 'mlp', depth: shape.depth },
      design: { kind: 'grid', n: [1], d: [1] },
      train: { batchSize, contextLength, evalTokens: tokensPerStep, evalPoints: 1 },
    },
    'bench',
  );
  const config = buildRunConfig({ sweep: 'bench', seed: 0, task: spec.task, model: shape, train: trainSettingsSchema.parse(spec.train), steps, target: { n: 1, d: 1 }, budget: null });
  return { runId: `bench-${name}`, ...config };
}
