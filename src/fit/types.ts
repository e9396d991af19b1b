/** Plain data types shared by every law. */
import type { LawName } from './laws/registry.ts';
import type { TrustFlag } from './trust.ts';

/** One observation: a model of N parameters trained on D tokens reached this loss. */
export interface FitPoint {
  /** Parameters (Kaplan's N: non-embedding). */
  N: number;
  /** Tokens (or examples) trained on. */
  D: number;
  loss: number;
  /** Training FLOPs; 6·N·D when absent. */
  C?: number;
  /** IsoFLOP budget the run belongs to (approach 2). When absent, points are grouped by C. */
  budget?: number;
  /** Training run the point comes from (approach 1 and kaplan-c, where points are curve steps). */
  run?: string;
  /** Unique tokens (or examples) the run drew from; D above it repeated data (the data-constrained law). */
  U?: number;
}

/** The laws by name: each law's record (law-record.ts), listed in laws/registry.ts. */
export type { LawName };

export type Axis = 'N' | 'D' | 'C';

export interface FitOptions {
  /**
   * Exact duplicate rows (same N, D, C, budget, run and loss): 'refuse' (default) throws, since
   * they are usually two files concatenated; 'keep' fits them as given (as some published fits
   * did) and says how many in a warning.
   */
  duplicates?: 'refuse' | 'keep';
  /** Bootstrap resamples for the 95% CIs; 0 skips them. Default 1,000. */
  bootstrap?: number;
  /** Seed of the bootstrap resampling. Default 0. */
  seed?: number;
  /** Also fit on all but the largest N (or D, C, x) and report the error on the held-out points. */
  holdout?: boolean;
  /** Kaplan forms: add an irreducible loss E. */
  irreducible?: boolean;
  /** BNSL: the variable x; default N if only N varies, D if only D varies, else C. */
  x?: Axis;
  /**
   * Approach 3 starts: 'full' is the paper's 4,500-point grid (default); 'coarse' a 32-point
   * subset for quick looks and tests.
   */
  grid?: 'full' | 'coarse';
  /**
   * Approach 3 and BNSL bootstrap: each resample is refitted from this many of the best distinct
   * optima of the full fit instead of the whole grid (default 2). See bootstrap.ts for why.
   */
  bootstrapStarts?: number;
}

export interface FitStats {
  /** Points the law was fitted to (for approaches 1 and 2: input points, not envelope samples). */
  points: number;
  distinctN: number;
  distinctD: number;
  /** Root-mean-square of log(observed) − log(predicted). */
  rmseLog: number;
  /** Mean |log residual|. */
  maeLog: number;
  maxAbsLog: number;
  /** Final value of the minimised objective (Huber or squared log residuals). */
  objective: number;
  /** Distinct design points the law was fitted to (distinct N, D, (N, D) or budgets): seeds and replicates count once. */
  designPoints: number;
  /** What a design point is, in words: "distinct N", "distinct (N, D)", "budgets" … */
  designUnit: string;
  /** Distinct design points minus free parameters. */
  dof: number;
  starts: number;
  /** Starts whose optimiser stopped on a convergence test (not iteration cap or failure). */
  converged: number;
  bootstrapRequested: number;
  bootstrapSucceeded: number;
  /** Largest N, D and C among the points (what a prediction beyond them extrapolates from). */
  maxN: number;
  maxD: number;
  maxC: number;
}

export interface Residual {
  N: number;
  D: number;
  C: number;
  observed: number;
  predicted: number;
  /** log(observed) − log(predicted). */
  logResidual: number;
}

export interface HoldoutResult {
  /** What was held out: points with the largest value of this axis. */
  axis: Axis;
  value: number;
  trainPoints: number;
  heldOutPoints: number;
  /** Mean |predicted − observed| / observed over held-out points; null when it could not be run. */
  relError: number | null;
  maxRelError: number | null;
  predictions: { x: number; observed: number; predicted: number }[];
  /** What is compared: the loss, or for approaches 1 and 2 the compute-optimal N. */
  quantity: 'loss' | 'N_opt';
  note?: string;
  /** The law could not be refitted without the held-out points (note says why): a trust flag. */
  refitFailed?: boolean;
  /**
   * The prediction test: a 95% bootstrap prediction interval (the refit's parameter draws plus
   * its residual noise) for the geometric mean of the held-out quantity, and the observed one.
   * Absent when the fit was asked for no bootstrap or too few draws could be fitted.
   */
  interval?: { level: number; low: number; high: number; observed: number; inside: boolean; draws: number };
  /**
   * The naive predictor the law must beat (the nearest smaller size's loss; for N_opt the previous
   * two budgets' trend, rolled over every budget), with both errors over the same points.
   */
  naive?: { how: string; relError: number; lawRelError: number; points: number };
}

export interface FitResult {
  law: LawName;
  /** law plus variant, e.g. 'kaplan-n+E'; unique per fit, used as the key in fits.csv. */
  label: string;
  formula: string;
  params: Record<string, number>;
  /** 95% percentile-bootstrap interval per parameter; empty when bootstrap is 0. */
  ci: Record<string, [number, number]>;
  stats: FitStats;
  residuals: Residual[];
  holdout?: HoldoutResult;
  /** Quantities derived from params, with bootstrap CIs (approach 3: a and b). */
  derived?: { values: Record<string, number>; ci: Record<string, [number, number]> };
  /** Approach-specific extras (IsoFLOP minima, envelope samples, BNSL axis). */
  details?: Record<string, unknown>;
  warnings: string[];
  /** Why values of this fit should not be trusted (trust.ts); empty when every value is determined. */
  flags: TrustFlag[];
  /** Bootstrap draws, one row per successful resample, columns in Object.keys(params) order. */
  bootstrapSamples?: number[][];
}
