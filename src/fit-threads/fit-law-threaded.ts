/**
 * fitLaw with its two dear stages spread over a FitPool's worker threads, with results bit for bit
 * those of fitLaw on one thread:
 * - the law's first scan (approach 3's 4,500-start grid): each worker runs L-BFGS from every
 *   parts-th start and returns one Optimum per start; they are put back in start order, and the
 *   law's fit then runs here with that scan handed in (multiStart sorts and keeps exactly as
 *   before, and the polish runs here);
 * - the bootstrap: every resample is drawn here, in order, from the one seeded generator; workers
 *   refit slices of them, and the rows come back in draw order;
 * - the generic hold-out's refit on all but the largest N, D or C: its first scan, as the law's;
 *   and that refit's bootstrap (for the prediction interval), as the fit's own.
 */
import { bootstrapOutcome, bootstrapWarmStarts, drawResamples, runBootstrap, type BootstrapOutcome } from '../fit/bootstrap.ts';
import { bootstrapDraws, bootstrapRng, bootstrapStarts, fitLaw, holdoutDraws, holdoutRng, prepareFit } from '../fit/fit-law.ts';
import { holdoutSplit } from '../fit/holdout.ts';
import type { CoreFit, Law } from '../fit/law.ts';
import { runNextScanWith, type Optimum } from '../fit/multistart.ts';
import type { FitOptions, FitPoint, FitResult, LawName } from '../fit/types.ts';
import type { Pt } from '../fit/validate.ts';
import type { FitPool } from './pool.ts';
import type { FitJob, FitTaskResult, SentResample } from './protocol.ts';

/** Below this many starts a scan runs on the calling thread: a task's round trip would cost more. */
const MIN_THREADED_STARTS = 64;
/** Tasks per worker: more, smaller tasks even out starts and resamples of unequal cost. */
const TASKS_PER_WORKER = 4;

export async function fitLawThreaded(law: LawName, points: readonly FitPoint[], options: FitOptions, pool: FitPool): Promise<FitResult> {
  const { impl, pts } = prepareFit(law, points, options);
  const job: FitJob = { law, options, pts };
  const core = await threadedCore(impl, job, pool);
  const draws = bootstrapDraws(options);
  const boot = draws > 0 ? await threadedBootstrap(impl, job, core, draws, options, pool) : undefined;
  const holdout = options.holdout ? await threadedHoldoutCore(impl, job, pool) : undefined;
  const hdraws = holdoutDraws(options);
  const holdoutBoot = holdout && 'core' in holdout && hdraws > 0 ? await threadedBootstrap(impl, job, holdout.core, hdraws, options, pool, holdout.train, holdoutRng(options)) : undefined;
  return fitLaw(law, points, options, {
    core: () => core,
    bootstrap: () => {
      if (!boot) throw new Error('fitLawThreaded: a bootstrap was asked for that was not run');
      return boot;
    },
    holdoutCore: (_impl, train) => {
      if (!holdout || !samePoints(train, holdout.train)) {
        throw new Error('fitLawThreaded: a hold-out refit was asked for on points it did not fit');
      }
      if ('error' in holdout) throw holdout.error;
      return holdout.core;
    },
    // The generic hold-out's bootstrap was computed on the pool; a law's own hold-out (approaches
    // 1 and 2, kaplan-c) bootstraps its refit here, exactly as fitLaw does.
    holdoutBootstrap: (_impl, train, core, draws, rng, starts) =>
      holdoutBoot && holdout && samePoints(train, holdout.train) ? holdoutBoot : runBootstrap(impl, train, core, draws, rng, starts),
  });
}

/** fitLaw prepares its own copies of the points: the same points are equal field by field. */
function samePoints(a: readonly Pt[], b: readonly Pt[]): boolean {
  return a.length === b.length && a.every((p, i) => p.N === b[i].N && p.D === b[i].D && p.loss === b[i].loss && p.C === b[i].C && p.budget === b[i].budget && p.run === b[i].run);
}

/**
 * The generic hold-out's refit (the law on all but its largest N, D or C: as dear as the fit
 * itself), computed on the pool; or what it threw, to be thrown where fitLaw asks for it. Laws
 * with their own hold-out (approaches 1 and 2, cheap) keep it on this thread.
 */
async function threadedHoldoutCore(impl: Law, job: FitJob, pool: FitPool): Promise<({ core: CoreFit } | { error: unknown }) & { train: Pt[] } | undefined> {
  if (impl.holdout || !impl.predict) return undefined;
  const { train } = holdoutSplit(impl, job.pts);
  try {
    impl.check(train); // fitWithout checks first and then never asks for the refit
  } catch {
    return undefined;
  }
  try {
    return { train, core: await threadedCore(impl, job, pool, train) };
  } catch (error) {
    return { train, error };
  }
}

/** Thrown to learn a scan's size without running it. */
class ScanSize {
  constructor(readonly starts: number) {}
}

/** How many starts the law's first scan has, or null when its fit makes none (then `fitted` holds the fit). */
function firstScanSize(impl: Law, pts: Pt[]): { starts: number } | { fitted: CoreFit } {
  try {
    return {
      fitted: runNextScanWith(
        (_fg, starts) => {
          throw new ScanSize(starts.length);
        },
        () => impl.fit(pts),
      ),
    };
  } catch (e) {
    if (e instanceof ScanSize) return { starts: e.starts };
    throw e;
  }
}

/** The law (made from the job's points) fitted to `fitPts`: the job's points, or a hold-out's part of them. */
async function threadedCore(impl: Law, job: FitJob, pool: FitPool, fitPts: Pt[] = job.pts): Promise<CoreFit> {
  const size = firstScanSize(impl, fitPts);
  if ('fitted' in size) return size.fitted;
  if (size.starts < MIN_THREADED_STARTS) return impl.fit(fitPts);
  const optima = await scanOnPool(job, size.starts, pool, fitPts === job.pts ? undefined : fitPts);
  return runNextScanWith(
    (_fg, starts) => {
      if (starts.length !== optima.length) throw new Error(`fitLawThreaded: scan of ${starts.length} starts, ${optima.length} computed`);
      return optima;
    },
    () => impl.fit(fitPts),
  );
}

/**
 * The law's first scan over the job's points (or over `subset`, the law still made from the job's
 * points) on the pool: one Optimum per start, in start order.
 */
export async function scanOnPool(job: FitJob, starts: number, pool: FitPool, subset?: Pt[]): Promise<Optimum[]> {
  const parts = Math.min(starts, pool.size * TASKS_PER_WORKER);
  const shares = await pool.runAll(Array.from({ length: parts }, (_, part) => ({ kind: 'scan' as const, job, part, parts, ...(subset ? { subset } : {}) })));
  const optima: Optimum[] = new Array(starts);
  shares.forEach((share, part) => {
    const { starts: seen, optima: mine } = expectKind(share, 'scan');
    if (seen !== starts) throw new Error(`fitLawThreaded: a worker's scan had ${seen} starts, this thread's ${starts}`);
    mine.forEach((o, j) => (optima[part + j * parts] = o));
  });
  return optima;
}

/** The bootstrap of a fit to `pts` (the job's points, or a hold-out's part of them), drawn from `rng`. */
async function threadedBootstrap(impl: Law, job: FitJob, core: CoreFit, draws: number, options: FitOptions, pool: FitPool, pts: Pt[] = job.pts, rng = bootstrapRng(options)): Promise<BootstrapOutcome> {
  // A law with its own bootstrap (approach 2) is cheap: it runs here, exactly as in fitLaw.
  if (impl.bootstrap) return runBootstrap(impl, pts, core, draws, rng, bootstrapStarts(options));
  const resamples = drawResamples(impl, pts, draws, rng);
  const warm = bootstrapWarmStarts(core, bootstrapStarts(options));
  const index = new Map(job.pts.map((p, i) => [p, i]));
  const send = (sample: Pt[]): SentResample => sample.map((p) => index.get(p) ?? p);
  const parts = Math.min(draws, pool.size * TASKS_PER_WORKER);
  const tasks = Array.from({ length: parts }, (_, part) => {
    const from = Math.floor((part * draws) / parts);
    const to = Math.floor(((part + 1) * draws) / parts);
    return { kind: 'bootstrap' as const, job, resamples: resamples.slice(from, to).map(send), warm };
  });
  const slices = await pool.runAll(tasks);
  return bootstrapOutcome(slices.flatMap((slice) => expectKind(slice, 'bootstrap').rows));
}

function expectKind<K extends FitTaskResult['kind']>(result: FitTaskResult, kind: K): Extract<FitTaskResult, { kind: K }> {
  if (result.kind !== kind) throw new Error(`fitLawThreaded: a worker answered ${result.kind} to a ${kind} task`);
  return result as Extract<FitTaskResult, { kind: K }>;
}
