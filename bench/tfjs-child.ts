/**
 * One backend, one process (bench/run.ts starts it): trains each model with the real trainer for
 * about `seconds` and prints one JSON line. `node --import tsx bench/tfjs-child.ts <backend> <seconds> <models>`
 */
import { isBackendRequest } from '../src/backend/names.ts';
import { selectBackend } from '../src/backend/select.ts';
import { trainRun } from '../src/train/train-run.ts';
import { benchRunConfig, MODEL_NAMES, readBenchModels, type ModelName } from './bench-models.ts';
import { stepDispatches } from './step-dispatches.ts';
import { randomRegression, randomTokens } from './synthetic-data.ts';

export interface ChildResult {
  model: ModelName;
  tokens_per_s: number;
  steps: number;
  /** Seconds per step, from the warm-up. */
  step_seconds: number;
  /** GPU dispatches in one training step (webgpu only: bench/step-dispatches.ts), else null. */
  dispatches_per_step: number | null;
}

export type ChildReport = { backend: string; device: string; results: ChildResult[] } | { backend: string; skipped: string };

const [backendName = '', secondsArg = '10', modelsArg = MODEL_NAMES.join(',')] = process.argv.slice(2);
const seconds = Number(secondsArg);
const names = modelsArg.split(',') as ModelName[];

async function main(): Promise<ChildReport> {
  if (!isBackendRequest(backendName)) throw new Error(`unknown backend ${backendName}`);
  let backend;
  try {
    backend = await selectBackend(backendName);
  } catch (error) {
    return { backend: backendName, skipped: error instanceof Error ? error.message : String(error) };
  }
  const models = readBenchModels();
  const results: ChildResult[] = [];
  for (const name of names) {
    const model = models[name];
    const data = model.family === 'gpt' ? randomTokens(model.vocabSize) : randomRegression(model.inputDim, model.outputDim);
    const run = (steps: number) => trainRun(benchRunConfig(name, model, steps), data, backend, { onRow: () => {} });
    // A first step warms up (kernel set-up, first allocations); two more size the timed run,
    // unless a step alone is slower than the budget (the plain-JS cpu backend on gpt-b).
    const tokensPerStep = benchRunConfig(name, model, 1).tokensPerStep;
    const first = await run(1);
    const warm = first.seconds * 3 < seconds ? await run(2) : first;
    const stepSeconds = tokensPerStep / warm.tokensPerSecond;
    const outcome = await run(Math.max(1, Math.round(seconds / stepSeconds)));
    const dispatches = backend.name === 'webgpu' ? (await stepDispatches(benchRunConfig(name, model, 1), data, backend)).dispatches : null;
    results.push({ model: name, tokens_per_s: outcome.tokensPerSecond, steps: outcome.stepsCompleted, step_seconds: stepSeconds, dispatches_per_step: dispatches });
  }
  return { backend: backend.name, device: backend.device, results };
}

console.log(JSON.stringify(await main()));
