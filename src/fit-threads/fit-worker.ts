/**
 * A worker thread of the fit pool: runs pure src/fit code on a slice of a fit's work (scan starts
 * or bootstrap resamples) and posts the results back, exactly as the main thread would compute them.
 */
import { parentPort } from 'node:worker_threads';
import { fitEachResample } from '../fit/bootstrap.ts';
import { makeLaw } from '../fit/fit-law.ts';
import { runNextScanWith, runStartsInTurn, type Optimum } from '../fit/multistart.ts';
import type { Pt } from '../fit/validate.ts';
import type { FitTask, FitTaskResult, WorkerReply } from './protocol.ts';

/** Thrown from inside the law's fit once this worker's share of the first scan is done. */
class ScanShare {
  constructor(
    readonly starts: number,
    readonly optima: Optimum[],
  ) {}
}

function run(task: FitTask): FitTaskResult {
  const { law, options, pts } = task.job;
  const impl = makeLaw(law, options, pts);
  if (task.kind === 'scan') {
    try {
      runNextScanWith(
        (fg, starts, lbfgs) => {
          const mine = starts.filter((_, i) => i % task.parts === task.part);
          throw new ScanShare(starts.length, runStartsInTurn(fg, mine, lbfgs));
        },
        () => impl.fit(task.subset ?? pts),
      );
    } catch (e) {
      if (e instanceof ScanShare) return { kind: 'scan', starts: e.starts, optima: e.optima };
      throw e;
    }
    throw new Error(`${law}: the fit made no scan to share`);
  }
  const resamples = task.resamples.map((sample) => sample.map((p): Pt => (typeof p === 'number' ? pts[p] : p)));
  return { kind: 'bootstrap', rows: fitEachResample(impl, resamples, task.warm) };
}

parentPort!.on('message', ({ id, task }: { id: number; task: FitTask }) => {
  let reply: WorkerReply;
  try {
    reply = { id, ok: true, result: run(task) };
  } catch (e) {
    reply = { id, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
  parentPort!.postMessage(reply);
});
