/**
 * The data-constrained law of Muennighoff et al. (2023, "Scaling data-constrained language
 * models"): approach 3's L = E + A/N^alpha + B/D'^beta, where repeated data is worth less than
 * fresh data. With U unique tokens and R = D/U − 1 repetitions beyond the first epoch, the
 * effective data is
 *   D' = U + U·R_D·(1 − exp(−R/R_D)),
 * so the first few repetitions count almost fully and D' never exceeds U·(1 + R_D): R_D is the
 * number of repetitions after which more epochs stop paying (the paper: R_D* ≈ 15.4). Runs that
 * see each token at most once have D' = D. (The paper's excess-parameter term, N' with R_N* ≈ 5.3,
 * needs the compute-optimal N for U tokens, which a toy sweep does not pin down: N is used as is.)
 *
 * Fitted as a profile over R_D: at each R_D the law is approach 3 on (N, D'), fitted by its own
 * objective from warm starts; a log-spaced scan of R_D, then golden-section search in log R_D around
 * the best, gives the optimum. The paper's start grid runs once, at the published R_D.
 */
import { defineLaw } from '../law-record.ts';
import { lossCoreFit, type CoreFit, type Law } from '../law.ts';
import type { SweepData } from '../sweep-data.ts';
import { bestNatural, scanAndPolish, type MultiStartResult } from '../multistart.ts';
import { FitInputError } from '../errors.ts';
import type { FitOptions } from '../types.ts';
import { distinct, requireDistinct, requirePoints, type Pt } from '../validate.ts';
import { Chinchilla3Objective, COARSE_GRID, FULL_GRID, gridStarts, naturalToParams, predictChinchilla } from './chinchilla3.ts';

export const DATA_CONSTRAINED_PARAMS = ['E', 'A', 'B', 'alpha', 'beta', 'R_D'] as const;

/** Muennighoff et al. (2023)'s fitted R_D*: where the search starts. */
export const PUBLISHED_R_D = 15.4;

/** R_D is searched within these bounds: below 0.1 repeats are worth nothing, above 1e3 as much as fresh data. */
const LOG_R_MIN = Math.log(0.1);
const LOG_R_MAX = Math.log(1e3);
/** Scan points in log R_D, then golden-section steps around the best. */
const SCAN = 13;
const GOLDEN_STEPS = 14;

/** D' for a run of D tokens on U unique tokens, given R_D. */
export function effectiveData(D: number, U: number, rD: number): number {
  if (D <= U) return D;
  const repeats = D / U - 1;
  return U + U * rD * (1 - Math.exp(-repeats / rD));
}

export function predictDataConstrained(params: Record<string, number>, N: number, D: number, U: number): number {
  return predictChinchilla(params, N, effectiveData(D, U, params.R_D));
}

function uniqueOf(p: Pt): number {
  return p.U ?? p.D;
}

/** One approach-3 fit on (N, D'(R_D)) from the given natural 5-vectors [a, b, e, alpha, beta]. */
function fitAt(points: readonly Pt[], logR: number, starts: readonly ArrayLike<number>[]): { r: MultiStartResult; toNatural: (x: Float64Array) => Float64Array } {
  const rD = Math.exp(logR);
  const obj = new Chinchilla3Objective(points.map((p) => ({ ...p, D: effectiveData(p.D, uniqueOf(p), rD) })));
  return { r: scanAndPolish(obj.fg, starts.map((v) => obj.toInternal(v)), 5), toNatural: (x) => obj.toNatural(x) };
}

interface ProfilePoint {
  logR: number;
  f: number;
  found: ReturnType<typeof bestNatural>;
}

/**
 * The profile's minimum over log R_D in [lo, hi]: a scan of `scanPoints`, then golden-section
 * search between the best scan point's neighbours. Every fit starts from `starts` (the anchor's
 * optima) and from the best optimum found so far, so one R_D's local optimum cannot steer the rest.
 */
function profile(points: readonly Pt[], starts: readonly Float64Array[], lo: number, hi: number, scanPoints: number): ProfilePoint {
  const tried: ProfilePoint[] = [];
  const bestSoFar = () => tried.reduce((b, p) => (p.f < b.f ? p : b));
  const at = (logR: number): ProfilePoint => {
    const { r, toNatural } = fitAt(points, logR, tried.length > 0 ? [...starts, bestSoFar().found.v] : starts);
    const found = bestNatural('data-constrained', r, toNatural);
    const p = { logR, f: found.f, found };
    tried.push(p);
    return p;
  };
  const grid = Array.from({ length: scanPoints }, (_, i) => lo + ((hi - lo) * i) / (scanPoints - 1));
  const scanned = grid.map(at);
  const i = scanned.reduce((bi, p, k) => (p.f < scanned[bi].f ? k : bi), 0);
  let a = grid[Math.max(0, i - 1)];
  let b = grid[Math.min(grid.length - 1, i + 1)];
  const phi = (Math.sqrt(5) - 1) / 2;
  let c = at(b - phi * (b - a));
  let d = at(a + phi * (b - a));
  for (let step = 0; step < GOLDEN_STEPS; step++) {
    if (c.f < d.f) {
      b = d.logR;
      d = c;
      c = at(b - phi * (b - a));
    } else {
      a = c.logR;
      c = d;
      d = at(a + phi * (b - a));
    }
  }
  return bestSoFar();
}

export function dataConstrainedLaw(options: FitOptions): Law {
  const grid = options.grid === 'coarse' ? COARSE_GRID : FULL_GRID;
  return {
    law: 'data-constrained',
    label: 'data-constrained',
    formula: "L = E + A/N^alpha + B/D'^beta, D' = U + U·R_D·(1 − exp(−(D/U − 1)/R_D))",
    paramNames: DATA_CONSTRAINED_PARAMS,
    resample: 'point',
    holdoutAxis: 'N',
    check(points) {
      requirePoints('data-constrained', points, 7);
      requireDistinct('data-constrained', points, 'N', 2);
      requireDistinct('data-constrained', points, 'D', 2);
      if (points.some((p) => p.U === undefined)) throw new FitInputError('data-constrained needs each point\'s unique tokens U (runs.csv: tokens / epochs)');
      const repeated = distinct(points.filter((p) => p.D > uniqueOf(p)).map((p) => p.D / uniqueOf(p)));
      if (repeated.length < 2) throw new FitInputError(`data-constrained needs runs that repeat data at 2 or more repetition counts, got ${repeated.length}`);
    },
    predict: (params, p) => predictDataConstrained(params, p.N, p.D, uniqueOf(p)),
    derive: (p) => ({ a: p.beta / (p.alpha + p.beta), b: p.alpha / (p.alpha + p.beta) }),
    fit(points, warm): CoreFit {
      let best: ProfilePoint;
      if (warm) {
        // A bootstrap refit: the profile in a bracket around the full fit's R_D, from its optima.
        const logR = warm[0][5];
        best = profile(points, warm.map((v) => v.slice(0, 5)), Math.max(LOG_R_MIN, logR - 1), Math.min(LOG_R_MAX, logR + 1), 5);
      } else {
        // The start grid once, at the published R_D; its best optima seed every other R_D.
        const { r, toNatural } = fitAt(points, Math.log(PUBLISHED_R_D), gridStarts(grid));
        const anchor = bestNatural('data-constrained', r, toNatural);
        best = profile(points, anchor.optima.slice(0, 3), LOG_R_MIN, LOG_R_MAX, SCAN);
      }
      const params = { ...naturalToParams(best.found.v), R_D: Math.exp(best.logR) };
      const warnings: string[] = [];
      if (best.logR <= LOG_R_MIN + 1e-6 || best.logR >= LOG_R_MAX - 1e-6) {
        warnings.push(`data-constrained: R_D = ${params.R_D.toPrecision(3)} is at the end of its search range [0.1, 1000]: the repeats do not pin it down`);
      }
      const found = { ...best.found, optima: best.found.optima.map((v) => Float64Array.of(...v, best.logR)) };
      return lossCoreFit(points, params, (p) => predictDataConstrained(params, p.N, p.D, uniqueOf(p)), found, warnings);
    },
  };
}

/** All runs, once they repeat data at 2 or more repetition counts (U, the unique tokens, from runs.csv's epochs). */
function selectRepeats({ runs, nN, nD }: SweepData) {
  const repeats = new Set(runs.filter((p) => p.U !== undefined && p.D > p.U).map((p) => p.D / (p.U as number))).size;
  if (nN >= 2 && nD >= 2 && runs.length >= 7 && repeats >= 2) return [{ options: {}, points: [...runs], subset: `all runs, ${repeats} repetition counts above one epoch` }];
  return { skipped: `needs runs that repeat data at 2 or more repetition counts (got ${repeats}), and 2 or more distinct N and D` };
}

export const dataConstrained = defineLaw({
  name: 'data-constrained',
  formula: "L = E + A/N^alpha + B/D'^beta with D' = U + U·R_D·(1 − exp(−(D/U − 1)/R_D)): Muennighoff et al. 2023, repeated data discounted",
  params: { E: 'floor', A: 'coefficient', B: 'coefficient', alpha: 'exponent', beta: 'exponent', R_D: 'coefficient' },
  derived: { a: 'exponent', b: 'exponent' },
  published: `none in the published columns: Muennighoff et al. 2023 fit R_D* = ${PUBLISHED_R_D} beside an excess-parameter term this law leaves out, so their E, A, B, alpha, beta are not this law's; their R_D* is where the search starts`,
  holdoutAxis: 'N',
  make: (options) => dataConstrainedLaw(options),
  sweep: { order: 50, select: selectRepeats },
});
