/**
 * How a sweep reports progress: a cli-progress bar on a terminal, plain lines in logs, JSON lines
 * for machines, or nothing. The bar counts tokens, so its ETA weights big runs properly.
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
      return { report: (e) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...e })}\n`), stop: () => {} };
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

function linesReporter(): ProgressReporter {
  return {
    report(e) {
      if (e.event === 'run-progress') return; // lines are for logs: one per run start and end
      const line = `[${e.runsDone}/${e.runsTotal}] ${e.event}${e.runId ? ` ${e.runId}` : ''}${e.status ? ` ${e.status}` : ''} ${lastText(e)}`;
      process.stderr.write(`${line.trimEnd()}\n`);
    },
    stop: () => {},
  };
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
