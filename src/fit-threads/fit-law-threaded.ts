/**
 * fitLaw with its two dear stages spread over a FitPool's worker threads, with results bit for bit
 * those of fitLaw on one thread:
 * - the law's first scan (approach 3's 4,500-start grid): each worker runs L-BFGS from every
 *   parts-th start and returns one Optimum per start; they are put back in start order, and the
 *   law's fit then runs here with that scan handed in (multiStart sorts and keeps exactly as
 *   before, and the polish runs here);
 * - the bootstrap: every resample is drawn here, in order, from the one seeded generator; workers
 *   refit slices of them, and the rows come back in draw order.
 */
import { bootstrapOutcome, bootstrapWarmStarts, drawResamples, runBootstrap, type BootstrapOutcome } from '../fit/bootstrap.ts';
import { bootstrapDraws, bootstrapRng, bootstrapStarts, fitLaw, prepareFit } from '../fit/fit-law.ts';
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
  return fitLaw(law, points, options, {
    core: () => core,
    bootstrap: () => {
      if (!boot) throw new Error('fitLawThreaded: a bootstrap was asked for that was not run');
      return boot;
    },
  });
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

async function threadedCore(impl: Law, job: FitJob, pool: FitPool): Promise<CoreFit> {
  const size = firstScanSize(impl, job.pts);
  if ('fitted' in size) return size.fitted;
  if (size.starts < MIN_THREADED_STARTS) return impl.fit(job.pts);
  const optima = await scanOnPool(job, size.starts, pool);
  return runNextScanWith(
    (_fg, starts) => {
      if (starts.length !== optima.length) throw new Error(`fitLawThreaded: scan of ${starts.length} starts, ${optima.length} computed`);
      return optima;
    },
    () => impl.fit(job.pts),
  );
}

/** The law's first scan over the job's points on the pool: one Optimum per start, in start order. */
export async function scanOnPool(job: FitJob, starts: number, pool: FitPool): Promise<Optimum[]> {
  const parts = Math.min(starts, pool.size * TASKS_PER_WORKER);
  const shares = await pool.runAll(Array.from({ length: parts }, (_, part) => ({ kind: 'scan' as const, job, part, parts })));
  const optima: Optimum[] = new Array(starts);
  shares.forEach((share, part) => {
    const { starts: seen, optima: mine } = expectKind(share, 'scan');
    if (seen !== starts) throw new Error(`fitLawThreaded: a worker's scan had ${seen} starts, this thread's ${starts}`);
    mine.forEach((o, j) => (optima[part + j * parts] = o));
  });
  return optima;
}

async function threadedBootstrap(impl: Law, job: FitJob, core: CoreFit, draws: number, options: FitOptions, pool: FitPool): Promise<BootstrapOutcome> {
  // A law with its own bootstrap (approach 2) is cheap: it runs here, exactly as in fitLaw.
  if (impl.bootstrap) return runBootstrap(impl, job.pts, core, draws, bootstrapRng(options), bootstrapStarts(options));
  const resamples = drawResamples(impl, job.pts, draws, bootstrapRng(options));
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
