/**
 * How a sweep reports progress: a cli-progress bar on a terminal, plain lines in logs (Slurm,
 * nohup), JSON lines for machines, or nothing. All of it goes to stderr, so stdout carries only
 * results (with --progress json, the fit's one JSON object). The ETA counts tokens, so it weights
 * big runs properly.
 */
import cliProgress from 'cli-progress';

export type ProgressMode = 'bar' | 'lines' | 'json' | 'quiet';

export interface ProgressEvent {
  event: 'start' | 'run-start' | 'run-progress' | 'run-end' | 'end';
  runId?: string;
  status?: string;
  runsDone: number;
  runsTotal: number;
  tokensDone: number;
  tokensTotal: number;
  tokensPerSecond: number;
  evalLoss?: number | null;
  /** The run's step and step count, on run-progress. */
  step?: number;
  steps?: number;
  detail?: string;
}

export interface ProgressReporter {
  report(event: ProgressEvent): void;
  stop(): void;
}

export function createReporter(mode: ProgressMode): ProgressReporter {
  switch (mode) {
    case 'bar':
      return barReporter();
    case 'json':
      return { report: (e) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...e })}\n`), stop: () => {} };
    case 'lines':
      return linesReporter();
    case 'quiet':
      return { report: () => {}, stop: () => {} };
  }
}

export function defaultProgressMode(): ProgressMode {
  return process.stderr.isTTY ? 'bar' : 'lines';
}

function barReporter(): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    {
      format: ' {bar} {percentage}% | runs {runsDone}/{runsTotal} | {rate} tok/s | ETA {etaText} | {last}',
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let last = '';
  return {
    report(e) {
      // Our own ETA from the sweep's mean rate: cli-progress's shows "NFs" before the first token.
      const eta = e.tokensDone > 0 && e.tokensPerSecond > 0 ? formatEta((e.tokensTotal - e.tokensDone) / e.tokensPerSecond) : '…';
      last = lastText(e) || last; // keep the last eval loss on screen between evaluations
      const payload = { runsDone: e.runsDone, runsTotal: e.runsTotal, rate: Math.round(e.tokensPerSecond), etaText: eta, last };
      if (!started) {
        bar.start(Math.max(1, e.tokensTotal), e.tokensDone, payload);
        started = true;
      } else {
        bar.update(e.tokensDone, payload);
      }
    },
    stop: () => bar.stop(),
  };
}

/**
 * One line per run start and end, and one per evaluation of a running run (about nine per run),
 * each with the sweep's elapsed time, its ETA and the run's latest eval loss.
 */
function linesReporter(now: () => number = () => performance.now()): ProgressReporter {
  const started = now();
  const lastEval = new Map<string, number>();
  return {
    report(e) {
      if (e.event === 'run-progress' && (e.evalLoss === undefined || e.evalLoss === null)) return;
      if (e.runId && e.evalLoss !== undefined && e.evalLoss !== null) lastEval.set(e.runId, e.evalLoss);
      process.stderr.write(`${linesText(e, (now() - started) / 1000, e.runId ? lastEval.get(e.runId) : undefined)}\n`);
    },
    stop: () => {},
  };
}

/** `[runs 1/4, 12%] 0:41 elapsed, ETA 4m10s | run-progress gpt-n4k-… step 120/1465, eval 2.871` */
export function linesText(e: ProgressEvent, elapsedSeconds: number, evalLoss: number | undefined): string {
  // Nothing to train (a resume of a finished sweep): no progress to count, no ETA to guess.
  if (e.runsTotal === 0) return `${e.event}${e.detail ? `: ${e.detail}` : ''}`;
  const percent = e.tokensTotal > 0 ? Math.floor((100 * e.tokensDone) / e.tokensTotal) : 100;
  const eta = e.tokensDone > 0 && e.tokensPerSecond > 0 ? formatEta((e.tokensTotal - e.tokensDone) / e.tokensPerSecond) : '…';
  const head = `[runs ${e.runsDone}/${e.runsTotal}, ${percent}%] ${formatEta(elapsedSeconds)} elapsed, ETA ${eta}`;
  const parts = [e.event, e.runId, e.status, e.step !== undefined && e.steps !== undefined ? `step ${e.step}/${e.steps}` : undefined].filter(Boolean).join(' ');
  const tail = [e.detail, evalLoss !== undefined ? `eval ${evalLoss.toFixed(3)}` : undefined].filter(Boolean).join(', ');
  return `${head} | ${parts}${tail ? `, ${tail}` : ''}`;
}

function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function lastText(e: ProgressEvent): string {
  if (e.detail) return e.detail;
  if (e.evalLoss !== undefined && e.evalLoss !== null) return `eval ${e.evalLoss.toFixed(3)}`;
  return '';
}
