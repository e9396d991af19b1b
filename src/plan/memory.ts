/**
 * How much memory a run needs to train, estimated at plan time so a model that cannot fit is
 * refused in one line instead of crashing every worker (or the planner) later. A rough lower
 * bound: fp32 weights, gradients and AdamW's two moments (16 bytes per parameter), plus the
 * activations kept for the backward pass (Korthikanti et al. 2022's per-layer count, doubled for
 * fp32) and the logits.
 */
import { familyOf } from '../models/family-registry.ts';
import type { RunConfig } from '../train/run-config.ts';

/** fp32 weights + gradients + AdamW's first and second moments. */
export const BYTES_PER_PARAMETER = 16;

export function trainingBytes(run: Pick<RunConfig, 'counts' | 'model' | 'train'>): number {
  const weights = run.counts.nParams * BYTES_PER_PARAMETER;
  const batch = run.train.batchSize;
  return weights + familyOf(run.model.family).activationBytes(run.model, batch);
}

/** "1.6e+13 bytes (16 TB)". */
export function formatBytes(bytes: number): string {
  const units: Array<[number, string]> = [[2 ** 40, 'TiB'], [2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  for (const [size, unit] of units) if (bytes >= size) return `${(bytes / size).toPrecision(3)} ${unit}`;
  return `${bytes} B`;
}
