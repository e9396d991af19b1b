/**
 * `auto` with a hardware GPU keeps the faster of it and wasm for the sweep, measured: a stand-in
 * GPU adapter slower than wasm loses to wasm (the reason names both figures), a faster one wins,
 * and a software adapter is never a candidate. The wasm figure is measured for real: children
 * training the run together, one per core.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseByMeasurement, readBackendChoice, writeBackendChoice } from '../../src/backend/auto-choice.ts';
import type { ActiveBackend } from '../../src/backend/select.ts';
import { measureBackendChoice } from '../../src/execute/backend-choice.ts';
import type { RunsPerGpu } from '../../src/execute/runs-per-gpu.ts';
import { gptRunConfig } from '../helpers/run-config.ts';

const standIn: ActiveBackend = {
  name: 'webgpu',
  device: 'Stand-in GPU (hardware)',
  parallelRuns: 'per-gpu',
  adapter: { vendor: 'stand-in', architecture: 'test', device: 'Stand-in GPU', description: 'a measured figure, no GPU', fallback: false, limits: {} },
};

/** runs-per-gpu.json as --dry-run would have measured it for the stand-in: K = 2 best, at `tokensPerSecond`. */
function measuredK(tokensPerSecond: number): RunsPerGpu {
  return { backend: 'webgpu', device: standIn.device, runId: 'test-run', points: [{ k: 1, tokensPerSecond: tokensPerSecond / 1.5 }, { k: 2, tokensPerSecond }], chosen: 2 };
}

const run = gptRunConfig({ vocabSize: 65, contextLength: 16, nLayer: 1, dModel: 16, nHead: 2, tiedEmbedding: true }, 200, { batchSize: 4 });

describe('auto chooses between a hardware GPU and wasm by measurement', () => {
  it('picks wasm over a stand-in adapter slower than wasm on all cores, and says why', async () => {
    // wasm measured for real; the stand-in GPU's K runs at once reach 1 token/s.
    const choice = await measureBackendChoice({ run, gpu: standIn, runsPerGpu: measuredK(1), gpus: 1, seconds: 1 });
    expect(choice.chosen).toBe('wasm');
    expect(choice.wasm.tokensPerSecond).toBeGreaterThan(1);
    expect(choice.wasm.runsAtOnce).toBe(os.availableParallelism());
    expect(choice.gpu).toMatchObject({ backend: 'webgpu', tokensPerSecond: 1, runsAtOnce: 2 });
    expect(choice.reason).toMatch(/^auto: wasm [\d,]+ tokens\/s \(\d+ run\(s\) at once, one per core\) against webgpu 1 tokens\/s \(2 run\(s\) at once on Stand-in GPU \(hardware\)\) on test-run: wasm is [\d.]+× faster$/);
  }, 120_000);

  it('keeps the GPU when it is faster, counting every GPU the sweep would use', async () => {
    const measure = async (_run: unknown, backend: string, k: number) => ({ k, tokensPerSecond: backend === 'wasm' ? 30_000 : Number.NaN });
    const choice = await measureBackendChoice({ run, gpu: standIn, runsPerGpu: measuredK(20_000), gpus: 2, measure });
    expect(choice.chosen).toBe('webgpu');
    expect(choice.gpu.tokensPerSecond).toBe(40_000);
    expect(choice.reason).toContain('webgpu is 1.33× faster');
  });

  it('never takes a software adapter as a candidate', async () => {
    const software: ActiveBackend = { ...standIn, parallelRuns: 'one', adapter: { ...standIn.adapter!, fallback: true } };
    await expect(measureBackendChoice({ run, gpu: software, runsPerGpu: measuredK(1e9), gpus: 1 })).rejects.toThrow(/not a hardware GPU/);
  });

  it('keeps the choice beside the sweep for this GPU backend and device only', () => {
    const gpu = { backend: 'webgpu' as const, device: standIn.device, tokensPerSecond: 10, runsAtOnce: 1 };
    const wasm = { backend: 'wasm' as const, device: 'cpu', tokensPerSecond: 20, runsAtOnce: 2 };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-choice-'));
    try {
      writeBackendChoice(dir, chooseByMeasurement('r', gpu, wasm));
      expect(readBackendChoice(dir, 'webgpu', standIn.device)?.chosen).toBe('wasm');
      expect(readBackendChoice(dir, 'webgpu', 'another GPU')).toBeUndefined();
      expect(readBackendChoice(dir, 'tensorflow-gpu', standIn.device)).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
