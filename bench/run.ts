/**
 * `npm run bench [-- --json] [--seconds S] [--rounds R] [--backends a,b] [--models a,b] [--no-torch] [--torch-threads 1,2]`
 *
 * Trains GPT a, GPT b and an MLP (bench/models.json) with the real trainer for a fixed time on
 * each usable backend, each backend in its own process, and the same models in PyTorch
 * (bench/torch_peer.py, 1 and 2 threads) when /usr/bin/python3 has torch. The machine may be
 * shared, so each model's time is split into R rounds, each a tfjs run then a torch run back to
 * back: a figure is the median over rounds and the ratio the median of the rounds' ratios (a
 * backend slower per step than a round's budget is measured in the first round only). Prints a
 * table, or with --json one object:
 * {"results": [{"model", "backend", "tokens_per_s", "dispatches_per_step", "gflop_per_s", "torch_tokens_per_s", ...}]}
 * (dispatches_per_step: GPU dispatches in one training step on webgpu, bench/step-dispatches.ts; null elsewhere).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BACKENDS } from '../src/backend/names.ts';
import { textTable } from '../src/base/format.ts';
import { modelCounts } from '../src/models/family-registry.ts';
import { MODEL_NAMES, readBenchModels, type ModelName } from './bench-models.ts';
import { relaxedSimdExecArgv } from '../src/wasm-kernels/kernel-build.ts';
import { median } from './median.ts';
import { bestPeak, type Peak } from './peak.ts';
import type { ChildReport, ChildResult } from './tfjs-child.ts';

const PYTHON = '/usr/bin/python3';

interface Row {
  model: ModelName;
  backend: string;
  tokens_per_s: number;
  /** GPU dispatches in one training step (forward, backward, clip, AdamW) on webgpu; null elsewhere. */
  dispatches_per_step: number | null;
  gflop_per_s: number;
  /** PyTorch on 1 thread, the yardstick; null when torch is absent. */
  torch_tokens_per_s: number | null;
  ratio_to_torch: number | null;
  /** CPU seconds per wall second of the 1-thread peer: about 1 when it really ran on one core. */
  torch_cores_used: number | null;
  torch_2_threads_tokens_per_s: number | null;
  rounds: number;
  /** gflop_per_s over this core's measured 128-bit wasm peak (bench/peak.ts, the larger of mul+add and FMA). */
  fraction_of_peak: number;
}

const HELP = `Usage: npm run bench [-- options]

Trains gpt-a, gpt-b and mlp for a fixed time on each usable backend and, when ${PYTHON} has torch
(apt-get install -y python3-torch libopenblas0-pthread), the same models in PyTorch; prints
tokens/s, achieved GFLOP/s (also as a share of this core's 128-bit wasm SIMD peak, bench/peak.ts)
and the ratio to torch on 1 thread.

Options:
  --json                 print one JSON object {"results": [...]} instead of the table
  --seconds <S>          time per model and backend (default 12), split into rounds
  --rounds <R>           tfjs/torch rounds run back to back (default 3); figures are medians
  --backends <a,b>       default: all (${BACKENDS.join(',')}); unusable ones are reported
  --models <a,b>         default: ${MODEL_NAMES.join(',')}
  --no-torch             skip the PyTorch peer
  --torch-threads <1,2>  torch thread counts (1 is always measured)
  --torch-device <d>     cpu (default) or cuda: the peer in eager mode on the GPU torch sees`;

function parseBenchArgs() {
  try {
    return parseArgs({
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        json: { type: 'boolean', default: false },
        seconds: { type: 'string', default: '12' },
        rounds: { type: 'string', default: '3' },
        backends: { type: 'string', default: BACKENDS.join(',') },
        models: { type: 'string', default: MODEL_NAMES.join(',') },
        'no-torch': { type: 'boolean', default: false },
        /** 1 thread is the yardstick, always measured; other counts once per model, for reference. */
        'torch-threads': { type: 'string', default: '1,2' },
        /** cuda: the peer runs eager on the GPU torch sees, the yardstick for GPU backends. */
        'torch-device': { type: 'string', default: 'cpu' },
      },
    });
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)} (see npm run bench -- --help)\n`);
    process.exit(2);
  }
}
const { values } = parseBenchArgs();
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const seconds = Number(values.seconds);
const rounds = Math.max(1, Math.round(Number(values.rounds)));
const perRound = seconds / rounds;
const backends = values.backends.split(',');
const torchDevice = values['torch-device'];
if (torchDevice !== 'cpu' && torchDevice !== 'cuda') {
  process.stderr.write(`bench: --torch-device must be cpu or cuda, got ${torchDevice}\n`);
  process.exit(2);
}
const torchTwoThreads = torchDevice === 'cpu' && values['torch-threads'].split(',').includes('2');
const models = values.models.split(',') as ModelName[];
for (const m of models) {
  if (!MODEL_NAMES.includes(m)) {
    process.stderr.write(`bench: unknown model ${m}; known: ${MODEL_NAMES.join(', ')}\n`);
    process.exit(2);
  }
}
const log = (line: string) => process.stderr.write(`${line}\n`);

const torchVersion = values['no-torch'] ? null : findTorch();
if (!values['no-torch'] && !torchVersion) log(`torch peer skipped: ${PYTHON} has no torch (apt-get install -y python3-torch libopenblas0-pthread)`);

// The yardstick for GFLOP/s, measured in a child started as the tfjs children are (so with relaxed SIMD where they have it).
const peak = measurePeakInChild();
log(`128-bit wasm SIMD peak: mul+add ${peak.mulAdd.toFixed(1)} GFLOP/s, FMA ${peak.fma === null ? 'unavailable' : `${peak.fma.toFixed(1)} GFLOP/s`}`);

const specs = readBenchModels();
const rows: Row[] = [];
const skipped = new Map<string, string>();
const devices = new Map<string, string>();
for (const model of models) {
  const tfjs = new Map<string, ChildResult[]>();
  const torch: TorchResult[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const backend of backends) {
      const earlier = tfjs.get(backend);
      if (skipped.has(backend) || (round > 0 && (!earlier || earlier[0].step_seconds > perRound / 2))) continue;
      log(`${model} on ${backend}, round ${round + 1}/${rounds}, ~${perRound.toFixed(1)} s`);
      const report = runChild(backend, model);
      if ('skipped' in report) {
        skipped.set(backend, report.skipped);
        log(`  skipped: ${report.skipped}`);
        continue;
      }
      devices.set(report.backend, report.device);
      tfjs.set(report.backend, [...(tfjs.get(report.backend) ?? []), ...report.results]);
    }
    if (torchVersion) {
      log(`${model} in torch on ${torchDevice}, 1 thread, round ${round + 1}/${rounds}`);
      torch.push(runTorch(model, 1, perRound));
    }
  }
  const torch2 = torchVersion && torchTwoThreads ? runTorch(model, 2, perRound).tokens_per_s : null;
  const flopsPerToken = modelCounts(specs[model]).flopsPerTokenCounted;
  for (const [backend, results] of tfjs) {
    const speeds = results.map((r) => r.tokens_per_s);
    rows.push({
      model,
      backend,
      tokens_per_s: median(speeds),
      dispatches_per_step: results[0].dispatches_per_step ?? null,
      gflop_per_s: (median(speeds) * flopsPerToken) / 1e9,
      torch_tokens_per_s: torch.length ? median(torch.map((t) => t.tokens_per_s)) : null,
      ratio_to_torch: torch.length ? median(speeds.map((s, i) => s / torch[i].tokens_per_s)) : null,
      torch_cores_used: torch.length ? median(torch.map((t) => t.cores_used)) : null,
      torch_2_threads_tokens_per_s: torch2,
      rounds: speeds.length,
      fraction_of_peak: (median(speeds) * flopsPerToken) / 1e9 / bestPeak(peak),
    });
  }
}

if (values.json) {
  const out = { seconds_per_measurement: seconds, rounds, torch: torchVersion, torch_device: torchDevice, peak_gflop_per_s: peak, devices: Object.fromEntries(devices), skipped: Object.fromEntries(skipped), results: rows };
  console.log(JSON.stringify(out));
} else {
  console.log(table(rows));
  for (const [backend, device] of devices) console.log(`${backend}: ${device}`);
  for (const [backend, why] of skipped) console.log(`${backend}: not measured (${why})`);
  console.log(`peak: this core's 128-bit wasm SIMD limit, mul+add ${peak.mulAdd.toFixed(1)} GFLOP/s, FMA ${peak.fma === null ? 'unavailable' : `${peak.fma.toFixed(1)} GFLOP/s`} (bench/peak.ts)`);
  console.log(torchVersion ? `torch ${torchVersion} (${PYTHON}) on ${torchDevice}; ratio = tfjs / torch (1 CPU thread${torchDevice === 'cuda' ? ', eager CUDA' : ''}), median over rounds` : 'torch: not measured');
}


function table(rows: Row[]): string {
  const n = (x: number | null, digits = 0) => (x === null ? '-' : x.toFixed(digits));
  return textTable(
    ['model', 'backend', 'tokens/s', 'dispatches/step', 'GFLOP/s', 'of peak', 'torch 1 thread', 'ratio', 'torch cores used', 'torch 2 threads', 'rounds'],
    rows.map((r) => [r.model, r.backend, n(r.tokens_per_s), n(r.dispatches_per_step), n(r.gflop_per_s, 2), `${(100 * r.fraction_of_peak).toFixed(0)}%`, n(r.torch_tokens_per_s), n(r.ratio_to_torch, 2), n(r.torch_cores_used, 2), n(r.torch_2_threads_tokens_per_s), String(r.rounds)]),
  );
}

function measurePeakInChild(): Peak {
  const script = fileURLToPath(new URL('./peak.ts', import.meta.url));
  const out = execFileSync(process.execPath, [...relaxedSimdExecArgv(), '--import', 'tsx', script, '--json'], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Peak;
}

function runChild(backend: string, model: ModelName): ChildReport {
  const child = fileURLToPath(new URL('./tfjs-child.ts', import.meta.url));
  const out = spawnSync(process.execPath, [...relaxedSimdExecArgv(), '--import', 'tsx', child, backend, String(perRound), model], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const line = out.stdout.trim().split('\n').pop() ?? '';
  if (out.status !== 0 || !line.startsWith('{')) return { backend, skipped: `benchmark process failed: ${out.stderr.trim().split('\n').pop() ?? out.status}` };
  return JSON.parse(line) as ChildReport;
}

interface TorchResult {
  tokens_per_s: number;
  cores_used: number;
}

function runTorch(model: ModelName, threads: number, budget: number): TorchResult {
  const script = fileURLToPath(new URL('./torch_peer.py', import.meta.url));
  const out = execFileSync(PYTHON, [script, '--threads', String(threads), '--seconds', String(budget), '--models', model, '--device', torchDevice], { encoding: 'utf8' });
  const report = JSON.parse(out) as { results: (TorchResult & { model: string })[] };
  const result = report.results[0];
  if (threads === 1 && torchDevice === 'cpu' && result.cores_used > 1.2) log(`  warning: the 1-thread torch peer used ${result.cores_used.toFixed(2)} cores; its BLAS is not pinned`);
  return result;
}

function findTorch(): string | null {
  try {
    return execFileSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}
