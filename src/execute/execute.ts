/**
 * Runs the planned runs that are not finished, each in its own child process (crash and memory
 * isolation), K at a time. Finished runs (summary.json present) are skipped, so rerunning the
 * same command resumes a sweep. Ctrl-C stops the children; their runs stay unfinished.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { BackendName } from '../backend/names.ts';
import { writeJsonAtomic } from '../io/atomic-write.ts';
import type { ProgressReporter } from './progress.ts';
import { executionOrder } from '../plan/order.ts';
import { releaseLockOf } from './run-lock.ts';
import type { RunConfig } from '../train/run-config.ts';
import { writeErrorFile } from '../io/formats/error-file.ts';
import { configPath, errorPath, isFinished, readRunConfig, readRunError, runDir } from './run-files.ts';
import type { StandbyWorker } from './standby.ts';
import { forkWorker, workerEnv, type WorkerProcess } from './worker-process.ts';
import { isStopSignal, STOP_SIGNALS, type StopSignal } from '../base/stopped-error.ts';
import { EXIT_BUSY, REASON_PREFIX, type WorkerMessage } from './worker-protocol.ts';

export interface ExecuteOptions {
  sweepDir: string;
  runs: RunConfig[];
  backend: BackendName;
  workers: number;
  /** CUDA_VISIBLE_DEVICES value for each worker slot (one GPU per worker), when on GPUs. */
  gpuIds?: string[];
  reporter: ProgressReporter;
  /** Called once, when a worker slot first finds no run left to start: a core is free from then on. */
  onSlotIdle?: () => void;
  /** A worker already started (standby.ts): the first slot's first run goes to it. */
  standby?: StandbyWorker;
}

export interface ExecuteResult {
  finished: string[];
  failed: Array<{ runId: string; error: string }>;
  /** Runs another live sweep is training right now (their folders are locked); left alone. */
  busy: Array<{ runId: string; why: string }>;
  skipped: number;
  interrupted: boolean;
  /** The signal that stopped the runs (the sweep's, else the one a worker was ended by); null when none did. */
  stoppedBy: StopSignal | null;
}


/**
 * Writes each run's config.json (same id, same config: never rewritten once there). One that fails
 * its schema (cut, emptied) is written again from the plan: the id names exactly this config.
 */
export function materializeRuns(sweepDir: string, runs: RunConfig[]): void {
  for (const run of runs) {
    const dir = runDir(sweepDir, run.runId);
    if (readRunConfig(dir).state === 'ok') continue;
    writeJsonAtomic(configPath(dir), run);
  }
}

export async function executeRuns(options: ExecuteOptions): Promise<ExecuteResult> {
  const { sweepDir, runs, reporter } = options;
  materializeRuns(sweepDir, runs);
  const pending = executionOrder(runs.filter((run) => !isFinished(runDir(sweepDir, run.runId))));
  const result: ExecuteResult = { finished: [], failed: [], busy: [], skipped: runs.length - pending.length, interrupted: false, stoppedBy: null };
  const tokensTotal = pending.reduce((sum, run) => sum + run.tokens, 0);
  const inFlight = new Map<string, number>(); // runId → tokens so far
  const children = new Set<ChildProcess>();
  let tokensFinished = 0;
  const startedAt = performance.now();

  const emit: Emit = (event, extra = {}) => {
    const tokensDone = tokensFinished + [...inFlight.values()].reduce((a, b) => a + b, 0);
    const seconds = (performance.now() - startedAt) / 1000;
    reporter.report({
      event,
      runsDone: result.finished.length + result.failed.length + result.busy.length,
      runsTotal: pending.length,
      tokensDone,
      tokensTotal,
      tokensPerSecond: seconds > 0 ? tokensDone / seconds : 0,
      ...extra,
    });
  };

  const onSignal = (signal: StopSignal): void => {
    result.interrupted = true;
    result.stoppedBy = signal;
    for (const child of children) child.kill('SIGTERM');
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);

  emit('start', { detail: `${pending.length} to train, ${result.skipped} already finished, ${options.workers} worker(s)` });
  let next = 0;
  let slotIdle = false;
  const slot = async (index: number): Promise<void> => {
    while (!result.interrupted && next < pending.length) {
      const run = pending[next++];
      inFlight.set(run.runId, 0);
      emit('run-start', { runId: run.runId });
      const env = workerEnv();
      if (options.gpuIds?.length) env.CUDA_VISIBLE_DEVICES = options.gpuIds[index % options.gpuIds.length];
      const dir = runDir(sweepDir, run.runId);
      // The standby was started without a GPU of its own: it serves only where no slot has one.
      const standby = index === 0 && !options.gpuIds?.length ? options.standby?.take(dir, options.backend) : null;
      const outcome = await runChild(
        dir,
        standby ?? forkWorker([dir, options.backend, String(process.pid)], env),
        children,
        (message) => {
          if (message.type === 'progress') {
            inFlight.set(run.runId, message.tokens);
            emit('run-progress', { runId: run.runId, evalLoss: message.evalLoss, step: message.step, steps: message.steps });
          }
        },
        () => result.interrupted,
      );
      inFlight.delete(run.runId);
      if (recordOutcome(result, run.runId, outcome, emit)) tokensFinished += run.tokens;
    }
    if (!result.interrupted && !slotIdle) {
      slotIdle = true;
      options.onSlotIdle?.();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.workers) }, (_, i) => slot(i)));
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    emit('end');
    reporter.stop();
  }
  return result;
}

type ProgressEvent = Parameters<ProgressReporter['report']>[0];
type Emit = (event: ProgressEvent['event'], extra?: Partial<ProgressEvent>) => void;

/** One run's outcome into the result, reported as its run-end; true when the run finished. */
function recordOutcome(result: ExecuteResult, runId: string, outcome: Awaited<ReturnType<typeof runChild>>, emit: Emit): boolean {
  if (outcome.ok) {
    result.finished.push(runId);
    emit('run-end', { runId, status: 'finished' });
    return true;
  }
  if (outcome.busy) {
    result.busy.push({ runId, why: outcome.error });
    emit('run-end', { runId, status: 'busy', detail: outcome.error });
  } else if (outcome.stopped) {
    result.interrupted = true; // stopped by a signal, as Ctrl-C does: unfinished, and no new run starts
    result.stoppedBy ??= outcome.stopped;
  } else if (!result.interrupted) {
    result.failed.push({ runId, error: outcome.error });
    emit('run-end', { runId, status: 'failed', detail: outcome.error });
  }
  return false;
}

/**
 * Why a worker failed, from its stderr: the reason it wrote (REASON_PREFIX), else how it ended;
 * its last other line (a library's warning) is kept as context, never taken for the reason.
 */
export function failureFromStderr(stderr: string, code: number | null, signal: NodeJS.Signals | null): { why: string; context: string } {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^Node\.js v\d/.test(l));
  const stated = lines.filter((l) => l.startsWith(REASON_PREFIX)).pop();
  if (stated) return { why: stated.slice(REASON_PREFIX.length), context: '' };
  const how = signal ? `worker killed by ${signal}${signal === 'SIGKILL' ? ' (the out-of-memory killer does this)' : ''}` : `worker exited with code ${code} without saying why`;
  const last = lines.pop();
  return { why: how, context: last ? `its last output: ${last.slice(0, 500)}\n` : '' };
}

function recordFailure(file: string, why: string, context: string): void {
  try {
    writeErrorFile(file, `${why}\n(recorded by the sweep: the worker left no error.txt)\n${context}`);
  } catch {
    // A full or read-only disk: the sweep still reports the failure on its own output.
  }
}

/** Waits for `worker`, training the run in `dir` (forked for it, or a standby told its run), to end. */
function runChild(
  dir: string,
  worker: WorkerProcess,
  children: Set<ChildProcess>,
  onMessage: (message: WorkerMessage) => void,
  stopping: () => boolean,
): Promise<{ ok: true } | { ok: false; busy: boolean; stopped?: StopSignal | null; error: string }> {
  return new Promise((resolve) => {
    const { child } = worker;
    children.add(child);
    let busy = '';
    child.on('message', (raw) => {
      const message = raw as WorkerMessage;
      if (message.type === 'busy') busy = message.why;
      else onMessage(message);
    });
    child.on('exit', (code, signal) => {
      children.delete(child);
      const release = () => child.pid !== undefined && releaseLockOf(dir, child.pid);
      if (code === 0 && isFinished(dir)) return release(), resolve({ ok: true });
      if (code === EXIT_BUSY) return release(), resolve({ ok: false, busy: true, error: busy || 'locked by another sweep' });
      const recorded = readRunError(dir);
      const failure = failureFromStderr(worker.stderrTail(), code, signal);
      const why = recorded ?? failure.why;
      // A worker killed outright (SIGKILL, OOM) wrote no error.txt: record why here, while its lock
      // still keeps other sweeps out, so collect lists the run as failed with its reason. Not when
      // this sweep is stopping its own workers (Ctrl-C): those runs are unfinished, not failed.
      // A worker ended by a stop signal is such a run too: Ctrl-C reaches the whole process group,
      // and the worker's exit can be handled before the sweep's own signal handler has run.
      const stopped = isStopSignal(signal) ? signal : null;
      if (recorded === null && !stopping() && !stopped) recordFailure(errorPath(dir), why, failure.context);
      release();
      resolve({ ok: false, busy: false, stopped, error: why });
    });
  });
}
