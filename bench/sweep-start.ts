/**
 * A sweep's start-up: the time from spawning `toyscale sweep` (the checkout's CLI, wasm, a
 * temporary --out) to its first run's start, when the first worker is forked; that sweep is then
 * stopped. Everything before that line (Node and tsx, the CLI's imports, the spec, the data, the
 * plan, the backend probe in its child) is on a sweep's critical path. Median of N starts.
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

/** Seconds from spawn to the first run-start line on stderr. */
async function timeToFirstRun(): Promise<number> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-sweep-start-'));
  try {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, 'sweep', file, '--backend', 'wasm', '--workers', '2', '--out', out, '--progress', 'lines'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let seen = '';
    const seconds = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('run-start')) resolve((performance.now() - started) / 1000);
      });
      child.on('exit', (code) => reject(new Error(`sweep exited (${code}) before a run started: ${seen.trim().split('\n').pop()}`)));
    });
    child.kill('SIGINT');
    await new Promise((resolve) => child.on('exit', resolve));
    return seconds;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const times: number[] = [];
for (let i = 0; i < Number(values.starts); i++) times.push(await timeToFirstRun());
console.log(`${file}: first run started ${median(times).toFixed(2)} s after the sweep was spawned (median of ${times.length}: ${times.map((t) => t.toFixed(2)).join(', ')}); load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
