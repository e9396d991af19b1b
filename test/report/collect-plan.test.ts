/** collect takes the current plan's runs (plan.json) and lists the others as stale. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFinishedRun } from '../helpers/finished-run.ts';
import { readCsv } from '../../src/io/csv.ts';
import { collectSweep, staleRunsLine } from '../../src/execute/collect.ts';
import { planSweep } from '../../src/plan/plan.ts';
import { writePlanFile } from '../../src/io/sweep-files.ts';
import type { RunConfig } from '../../src/train/run-config.ts';
import { parseSweepSpec } from '../../src/spec/spec.ts';

const data = { kind: 'sequence' as const, vocabSize: 85 };
const specWith = (learningRate: number) =>
  parseSweepSpec({ name: 'plan', task: { kind: 'brown' }, family: { kind: 'gpt' }, design: { kind: 'grid', n: [5000, 20000], d: [500_000] }, train: { learningRate } }, 'p.ts');

/** A finished run folder, as a worker leaves it (provenance included). */
const PROVENANCE = { toyscaleVersion: '0.1.0', gitCommit: 'abcdef012345', dataHash: '0123456789abcdef' };

let tmp = '';
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('collect and the plan', () => {
  it('collects only the planned runs after a spec edit, and lists the old ones as stale with a command that removes them', () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-plan-'));
    const sweepDir = path.join(tmp, 'plan');
    const before = planSweep(specWith(3e-3), data);
    const after = planSweep(specWith(1e-2), data);
    for (const run of [...before, ...after]) writeFinishedRun(sweepDir, run, 3 - run.train.learningRate, PROVENANCE);

    // Without plan.json (a folder from before it existed): every run folder.
    expect(collectSweep(sweepDir).rows).toHaveLength(4);

    writePlanFile(sweepDir, { sweep: 'plan', specFile: 'p.ts', runIds: after.map((r) => r.runId) });
    const result = collectSweep(sweepDir);
    expect(result.rows.map((r) => r.run_id)).toEqual(after.map((r) => r.runId));
    expect(result.stale.map((d) => path.basename(d)).sort()).toEqual(before.map((r) => r.runId).sort());
    expect(fs.readFileSync(result.staleList, 'utf8').trim().split('\n')).toEqual(result.stale);
    expect(staleRunsLine(result)).toMatch(/2 run folder\(s\) are not in the current plan .* xargs rm -r < .*stale-runs\.txt/);
    const csv = readCsv(result.runsCsv);
    expect(csv.map((r) => r.learning_rate)).toEqual(['0.01', '0.01']);
    expect(csv.map((r) => [r.toyscale_version, r.git_commit, r.data_hash, r.warmup_fraction])).toEqual([
      ['0.1.0', 'abcdef012345', '0123456789abcdef', '0.05'],
      ['0.1.0', 'abcdef012345', '0123456789abcdef', '0.05'],
    ]);

    // Once removed as told, nothing is stale and the list goes.
    for (const dir of result.stale) fs.rmSync(dir, { recursive: true });
    expect(collectSweep(sweepDir).stale).toEqual([]);
    expect(fs.existsSync(result.staleList)).toBe(false);
  });

  it('a planned run without a folder is reported, not silently missing', () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-plan-'));
    const sweepDir = path.join(tmp, 'plan');
    const runs = planSweep(specWith(3e-3), data);
    writeFinishedRun(sweepDir, runs[0], 2.5);
    writePlanFile(sweepDir, { sweep: 'plan', specFile: 'p.ts', runIds: runs.map((r) => r.runId) });
    const result = collectSweep(sweepDir);
    expect(result.rows).toHaveLength(1);
    expect(result.problems.join('\n')).toContain(`${runs[1].runId}: planned but no run folder`);
  });
});
