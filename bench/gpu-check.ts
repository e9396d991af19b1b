/**
 * The GPU check (scripts/gpu-check.sh runs it, from a checkout or from the offline bundle): one
 * command, sized for under 8 minutes on a GPU node, that records into one folder
 *   - nvidia-smi's view of the GPUs, and the WebGPU adapter toyscale trains on;
 *   - correctness: a small GPT trained on webgpu and on cpu, curve against curve;
 *   - the fixed cost of one dispatch (a chain of tiny element-wise adds, bench/dispatch-time.ts);
 *   - tokens/s and dispatches per training step on webgpu for the bench models and a larger GPT
 *     (d 384, 6 layers, context 256, batch 32), and what the dispatches alone cost per step;
 *   - the same models in PyTorch eager on CUDA, side by side, where python3 has torch with CUDA;
 *   - the sweep's tokens/s with K = 1, 2, 4, 8 runs at once on the GPU, and the default sweep's
 *     wall time at the best K.
 * Everything printed also goes to <out>/gpu-check.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runChildIfAsked } from '../src/child-dispatch.ts';

// In the bundle this file is also what the sweep's children run.
if (!(await runChildIfAsked())) await main();

interface ModelResult {
  model: string;
  webgpu_tokens_per_s: number | null;
  /** Dispatches in one training step (bench/step-dispatches.ts). */
  dispatches_per_step: number | null;
  /** dispatches_per_step × the measured seconds per dispatch: the step's floor from dispatching alone. */
  dispatch_floor_ms_per_step: number | null;
  webgpu_error?: string;
  torch_cuda_tokens_per_s: number | null;
  ratio_to_torch: number | null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: `gpu-check-${new Date().toISOString().slice(0, 10)}` },
      seconds: { type: 'string', default: '8' },
      models: { type: 'string', default: 'gpt-a,gpt-b,mlp,gpt-large' },
      ks: { type: 'string', default: '1,2,4,8' },
      sweep: { type: 'string', default: 'experiments/default.ts' },
      backend: { type: 'string', default: 'webgpu' },
      python: { type: 'string', default: 'python3' },
    },
  });
  const { loadBackend } = await import('../src/backend/probe.ts');
  const { selectBackend } = await import('../src/backend/select.ts');
  const { throwIfDeviceFailed } = await import('../src/backend/device-errors.ts');
  const { loadDataset } = await import('../src/data/load.ts');
  const { trainRun } = await import('../src/train/train-run.ts');
  const { measureConcurrency, pickRunsPerGpu } = await import('../src/execute/runs-per-gpu.ts');
  const { loadSpec } = await import('../src/spec/load-spec.ts');
  const { planSweep } = await import('../src/plan/plan.ts');
  const { dataShapeOf } = await import('../src/plan/describe-data.ts');
  const { flopsPerStep } = await import('../src/plan/estimate.ts');
  const { main: cli } = await import('../src/cli.ts');
  const { benchRunConfig, readBenchModels } = await import('./bench-models.ts');
  const { stepDispatches } = await import('./step-dispatches.ts');
  const { measureDispatchTime } = await import('./dispatch-time.ts');
  const { randomRegression, randomTokens } = await import('./synthetic-data.ts');

  const out = path.resolve(values.out);
  fs.mkdirSync(out, { recursive: true });
  const report: Record<string, unknown> = { started: new Date().toISOString(), host: os.hostname(), node: process.version };
  const save = () => fs.writeFileSync(path.join(out, 'gpu-check.json'), `${JSON.stringify(report, null, 2)}\n`);
  const say = (line: string) => {
    console.log(line);
    fs.appendFileSync(path.join(out, 'log.txt'), `${line}\n`);
  };
  const seconds = Number(values.seconds);

  // 1. The machine.
  const smi = spawnSync('nvidia-smi', [], { encoding: 'utf8' });
  report.nvidia_smi = smi.status === 0 ? smi.stdout : `nvidia-smi not available (${smi.error?.message ?? smi.stderr.trim()})`;
  fs.writeFileSync(path.join(out, 'nvidia-smi.txt'), String(report.nvidia_smi));
  say(smi.status === 0 ? smi.stdout.split('\n').slice(0, 12).join('\n') : String(report.nvidia_smi));
  const backend = await selectBackend(values.backend as 'webgpu');
  report.backend = backend;
  say(`backend ${backend.name}: ${backend.device}`);
  if (backend.adapter) say(`limits: ${JSON.stringify(backend.adapter.limits)}`);
  save();

  // 2. Correctness: the same small GPT, 30 steps, on the GPU and on cpu.
  const brown = await loadDataset({ kind: 'brown', tokenizer: 'char', heldOutFraction: 0.05 });
  if (brown.kind !== 'sequence') throw new Error('brown is a token dataset');
  const small = { ...benchRunConfig('correctness', { family: 'gpt', vocabSize: brown.vocabSize, contextLength: 64, nLayer: 2, dModel: 64, nHead: 4, tiedEmbedding: true, batchSize: 16 }, 30) };
  small.train = { ...small.train, evalPoints: 30, evalTokens: 4096 };
  const curve = async (name: typeof backend.name) => {
    await loadBackend(name);
    const rows: number[] = [];
    await trainRun(small, brown, { ...backend, name }, { onRow: (row) => row.eval_loss !== null && rows.push(row.eval_loss) });
    return rows;
  };
  const gpuCurve = await curve(backend.name);
  const cpuCurve = await curve('cpu');
  await loadBackend(backend.name);
  const gap = Math.max(...gpuCurve.map((x, i) => Math.abs(x - cpuCurve[i])));
  report.correctness = { steps: 30, evals: gpuCurve.length, max_eval_loss_gap_nats: gap, final_gpu: gpuCurve.at(-1), final_cpu: cpuCurve.at(-1) };
  say(`correctness: eval loss on ${backend.name} vs cpu over 30 AdamW steps: largest gap ${gap.toExponential(2)} nats (${gpuCurve.at(-1)} vs ${cpuCurve.at(-1)})`);
  save();

  // 3. The fixed cost of a dispatch, then throughput and dispatches per model, webgpu and torch eager CUDA.
  let secondsPerDispatch: number | null = null;
  if (backend.name === 'webgpu') {
    const time = await measureDispatchTime();
    secondsPerDispatch = time.seconds_per_dispatch;
    report.dispatch_time = time;
    say(`one dispatch: ${(secondsPerDispatch * 1e6).toFixed(1)} µs (a chain of ${time.dispatches} tiny element-wise adds)`);
    save();
  }
  const models = { ...readBenchModels(), 'gpt-large': { family: 'gpt' as const, vocabSize: 65, contextLength: 256, nLayer: 6, dModel: 384, nHead: 6, tiedEmbedding: true, batchSize: 32 } };
  const specFile = path.join(out, 'models.json');
  fs.writeFileSync(specFile, JSON.stringify(models));
  const torch = torchCuda(values.python);
  report.torch = torch.version ?? torch.why;
  say(torch.version ? `torch ${torch.version} on ${torch.gpu}` : `torch peer skipped: ${torch.why}`);
  const results: ModelResult[] = [];
  for (const name of values.models.split(',')) {
    const model = models[name as keyof typeof models];
    if (!model) throw new Error(`unknown model ${name}`);
    const data = model.family === 'gpt' ? randomTokens(model.vocabSize) : randomRegression(model.inputDim, model.outputDim);
    const row: ModelResult = { model: name, webgpu_tokens_per_s: null, dispatches_per_step: null, dispatch_floor_ms_per_step: null, torch_cuda_tokens_per_s: null, ratio_to_torch: null };
    try {
      const run = (steps: number) => trainRun(benchRunConfig(name, model, steps), data, backend, { onRow: () => {} });
      const warm = await run(3);
      const stepSeconds = benchRunConfig(name, model, 1).tokensPerStep / warm.tokensPerSecond;
      const timed = await run(Math.max(3, Math.min(2000, Math.round(seconds / stepSeconds))));
      throwIfDeviceFailed();
      row.webgpu_tokens_per_s = timed.tokensPerSecond;
      if (backend.name === 'webgpu') {
        row.dispatches_per_step = (await stepDispatches(benchRunConfig(name, model, 1), data, backend)).dispatches;
        if (secondsPerDispatch !== null) row.dispatch_floor_ms_per_step = row.dispatches_per_step * secondsPerDispatch * 1000;
      }
    } catch (error) {
      row.webgpu_error = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
    if (torch.version) row.torch_cuda_tokens_per_s = torchTokensPerSecond(values.python, specFile, name, seconds);
    if (row.webgpu_tokens_per_s && row.torch_cuda_tokens_per_s) row.ratio_to_torch = row.webgpu_tokens_per_s / row.torch_cuda_tokens_per_s;
    results.push(row);
    const dispatchNote = row.dispatches_per_step === null ? '' : `, ${row.dispatches_per_step} dispatches/step (≥ ${row.dispatch_floor_ms_per_step?.toFixed(1) ?? '-'} ms/step from dispatching alone)`;
    say(`${name}: ${backend.name} ${fmt(row.webgpu_tokens_per_s)} tokens/s${dispatchNote}${row.webgpu_error ? ` (${row.webgpu_error})` : ''}, torch CUDA ${fmt(row.torch_cuda_tokens_per_s)}, ratio ${row.ratio_to_torch?.toFixed(2) ?? '-'}`);
    report.models = results;
    save();
  }

  // 4. Runs at once on the GPU, on the sweep's median run; then the whole sweep at the best K.
  const spec = await loadSpec(values.sweep);
  const sweepData = await loadDataset(spec.task);
  const plan = planSweep(spec, dataShapeOf(sweepData));
  const median = [...plan].sort((a, b) => flopsPerStep(a) - flopsPerStep(b))[Math.floor(plan.length / 2)];
  const points = [];
  for (const k of values.ks.split(',').map(Number)) {
    const point = await measureConcurrency(median, backend.name, k, 4);
    points.push(point);
    say(`sweep ${spec.name}, ${k} run(s) at once (${median.runId}): ${fmt(point.tokensPerSecond)} tokens/s`);
    report.runs_per_gpu = points;
    save();
  }
  const best = pickRunsPerGpu(points);
  // What the sweep will really run at once: a software adapter trains one run at a time whatever K.
  const { workersFor } = await import('../src/execute/default-workers.ts');
  const atOnce = workersFor(backend, undefined, best).workers;
  const started = performance.now();
  const code = await cli(['sweep', values.sweep, '--backend', backend.name, '--workers-per-gpu', String(best), '--out', path.join(out, 'sweep'), '--progress', 'lines']);
  const wall = (performance.now() - started) / 1000;
  report.sweep = { spec: spec.name, runs: plan.length, runs_per_gpu: best, workers: atOnce, wall_seconds: wall, exit_code: code };
  say(`sweep ${spec.name}: ${plan.length} runs, ${atOnce} at once (best K ${best}), in ${wall.toFixed(1)} s (exit ${code})`);
  report.finished = new Date().toISOString();
  save();
  say(`written: ${out}/gpu-check.json`);
  process.exit(0);
}

function fmt(x: number | null | undefined): string {
  return x === null || x === undefined ? '-' : Math.round(x).toLocaleString('en-US');
}

/** torch's version and GPU when python3 has torch with CUDA; else why not. */
function torchCuda(python: string): { version?: string; gpu?: string; why?: string } {
  try {
    const out = execFileSync(python, ['-c', 'import torch; assert torch.cuda.is_available(), "no CUDA"; print(torch.__version__); print(torch.cuda.get_device_name(0))'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const [version, gpu] = out.trim().split('\n');
    return { version, gpu };
  } catch (error) {
    return { why: `${python} has no torch with CUDA (${(error as { stderr?: string }).stderr?.trim().split('\n').pop() ?? 'not found'})` };
  }
}

function torchTokensPerSecond(python: string, specFile: string, model: string, seconds: number): number | null {
  const peer = fileURLToPath(new URL('./torch_peer.py', import.meta.url));
  try {
    const out = execFileSync(python, [peer, '--device', 'cuda', '--seconds', String(seconds), '--models', model, '--spec', specFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return (JSON.parse(out) as { results: Array<{ tokens_per_s: number }> }).results[0].tokens_per_s;
  } catch {
    return null;
  }
}
