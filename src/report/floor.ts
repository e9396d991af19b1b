/**
 * A loss the task cannot go below, when the task knows it: the entropy rate of a Markov source
 * (runs.csv true_entropy_rate) or the label-noise variance of a teacher (runs.csv noise_floor).
 * The fitted irreducible loss E should land near it; real text has no such column.
 */
import type { RunRow } from './rows.ts';

export interface LossFloor {
  value: number;
  label: string;
  /** The runs.csv column it comes from. */
  column: 'true_entropy_rate' | 'noise_floor';
}

export function lossFloor(runs: readonly RunRow[]): LossFloor | null {
  const entropy = runs.find((r) => r.true_entropy_rate !== null)?.true_entropy_rate;
  if (entropy !== undefined && entropy !== null) return { value: entropy, label: 'true entropy rate', column: 'true_entropy_rate' };
  const noise = runs.find((r) => r.noise_floor !== null)?.noise_floor;
  if (noise !== undefined && noise !== null) return { value: noise, label: 'noise floor', column: 'noise_floor' };
  return null;
}
