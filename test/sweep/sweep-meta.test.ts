/** sweep.json keeps every sweep command that trained in the folder; the report sums them. */
import { describe, expect, it } from 'vitest';
import { previousInvocations, withInvocation, type SweepMeta } from '../../src/execute/sweep-meta.ts';
import { headerSection } from '../../src/report/header.ts';
import type { ReportInputs } from '../../src/report/inputs.ts';

const base: SweepMeta = { name: 's', specFile: 's.ts', backend: 'wasm', device: 'cpu', workers: 2, startedAt: '2026-12-06T10:00:00.000Z', runsPlanned: 4 };

describe('sweep.json invocations', () => {
  it('a resume adds its part: first start kept, wall time summed, an interrupted part marked', () => {
    const first = withInvocation(base, [], { startedAt: base.startedAt, finishedAt: '2026-12-06T10:02:00.000Z', wallSeconds: 100, interrupted: true });
    const earlier = previousInvocations(first);
    const second = withInvocation({ ...base, startedAt: '2026-12-06T11:00:00.000Z' }, earlier, { startedAt: '2026-12-06T11:00:00.000Z', finishedAt: '2026-12-06T11:00:20.000Z', wallSeconds: 20 });
    expect(second.startedAt).toBe(base.startedAt);
    expect(second.wallSeconds).toBe(120);
    expect(second.invocations).toHaveLength(2);
    const header = headerSection({ name: 's', meta: second, runs: [], curves: [], sweepDir: '.', tuned: null, fits: { fits: [], skipped: [], nested: [], conventions: null, origin: null, problems: [] } } as ReportInputs).join('\n');
    expect(header).toMatch(/\| wall time \| 2\.0 min over 2 sweep commands \(1\.7 min \+ 20\.0 s; 1 interrupted\) \| sweep\.json wallSeconds: summed over invocations/);
  });

  it('a sweep.json from before invocations were kept counts as one', () => {
    expect(previousInvocations({ ...base, wallSeconds: 46.4, finishedAt: 'x' })).toEqual([{ startedAt: base.startedAt, finishedAt: 'x', wallSeconds: 46.4 }]);
    expect(previousInvocations({ ...base })).toEqual([]);
    expect(previousInvocations(null)).toEqual([]);
  });
});

describe('progress lines', () => {
  it('a resume with nothing to train says so, without a 0/0 count or an ETA', async () => {
    const { linesText } = await import('../../src/execute/progress.ts');
    const e = { event: 'start' as const, runsDone: 0, runsTotal: 0, tokensDone: 0, tokensTotal: 0, tokensPerSecond: 0, detail: '0 to train, 8 already finished, 2 worker(s)' };
    expect(linesText(e, 0, undefined)).toBe('start: 0 to train, 8 already finished, 2 worker(s)');
    expect(linesText({ ...e, runsTotal: 4, tokensTotal: 100, tokensDone: 25 }, 10, undefined)).toMatch(/^\[runs 0\/4, 25%\] 10s elapsed/);
  });
});
