import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executeRuns } from '../../src/execute/execute.ts';
import type { ProgressEvent } from '../../src/execute/progress.ts';
import { isFinished, runDir } from '../../src/execute/run-files.ts';
import { gptRunConfig } from '../helpers/run-config.ts';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-idle-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('executeRuns onSlotIdle', () => {
  // One run on two slots: the second slot finds nothing to start at once, so a core is free
  // while the run trains; the sweep starts its fit pool then (run-sweep.ts).
  it('fires once, as soon as a slot has no run left, before the last run ends', async () => {
    const run = { ...gptRunConfig({ vocabSize: 256, contextLength: 16, nLayer: 1, dModel: 16, nHead: 2, tiedEmbedding: true }, 40, { batchSize: 4, evalTokens: 64, evalPoints: 1 }), runId: 'idle-run' };
    const order: string[] = [];
    const result = await executeRuns({
      sweepDir: out,
      runs: [run],
      backend: 'cpu',
      workers: 2,
      reporter: { report: (e: ProgressEvent) => order.push(e.event), stop: () => {} },
      onSlotIdle: () => order.push('idle'),
    });
    expect(result.failed).toEqual([]);
    expect(isFinished(runDir(out, run.runId))).toBe(true);
    expect(order.filter((e) => e === 'idle')).toHaveLength(1);
    expect(order.indexOf('idle')).toBeLessThan(order.indexOf('run-end'));
  }, 60_000);
});
