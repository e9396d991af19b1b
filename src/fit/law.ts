/** The shape every law implements; fit-law.ts adds validation, bootstrap and hold-out around it. */
import type { BestFit } from './multistart.ts';
import { residualsOf } from './residuals.ts';
import type { Axis, HoldoutResult, LawName, Residual } from './types.ts';
import type { Rng } from './rng.ts';
import type { Pt } from './validate.ts';

export interface CoreFit {
  params: Record<string, number>;
  /** Observed against fitted, for the points the law was fitted to (envelope samples, IsoFLOP minima…). */
  residuals: Residual[];
  /** What the residuals compare: loss, or for approaches 1 and 2 the compute-optimal N. */
  residualsOf: 'loss' | 'N_opt';
  objective: number;
  starts: number;
  converged: number;
  /** Best distinct optima in the law's own parameter vector, best first: bootstrap warm starts. */
  warm: Float64Array[];
  details?: Record<string, unknown>;
  warnings: string[];
}

/** The CoreFit of a law fitted to losses: residuals from its own prediction, the scan's optima as warm starts. */
export function lossCoreFit(
  points: readonly Pt[],
  params: Record<string, number>,
  predict: (p: Pt) => number,
  found: BestFit,
  warnings: string[],
  details?: Record<string, unknown>,
): CoreFit {
  return {
    params,
    residuals: residualsOf(points, points.map(predict)),
    residualsOf: 'loss',
    objective: found.f,
    starts: found.starts,
    converged: found.converged,
    warm: found.optima,
    ...(details ? { details } : {}),
    warnings,
  };
}

/**
 * Bootstrap parameter draws of a hold-out refit (the law on `train`, fitted as `core`), rows in
 * paramNames order; none when the fit asked for no bootstrap. By default the law's own bootstrap
 * of `train`; `own` draws them another way (approach 2: resampling budgets), given how many and
 * the hold-out's generator.
 */
export type HoldoutDraws = (train: Pt[], core: CoreFit, own?: (count: number, rng: Rng) => number[][]) => number[][];

export interface Law {
  law: LawName;
  label: string;
  formula: string;
  paramNames: readonly string[];
  /** Parameters really estimated, when fewer than paramNames (approaches 1, 2: b = 1 − a, k_D = 1/(6·k_N)). */
  freeParams?: number;
  /** Throws FitInputError when the points cannot support this law. */
  check(points: Pt[]): void;
  /** Full fit, or with `warm` a refit started only from those vectors (bootstrap). */
  fit(points: Pt[], warm?: Float64Array[]): CoreFit;
  /** Predicted loss at a point (laws that predict loss). */
  predict?(params: Record<string, number>, p: Pt): number;
  /** What a bootstrap resamples: points, whole runs, or (`own`) the law's own `bootstrap`. */
  resample: 'point' | 'run' | 'own';
  /** A bootstrap the law runs itself (approach 2: residuals of each budget's parabola). */
  bootstrap?(points: Pt[], draws: number, rng: Rng): { samples: number[][]; failed: number; details?: Record<string, unknown> };
  /** Axis whose largest value is held out; laws with their own hold-out logic override `holdout`. */
  holdoutAxis: Axis;
  holdout?(points: Pt[], draws: HoldoutDraws): HoldoutResult;
  /**
   * A design point's key, from a residual's N, D and C: what degrees of freedom count (distinct
   * N for L(N), budgets for approach 2 …), with its name in words. Default: distinct (N, D).
   */
  design?: { key(r: { N: number; D: number; C: number }): number | string; unit: string };
  /** Quantities that follow from the parameters (approach 3: the allocation exponents a, b). */
  derive?(params: Record<string, number>): Record<string, number>;
}
