/** Runs per GPU: the choice of K from measured throughputs, and the measurement itself on cpu. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrateRunsPerGpu, pickRunsPerGpu, readRunsPerGpu, writeRunsPerGpu } from '../../src/execute/runs-per-gpu.ts';
import { gptRunConfig } from '../helpers/run-config.ts';

describe('pickRunsPerGpu', () => {
  const at = (...tps: number[]) => tps.map((tokensPerSecond, i) => ({ k: 2 ** i, tokensPerSecond }));

  it('takes the K where throughput stops rising by 10%', () => {
    expect(pickRunsPerGpu(at(100, 190, 350, 360))).toBe(4);
    expect(pickRunsPerGpu(at(100, 105, 400))).toBe(1); // a rise after a plateau is not chased
    expect(pickRunsPerGpu(at(100, 180, 330, 600))).toBe(8);
    expect(pickRunsPerGpu(at(100, 80))).toBe(1);
    expect(pickRunsPerGpu(at(100))).toBe(1);
  });
});

describe('calibrateRunsPerGpu', () => {
  it('times K children training together and keeps the result for one backend and device', async () => {
    // The plumbing is backend-neutral; cpu stands in for a GPU here.
    const run = gptRunConfig({ vocabSize: 256, contextLength: 16, nLayer: 1, dModel: 16, nHead: 2, tiedEmbedding: true }, 100, { batchSize: 4 });
    const measured = await calibrateRunsPerGpu(run, 'cpu', 'test device', 0.3, process.env, [1, 2]);
    expect(measured.points.map((p) => p.k)).toEqual([1, 2]);
    for (const p of measured.points) expect(p.tokensPerSecond).toBeGreaterThan(0);
    expect([1, 2]).toContain(measured.chosen);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-k-'));
    try {
      writeRunsPerGpu(dir, measured);
      expect(readRunsPerGpu(dir, 'cpu', 'test device')?.chosen).toBe(measured.chosen);
      expect(readRunsPerGpu(dir, 'cpu', 'another device')).toBeUndefined();
      expect(readRunsPerGpu(dir, 'webgpu', 'test device')).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
