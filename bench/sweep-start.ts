/**
 * A sweep's start-up: the time from spawning `toyscale sweep` (the checkout's CLI, wasm, a
 * temporary --out) to its first run's start, when that run is handed to a worker, and to the first
 * progress that run reports (its step-0 evaluation and first logged steps done: its worker's
 * start-up is behind it); that sweep is then stopped. Everything before the first progress (Node
 * and tsx, the CLI's imports, the spec, the data, the plan, the backend's start-up in the
 * standby worker) is on a sweep's critical path. Medians of N starts.
 *   node --import tsx bench/sweep-start.ts [experiment.ts] [--starts N]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './median.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { starts: { type: 'string', default: '5' } } });
const file = positionals[0] ?? 'experiments/default.ts';
const bin = fileURLToPath(new URL('../bin/toyscale.js', import.meta.url));

/** Seconds from spawn to the first run-start event, and to the first run-progress event of that run. */
async function timeToFirstRun(): Promise<{ start: number; progress: number }> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-sweep-start-'));
  try {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, 'sweep', file, '--backend', 'wasm', '--workers', '2', '--out', out, '--progress', 'json'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let seen = '';
    let start: { runId: string; seconds: number } | undefined;
    const times = await new Promise<{ start: number; progress: number }>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const lines = seen.split('\n');
        seen = lines.pop() ?? '';
        for (const line of lines.filter((l) => l.startsWith('{'))) {
          const event = JSON.parse(line) as { event: string; runId?: string };
          const seconds = (performance.now() - started) / 1000;
          if (event.event === 'run-start' && !start) start = { runId: event.runId!, seconds };
          if (event.event === 'run-progress' && start && event.runId === start.runId) resolve({ start: start.seconds, progress: seconds });
        }
      });
      child.on('exit', (code) => reject(new Error(`sweep exited (${code}) before its first run made progress: ${seen.trim()}`)));
    });
    child.kill('SIGINT');
    await new Promise((resolve) => child.on('exit', resolve));
    return times;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const runs: { start: number; progress: number }[] = [];
for (let i = 0; i < Number(values.starts); i++) runs.push(await timeToFirstRun());
const list = (xs: number[]) => `median of ${xs.length}: ${xs.map((t) => t.toFixed(2)).join(', ')}`;
const starts = runs.map((r) => r.start);
const progress = runs.map((r) => r.progress);
console.log(`${file}: first run started ${median(starts).toFixed(2)} s after the sweep was spawned (${list(starts)}), and reported its first progress at ${median(progress).toFixed(2)} s (${list(progress)}); load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
