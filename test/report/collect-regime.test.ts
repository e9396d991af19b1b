/** collect marks runs outside the regime a law describes (short, plateau); fits leave them out unless asked. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFinishedRun } from '../helpers/finished-run.ts';
import { runsCsvSelection } from '../../src/io/fit-csv.ts';
import { collectSweep } from '../../src/execute/collect.ts';
import { planSweep } from '../../src/plan/plan.ts';
import type { RunConfig } from '../../src/train/run-config.ts';
import { parseSweepSpec } from '../../src/spec/spec.ts';
import { regimeSection } from '../../src/report/regime-section.ts';
import { parseRuns } from '../../src/report/rows.ts';
import { readCsv, readCsvTable as readFitCsv } from '../../src/io/csv.ts';

const data = { kind: 'sequence' as const, vocabSize: 85 };

let tmp = '';
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('regime at collect', () => {
  it('marks short and plateau runs in runs.csv with a reason, and the fit leaves them out unless asked', () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-regime-'));
    const sweepDir = path.join(tmp, 'regime');
    const spec = parseSweepSpec({ name: 'regime', task: { kind: 'brown' }, family: { kind: 'gpt', nLayer: 2, headDim: 8 }, design: { kind: 'grid', n: [5000, 20000], d: [100_000, 500_000] } }, 'r.ts');
    const runs = planSweep(spec, data);
    const loss = (r: RunConfig) => (r.tokens < 200_000 ? 2.6 : r.counts.nNonembed > 10_000 ? 2.3 : 3.0);
    for (const run of runs) writeFinishedRun(sweepDir, run, loss(run), { finishedAt: '2026-12-06T00:00:00Z', unigramEntropy: 3.08, finalEvalSe: 0.012 });
    const result = collectSweep(sweepDir);
    const rows = readCsv(result.runsCsv);
    const byKey = Object.fromEntries(rows.map((r) => [`${r.target_n}/${r.target_d}`, r]));
    expect(byKey['5000/100000'].regime).toBe('short');
    expect(byKey['5000/100000'].regime_reason).toMatch(/98 optimizer steps, fewer than 200/);
    expect(byKey['5000/500000'].regime).toBe('plateau');
    expect(byKey['5000/500000'].regime_reason).toMatch(/3\.000 is within 5% of the unigram entropy 3\.080/);
    expect(byKey['20000/500000'].regime).toBe('');
    expect(rows.every((r) => r.eval_loss_se === '0.012')).toBe(true);

    const table = readFitCsv(result.runsCsv);
    const fitted = runsCsvSelection(result.runsCsv, table);
    expect(fitted.points.map((p) => p.loss)).toEqual([2.3]);
    expect(fitted.outOfRegime.map((o) => o.regime).sort()).toEqual(['plateau', 'short', 'short']);
    expect(runsCsvSelection(result.runsCsv, table, false, true).points).toHaveLength(4);

    const section = regimeSection(parseRuns(result.runsCsv, readFitCsv(result.runsCsv))).join('\n');
    expect(section).toMatch(/## Runs left out of the fits/);
    expect(section).toMatch(/3 finished run\(s\) are outside the regime/);
  });
});
