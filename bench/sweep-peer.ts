/**
 * A whole sweep against its PyTorch peer, side by side: the experiment (default:
 * experiments/default.ts) is trained by toyscale's own `sweep` command on the wasm backend with K
 * workers into a temporary folder, then the same runs (shapes, steps, batch, learning-rate
 * schedule, AdamW, clipping, loss reads and held-out evaluations at the same steps) in PyTorch
 * (bench/torch_sweep_run.py), also one process per run, K at a time, biggest first, each on one
 * thread. Prints both wall times and their ratio per round, the training seconds of each side's
 * longest run (the sweep's critical path on 2 workers) and of all its runs together (the work to
 * spread over the cores), and what toyscale spends after its last run.
 *   node --import tsx bench/sweep-peer.ts [experiment.ts] [--workers K] [--rounds R]
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadDataset } from '../src/data/load.ts';
import { dataShapeOf } from '../src/plan/describe-data.ts';
import { loadSpec } from '../src/spec/load-spec.ts';
import { planSweep } from '../src/plan/plan.ts';
import type { RunConfig } from '../src/train/run-config.ts';
import { evalSteps } from '../src/train/schedule.ts';
import { median } from './median.ts';

const PYTHON = '/usr/bin/python3';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { workers: { type: 'string', default: String(os.availableParallelism()) }, rounds: { type: 'string', default: '1' } },
});
const file = positionals[0] ?? 'experiments/default.ts';
const workers = Number(values.workers);
const rounds = Number(values.rounds);
const spec = await loadSpec(file);
const plan = planSweep(spec, dataShapeOf(await loadDataset(spec.task)));
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(here);

/** One side's wall time, the training seconds of its largest run, and of all its runs together. */
interface SideTimes {
  wall: number;
  largestRun: number;
  allRuns: number;
}

/** toyscale's, with the seconds from its last run's end to its exit (collect, fit, report). */
interface ToyscaleTimes extends SideTimes {
  afterLastRun: number;
}

/** toyscale: the real CLI, as a user runs it; its wall time from spawn to exit. */
function toyscaleSweep(): ToyscaleTimes {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-sweep-peer-'));
  try {
    const startedAt = Date.now();
    const started = performance.now();
    const r = spawnSync(process.execPath, [path.join(repo, 'bin/toyscale.js'), 'sweep', file, '--backend', 'wasm', '--workers', String(workers), '--out', out, '--progress', 'quiet'], { encoding: 'utf8' });
    const wall = (performance.now() - started) / 1000;
    if (r.status !== 0) throw new Error(`toyscale sweep failed: ${r.stderr.trim().split('\n').pop()}`);
    // Each run's summary.json: its training seconds and when it finished.
    const runsDir = path.join(out, spec.name, 'runs');
    const summaries = fs.readdirSync(runsDir).map((id) => JSON.parse(fs.readFileSync(path.join(runsDir, id, 'summary.json'), 'utf8')) as { seconds: number; finishedAt: string });
    const lastRunEnd = Math.max(...summaries.map((x) => Date.parse(x.finishedAt)));
    return { wall, largestRun: Math.max(...summaries.map((x) => x.seconds)), allRuns: summaries.reduce((sum, x) => sum + x.seconds, 0), afterLastRun: (startedAt + wall * 1000 - lastRunEnd) / 1000 };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** What torch_sweep_run.py needs of a run. */
function torchJob(run: RunConfig) {
  const { train } = run;
  const evalBatches = run.model.family === 'gpt' ? Math.floor(Math.floor(train.evalTokens / run.model.contextLength) / train.batchSize) : Math.floor(train.evalTokens / train.batchSize);
  return { model: run.model, batchSize: train.batchSize, steps: run.steps, evalSteps: evalSteps(run.steps, train.evalPoints), evalBatches, train };
}

/** PyTorch: one process per run, `workers` at a time, biggest first (as toyscale orders them). */
async function torchSweep(): Promise<SideTimes> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-torch-peer-'));
  const queue = [...plan].sort((a, b) => b.counts.flopsPerTokenCounted * b.tokens - a.counts.flopsPerTokenCounted * a.tokens);
  const trainingSeconds: number[] = [];
  const runOne = (run: RunConfig) =>
    new Promise<void>((resolve, reject) => {
      const job = path.join(dir, `${run.runId}.json`);
      fs.writeFileSync(job, JSON.stringify(torchJob(run)));
      const child = spawn(PYTHON, [path.join(here, 'torch_sweep_run.py'), job], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => {
        if (code !== 0) return reject(new Error(`torch run ${run.runId} failed: ${stderr.trim().split('\n').pop()}`));
        trainingSeconds.push((JSON.parse(stdout.trim().split('\n').pop()!) as { seconds: number }).seconds);
        resolve();
      });
    });
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let run = queue.shift(); run; run = queue.shift()) await runOne(run);
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { wall: (performance.now() - started) / 1000, largestRun: Math.max(...trainingSeconds), allRuns: trainingSeconds.reduce((sum, x) => sum + x, 0) };
}

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`${spec.name}: ${plan.length} runs, ${workers} workers (toyscale wasm) / ${workers} processes × 1 thread (PyTorch); load average ${load()}`);
const ratios: number[] = [];
for (let round = 1; round <= rounds; round++) {
  const ours = toyscaleSweep();
  const theirs = await torchSweep();
  ratios.push(theirs.wall / ours.wall);
  console.log(
    `round ${round}: toyscale ${ours.wall.toFixed(1)} s, PyTorch ${theirs.wall.toFixed(1)} s, speed ratio (PyTorch time / toyscale time) ${(theirs.wall / ours.wall).toFixed(2)}; ` +
      `longest run's training ${ours.largestRun.toFixed(1)} s against ${theirs.largestRun.toFixed(1)} s; all runs' training ${ours.allRuns.toFixed(1)} s against ${theirs.allRuns.toFixed(1)} s; ` +
      `toyscale's collect, fit and report after its last run ${ours.afterLastRun.toFixed(1)} s; load average ${load()}`,
  );
}
if (rounds > 1) console.log(`median ratio ${median(ratios).toFixed(2)}`);
