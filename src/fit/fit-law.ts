/** fitLaw: validate, fit, bootstrap, hold out; the one entry point the CLI and users call. */
import { percentileCI, runBootstrap, type BootstrapOutcome } from './bootstrap.ts';
import { FitInputError } from './errors.ts';
import { genericHoldout } from './holdout.ts';
import type { CoreFit, HoldoutDraws, Law } from './law.ts';
import { isLawName, LAW_NAMES, lawRecord } from './laws/registry.ts';
import { residualStats } from './residuals.ts';
import { trustFlags } from './trust.ts';
import { mulberry32, type Rng } from './rng.ts';
import type { FitOptions, FitPoint, FitResult, LawName } from './types.ts';
import { distinct, duplicateCount, preparePoints, type Pt } from './validate.ts';

export const DEFAULT_BOOTSTRAP = 1000;
/** More resamples than this only cost time: the 2.5% and 97.5% quantiles are settled long before. */
export const MAX_BOOTSTRAP = 20_000;
const DEFAULT_BOOTSTRAP_STARTS = 2;
/**
 * Bootstrap draws of the hold-out refit, for its prediction interval: fewer than the fit's own,
 * since only the interval's 2.5% and 97.5% points are read (at 200 draws each is the mean of
 * the 5th and 6th draw from its end).
 */
export const HOLDOUT_DRAWS = 200;

export function makeLaw(law: LawName, options: FitOptions, points: readonly Pt[]): Law {
  return lawRecord(law).make(options, points);
}

/** Quantities derived from a law's parameters (approach 3: a and b), or {} for laws without any. */
export function deriveQuantities(law: LawName, params: Record<string, number>): Record<string, number> {
  return lawRecord(law).derived ? (makeLaw(law, {}, []).derive?.(params) ?? {}) : {};
}

/**
 * The dear stages of a fit. src/fit-threads computes them on worker threads beforehand, with the
 * same results, and hands them in; by default they run here.
 */
export interface FitStages {
  core(impl: Law, pts: Pt[]): CoreFit;
  bootstrap(impl: Law, pts: Pt[], core: CoreFit, draws: number, rng: Rng, starts: number): BootstrapOutcome;
  /** The refit on a generic hold-out's training part (holdoutSplit's train). */
  holdoutCore(impl: Law, train: Pt[]): CoreFit;
  /** The bootstrap of a hold-out refit (any law's), for the prediction interval. */
  holdoutBootstrap(impl: Law, train: Pt[], core: CoreFit, draws: number, rng: Rng, starts: number): BootstrapOutcome;
}

const IN_TURN: FitStages = { core: (impl, pts) => impl.fit(pts), bootstrap: runBootstrap, holdoutCore: (impl, train) => impl.fit(train), holdoutBootstrap: runBootstrap };

/** A fit's law and its prepared, checked points: what fitLaw starts from. */
export function prepareFit(law: LawName, points: readonly FitPoint[], options: FitOptions): { impl: Law; pts: Pt[] } {
  if (!isLawName(law)) throw new FitInputError(`unknown law ${String(law)}; known: ${LAW_NAMES.join(', ')}`);
  const pts = preparePoints(points, options.duplicates);
  const impl = makeLaw(law, options, pts);
  impl.check(pts);
  return { impl, pts };
}

export const bootstrapDraws = (options: FitOptions) => Math.max(0, Math.floor(options.bootstrap ?? DEFAULT_BOOTSTRAP));
export const bootstrapRng = (options: FitOptions) => mulberry32(options.seed ?? 0);
export const bootstrapStarts = (options: FitOptions) => options.bootstrapStarts ?? DEFAULT_BOOTSTRAP_STARTS;
export const holdoutDraws = (options: FitOptions) => Math.min(bootstrapDraws(options), HOLDOUT_DRAWS);
/** The hold-out bootstrap's own generator: the fit's own draws do not depend on whether a hold-out is asked for. */
export const holdoutRng = (options: FitOptions) => mulberry32(((options.seed ?? 0) + 0x9e3779b9) >>> 0);

/**
 * Fit one law to the points. Throws FitInputError when the data cannot support it; never returns
 * NaN. The result does not depend on the order of `points`.
 */
export function fitLaw(law: LawName, points: readonly FitPoint[], options: FitOptions = {}, stages: FitStages = IN_TURN): FitResult {
  const { impl, pts } = prepareFit(law, points, options);
  const core = stages.core(impl, pts);
  for (const [k, v] of Object.entries(core.params)) {
    if (!Number.isFinite(v)) throw new FitInputError(`${impl.label}: parameter ${k} is not finite; the data do not determine it`);
  }
  const warnings = [...core.warnings];
  const dups = options.duplicates === 'keep' ? duplicateCount(pts) : 0;
  if (dups > 0) warnings.push(`${dups} exact duplicate row(s) kept as given: each counts as one more point (and weights its point double in the fit and the bootstrap)`);

  const draws = bootstrapDraws(options);
  if (draws > MAX_BOOTSTRAP) throw new FitInputError(`bootstrap: ${draws} resamples is more than ${MAX_BOOTSTRAP}`);
  let ci: Record<string, [number, number]> = {};
  let samples: number[][] = [];
  let bootDetails: Record<string, unknown> | undefined;
  if (draws > 0) {
    const out = stages.bootstrap(impl, pts, core, draws, bootstrapRng(options), bootstrapStarts(options));
    samples = out.samples;
    bootDetails = out.details;
    if (out.failed > 0) warnings.push(`bootstrap: ${out.failed} of ${draws} resamples could not be fitted`);
    if (samples.length >= Math.max(2, draws / 2)) ci = percentileCI(samples, impl.paramNames);
    else warnings.push('bootstrap: too few successful resamples for confidence intervals');
  }

  const design = designOf(impl, core);
  const result: FitResult = {
    law: impl.law,
    label: impl.label,
    formula: impl.formula,
    params: core.params,
    ci,
    stats: {
      points: pts.length,
      distinctN: distinct(pts.map((p) => p.N)).length,
      distinctD: distinct(pts.map((p) => p.D)).length,
      ...residualStats(core.residuals),
      objective: core.objective,
      ...design,
      dof: design.designPoints - (impl.freeParams ?? impl.paramNames.length),
      starts: core.starts,
      converged: core.converged,
      bootstrapRequested: draws,
      bootstrapSucceeded: samples.length,
      maxN: largest(pts, (p) => p.N),
      maxD: largest(pts, (p) => p.D),
      maxC: largest(pts, (p) => p.C),
    },
    residuals: core.residuals,
    warnings,
    flags: [],
  };
  if (core.details) result.details = { ...core.details, residualsOf: core.residualsOf };
  else if (core.residualsOf !== 'loss') result.details = { residualsOf: core.residualsOf };
  if (bootDetails) result.details = { ...result.details, ...bootDetails };
  if (impl.derive) {
    const derive = impl.derive;
    const names = Object.keys(derive(core.params));
    const rows = samples.map((row) => {
      const d = derive(Object.fromEntries(impl.paramNames.map((n, j) => [n, row[j]])));
      return names.map((n) => d[n]);
    });
    result.derived = { values: derive(core.params), ci: Object.keys(ci).length > 0 ? percentileCI(rows, names) : {} };
  }
  if (options.holdout) {
    const hdraws = holdoutDraws(options);
    const draws: HoldoutDraws = (train, refit, own) => {
      if (hdraws === 0) return [];
      return own ? own(hdraws, holdoutRng(options)) : stages.holdoutBootstrap(impl, train, refit, hdraws, holdoutRng(options), bootstrapStarts(options)).samples;
    };
    result.holdout = impl.holdout ? impl.holdout(pts, draws) : genericHoldout(impl, pts, (train) => stages.holdoutCore(impl, train), draws);
  }
  if (samples.length > 0) result.bootstrapSamples = samples;
  result.flags = trustFlags(result, -largest(pts, (p) => -p.loss), impl.freeParams ?? impl.paramNames.length);
  return result;
}

/** Distinct design points among what the law was fitted to (its residuals), and their name. */
function designOf(impl: Law, core: CoreFit): { designPoints: number; designUnit: string } {
  const design = impl.design ?? { key: (r: { N: number; D: number }) => `${r.N}|${r.D}`, unit: 'distinct (N, D)' };
  return { designPoints: new Set(core.residuals.map((r) => design.key(r))).size, designUnit: design.unit };
}

/** The largest value over the points, without spreading a million arguments onto the stack. */
function largest(pts: readonly Pt[], f: (p: Pt) => number): number {
  let m = -Infinity;
  for (const p of pts) m = Math.max(m, f(p));
  return m;
}
