/** Run L-BFGS from many starts and keep the best few distinct optima. */
import { FitInputError } from './errors.ts';
import { minimize, type LbfgsOptions, type Objective } from './lbfgs.ts';

export interface Optimum {
  x: Float64Array;
  f: number;
  converged: boolean;
  iterations: number;
}

export interface MultiStartResult {
  /** Distinct optima, best first (at most `keep`). */
  optima: Optimum[];
  starts: number;
  converged: number;
  iterations: number;
}

export interface MultiStartOptions extends LbfgsOptions {
  /** Distinct optima to keep. */
  keep?: number;
}

/** L-BFGS from each start in turn: one Optimum per start, in start order (f may be non-finite). */
export type StartRunner = (fg: Objective, starts: readonly ArrayLike<number>[], options: LbfgsOptions) => Optimum[];

export const runStartsInTurn: StartRunner = (fg, starts, options) =>
  starts.map((s) => {
    const r = minimize(fg, s, options);
    return { x: r.x, f: r.f, converged: r.converged, iterations: r.iterations };
  });

export function multiStart(fg: Objective, starts: readonly ArrayLike<number>[], options: MultiStartOptions = {}, run: StartRunner = runStartsInTurn): MultiStartResult {
  const keep = options.keep ?? 5;
  const all: Optimum[] = [];
  let converged = 0;
  let iterations = 0;
  for (const r of run(fg, starts, options)) {
    iterations += r.iterations;
    if (r.converged) converged++;
    if (Number.isFinite(r.f)) all.push(r);
  }
  all.sort((a, b) => a.f - b.f);
  const optima: Optimum[] = [];
  for (const o of all) {
    if (optima.length >= keep) break;
    if (!optima.some((p) => sameOptimum(p.x, o.x))) optima.push(o);
  }
  return { optima, starts: starts.length, converged, iterations };
}

function sameOptimum(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 1e-3 * (1 + Math.abs(a[i]))) return false;
  return true;
}

/** Loose tolerances: enough for a start to reach its basin. */
export const SCAN_TOL: LbfgsOptions = { relTol: 1e-7, gradTol: 1e-9, maxIterations: 300 };
/** Tight tolerances for the few optima that compete for best. */
export const POLISH_TOL: LbfgsOptions = { relTol: 1e-13, gradTol: 1e-12, maxIterations: 3000 };

/**
 * Many starts with loose tolerances, then the best `keep` distinct optima polished tightly. Most
 * of a grid's starts land in a handful of basins; polishing each of them to 1e-13 would spend
 * nearly all the time refining optima that are then thrown away. Start and converged counts are
 * those of the scan.
 */
export function scanAndPolish(fg: Objective, starts: readonly ArrayLike<number>[], keep = 5): MultiStartResult {
  const scan = multiStart(fg, starts, { ...SCAN_TOL, keep }, takeScanRunner());
  const polished = multiStart(
    fg,
    scan.optima.map((o) => o.x),
    { ...POLISH_TOL, keep },
  );
  return { optima: polished.optima, starts: scan.starts, converged: scan.converged, iterations: scan.iterations + polished.iterations };
}

/**
 * The runner for the next scan's starts. src/fit-threads spreads a grid's starts over worker
 * threads without changing any result: it installs a runner for one fit's first scan (once), and
 * the runner returns exactly the Optima runStartsInTurn would, in the same order. Every later scan
 * (the polish, a bootstrap's warm starts) runs in turn.
 */
let nextScanRunner: StartRunner | undefined;

export function runNextScanWith<T>(runner: StartRunner, fit: () => T): T {
  nextScanRunner = runner;
  try {
    return fit();
  } finally {
    nextScanRunner = undefined;
  }
}

function takeScanRunner(): StartRunner {
  const runner = nextScanRunner ?? runStartsInTurn;
  nextScanRunner = undefined;
  return runner;
}

/** A scan's outcome in a law's own (natural) parameter vector. */
export interface BestFit {
  /** The best optimum, natural coordinates. */
  v: Float64Array;
  /** Its objective. */
  f: number;
  starts: number;
  converged: number;
  /** Every distinct optimum, best first, natural coordinates: the bootstrap's warm starts. */
  optima: Float64Array[];
}

/** The best optimum of a scan mapped back to natural coordinates; an error naming the law when there is none. */
export function bestNatural(label: string, r: MultiStartResult, toNatural: (x: Float64Array) => Float64Array): BestFit {
  const best = r.optima[0];
  if (!best) throw new FitInputError(`${label}: the optimiser found no finite fit`);
  return { v: toNatural(best.x), f: best.f, starts: r.starts, converged: r.converged, optima: r.optima.map((o) => toNatural(o.x)) };
}
