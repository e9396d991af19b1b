/** Test helper: a resolved run config for a small GPT on a given task, without going through a spec file. */
import type { GptShape } from '../../src/models/shapes.ts';
import { buildRunConfig, type RunConfig } from '../../src/train/run-config.ts';
import { parseSweepSpec } from '../../src/spec/spec.ts';
import { trainSettingsSchema, type TrainSettingsInput } from '../../src/train/settings.ts';

export function gptRunConfig(shape: Omit<GptShape, 'family'>, steps: number, train: TrainSettingsInput = {}, seed = 0): RunConfig {
  const spec = parseSweepSpec(
    { name: 'test', task: { kind: 'brown' }, family: { kind: 'gpt' }, design: { kind: 'grid', n: [1], d: [1] }, train: { contextLength: shape.contextLength, ...train } },
    'test',
  );
  const model: GptShape = { family: 'gpt', ...shape };
  return { runId: 'test-run', ...buildRunConfig({ sweep: 'test', seed, task: spec.task, model, train: trainSettingsSchema.parse(spec.train), steps, target: { n: 1, d: 1 }, budget: null }) };
}
