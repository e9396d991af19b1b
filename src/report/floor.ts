/**
 * A loss the task cannot go below, when the task knows it: for a Markov source the lowest loss its
 * held-out windows allow (runs.csv entropy_floor: the entropy rate where a target sees the chain's
 * full order, more at each window's first targets; data/markov-floor.ts), else its entropy rate
 * (true_entropy_rate, in runs.csv files collected before entropy_floor existed); for a teacher the
 * label-noise variance (noise_floor). The fitted irreducible loss E should land near it; real text
 * has no such column.
 */
import type { RunRow } from './rows.ts';

export interface LossFloor {
  value: number;
  label: string;
  /** The runs.csv column it comes from. */
  column: 'entropy_floor' | 'true_entropy_rate' | 'noise_floor';
}

export function lossFloor(runs: readonly RunRow[]): LossFloor | null {
  const windowed = runs.find((r) => r.entropy_floor !== null);
  if (windowed && windowed.entropy_floor !== null) {
    const rate = windowed.true_entropy_rate === null ? '' : ` (the entropy rate, ${windowed.true_entropy_rate.toFixed(4)}, where a target sees the chain's full order; more at each window's first targets)`;
    return { value: windowed.entropy_floor, label: `lowest loss its ${windowed.raw.context_length}-token held-out windows allow${rate}`, column: 'entropy_floor' };
  }
  const entropy = runs.find((r) => r.true_entropy_rate !== null)?.true_entropy_rate;
  if (entropy !== undefined && entropy !== null) return { value: entropy, label: 'true entropy rate', column: 'true_entropy_rate' };
  const noise = runs.find((r) => r.noise_floor !== null)?.noise_floor;
  if (noise !== undefined && noise !== null) return { value: noise, label: 'noise floor', column: 'noise_floor' };
  return null;
}
