import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.ts';
import type { SequenceData } from '../../src/data/types.ts';
import { trainRun, type CurveRow } from '../../src/train/train-run.ts';
import { useBackend } from '../helpers/backend.ts';
import { gptRunConfig } from '../helpers/run-config.ts';

let brown: SequenceData;
beforeAll(async () => {
  const data = await loadDataset({ kind: 'brown', tokenizer: 'char', heldOutFraction: 0.05 });
  if (data.kind !== 'sequence') throw new Error('brown is a token dataset');
  brown = data;
});

const tiny = { vocabSize: 0, contextLength: 16, nLayer: 1, dModel: 16, nHead: 2, tiedEmbedding: true };

async function curveOf(backend: Awaited<ReturnType<typeof useBackend>>, steps: number, seed = 0): Promise<CurveRow[]> {
  const rows: CurveRow[] = [];
  const config = gptRunConfig({ ...tiny, vocabSize: brown.vocabSize }, steps, { batchSize: 4, evalTokens: 256, evalPoints: 3 }, seed);
  await trainRun(config, brown, backend, { onRow: (row) => rows.push({ ...row, seconds: 0 }) });
  return rows;
}

describe('trainer', () => {
  it('is deterministic to the bit on wasm and on cpu, and the seed matters', async () => {
    for (const name of ['wasm', 'cpu'] as const) {
      const backend = await useBackend(name);
      const first = await curveOf(backend, 12);
      const second = await curveOf(backend, 12);
      expect(second).toEqual(first); // exact equality of every logged float
      expect(await curveOf(backend, 12, 1)).not.toEqual(first);
    }
  });

  it('keeps the tensor count flat over hundreds of steps and frees everything at the end', async () => {
    const backend = await useBackend('wasm');
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const config = gptRunConfig({ ...tiny, vocabSize: brown.vocabSize }, 300, { batchSize: 2, evalTokens: 64, evalPoints: 4 });
    await trainRun(config, brown, backend, { onRow: () => counts.push(tf.memory().numTensors) });
    expect(counts.length).toBeGreaterThan(50);
    expect(Math.max(...counts.slice(1))).toBe(Math.min(...counts.slice(1)));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('learns: held-out loss falls well below the unigram entropy of Brown', async () => {
    const backend = await useBackend('wasm');
    const shape = { vocabSize: brown.vocabSize, contextLength: 32, nLayer: 1, dModel: 32, nHead: 2, tiedEmbedding: true };
    const config = gptRunConfig(shape, 400, { batchSize: 32, learningRate: 3e-3, evalTokens: 8192, evalPoints: 4 });
    const outcome = await trainRun(config, brown, backend, { onRow: () => {} });
    expect(outcome.status).toBe('done');
    expect(brown.unigramEntropy).toBeGreaterThan(2.5);
    expect(outcome.finalEvalLoss!).toBeLessThan(brown.unigramEntropy - 0.5);
  });

  it('ends a run whose loss explodes as diverged, keeping the curve', async () => {
    const backend = await useBackend('wasm');
    const rows: CurveRow[] = [];
    const config = gptRunConfig({ ...tiny, vocabSize: brown.vocabSize }, 200, { batchSize: 4, learningRate: 1e4, warmupFraction: 0, gradClip: 1e9, evalTokens: 64 });
    const outcome = await trainRun(config, brown, backend, { onRow: (row) => rows.push(row) });
    expect(outcome.status).toBe('diverged');
    expect(outcome.reason).toMatch(/loss/);
    expect(outcome.stepsCompleted).toBeLessThan(200);
    expect(outcome.finalEvalLoss).toBeNull();
    expect(rows.length).toBeGreaterThan(1);
  });
});
