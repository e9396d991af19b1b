/**
 * The sweep folder's owner (src/io/sweep-folder.ts, run-folder.ts, sweep-files.ts): every path,
 * each reader's three states (missing, invalid, ok) and never a throw for a bad file, the one
 * finished-run rule, and writers that leave no temp file behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvTable, requireColumns } from '../../src/io/csv.ts';
import type { RunSummary } from '../../src/io/formats/run-summary.ts';
import { finishedRule, finishedSummary, isFinished, parseSummary } from '../../src/io/run-folder.ts';
import {
  fitsPairProblem,
  readFitsJson,
  readPlanFile,
  readStaleRuns,
  readSweepJson,
  readTunedLr,
  writeFitsPair,
  writePlanFile,
  writeStaleRuns,
  writeSweepJson,
} from '../../src/io/sweep-files.ts';
import { RUN_FILES, runDir, runPaths, runsDir, SWEEP_FILES, sweepPaths, tuneDir } from '../../src/io/sweep-folder.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-sweep-folder-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let folders = 0;
function freshSweep(): string {
  const dir = path.join(work, `sweep-${folders++}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function summaryOf(runId: string, curveBytes?: number): RunSummary {
  return {
    runId, status: 'done', finalEvalLoss: 2.5, bestEvalLoss: 2.4, stepsCompleted: 10, tokensTrained: 100, epochs: 0.1,
    seconds: 1, tokensPerSecond: 100, backend: 'cpu', device: 'cpu', finishedAt: '2026-01-01T00:00:00.000Z',
    ...(curveBytes === undefined ? {} : { curveBytes }),
  };
}

/** Files in `dir` (recursively) that look like an atomic writer's temp file. */
function temps(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => /\.tmp$|\.tmp-\d+$/.test(name));
}

describe('sweep folder paths', () => {
  it('names every file of a sweep folder under it', () => {
    const p = sweepPaths('/s');
    expect(p).toMatchObject({
      dir: '/s',
      runsCsv: '/s/runs.csv',
      curvesCsv: '/s/curves.csv',
      fitsCsv: '/s/fits.csv',
      fitsJson: '/s/fits.json',
      sweepJson: '/s/sweep.json',
      planJson: '/s/plan.json',
      staleRuns: '/s/stale-runs.txt',
      tunedLr: '/s/tuned-lr.json',
      reportMd: '/s/report.md',
      plots: '/s/plots',
      runs: '/s/runs',
      tune: '/s/tune',
    });
    expect(Object.keys(p).sort()).toEqual(['dir', ...Object.keys(SWEEP_FILES)].sort());
    expect(runsDir('/s')).toBe('/s/runs');
    expect(tuneDir('/s')).toBe('/s/tune');
    expect(sweepPaths(tuneDir('/s')).runsCsv).toBe('/s/tune/runs.csv');
  });

  it('names every file of a run folder under it', () => {
    const dir = runDir('/s', 'gpt-1');
    expect(dir).toBe('/s/runs/gpt-1');
    expect(runPaths(dir)).toEqual({
      dir,
      config: '/s/runs/gpt-1/config.json',
      curve: '/s/runs/gpt-1/curve.csv',
      summary: '/s/runs/gpt-1/summary.json',
      error: '/s/runs/gpt-1/error.txt',
      lock: '/s/runs/gpt-1/lock',
    });
    expect(Object.keys(RUN_FILES).sort()).toEqual(['config', 'curve', 'error', 'lock', 'summary']);
  });
});

describe('sweep file readers: missing, invalid, ok; never a throw', () => {
  const cases = [
    { name: 'plan.json', file: (d: string) => sweepPaths(d).planJson, read: readPlanFile, bad: '{"sweep": 3}' },
    { name: 'sweep.json', file: (d: string) => sweepPaths(d).sweepJson, read: readSweepJson, bad: '{"name": []}' },
    { name: 'tuned-lr.json', file: (d: string) => sweepPaths(d).tunedLr, read: readTunedLr, bad: '[]' },
    { name: 'fits.json', file: (d: string) => sweepPaths(d).fitsJson, read: readFitsJson, bad: '{"fits": [{"law": 1}]}' },
  ];
  for (const c of cases) {
    it(`${c.name}`, () => {
      const dir = freshSweep();
      expect(c.read(dir).state).toBe('missing');
      for (const text of ['', '{"cut": ', c.bad]) {
        fs.writeFileSync(c.file(dir), text);
        const read = c.read(dir);
        expect(read.state, text).toBe('invalid');
        if (read.state === 'invalid') {
          expect(read.problem).toContain(c.file(dir));
          expect(read.problem).not.toContain('\n');
        }
      }
      fs.rmSync(c.file(dir));
      fs.mkdirSync(c.file(dir)); // a folder where the file should be: unreadable, still a state
      expect(c.read(dir).state).toBe('invalid');
    });
  }

  it('reads what the writers wrote, and the writers leave no temp file', () => {
    const dir = freshSweep();
    writePlanFile(dir, { sweep: 's', specFile: 's.ts', runIds: ['a', 'b'] });
    expect(readPlanFile(dir)).toEqual({ state: 'ok', value: { sweep: 's', specFile: 's.ts', runIds: ['a', 'b'] } });
    const meta = { name: 's', specFile: 's.ts', backend: 'cpu', device: 'cpu', workers: 1, runsPlanned: 2, startedAt: '2026-01-01T00:00:00.000Z' };
    writeSweepJson(dir, meta);
    expect(readSweepJson(dir)).toEqual({ state: 'ok', value: meta });
    writeSweepJson(dir, { ...meta, workers: 2 }, { index: 1, count: 3 });
    expect(fs.readdirSync(sweepPaths(dir).shards)).toEqual(['2-of-3.json']);
    writeStaleRuns(dir, [runDir(dir, 'old-1'), runDir(dir, 'old-2')]);
    expect([...readStaleRuns(dir)]).toEqual(['old-1', 'old-2']);
    writeStaleRuns(dir, []);
    expect(fs.existsSync(sweepPaths(dir).staleRuns)).toBe(false);
    expect(readStaleRuns(dir).size).toBe(0);
    writeFitsPair(dir, 'law,param\n', { fits: [] });
    expect(readFitsJson(dir)).toMatchObject({ state: 'ok', value: { fits: [], origin: 'fits.json' } });
    expect(temps(dir)).toEqual([]);
  });

  it('fits.json without its manifest is refused in one line naming it', () => {
    const dir = freshSweep();
    expect(fitsPairProblem(dir)).toBeNull();
    writeFitsPair(dir, 'law,param\n', { fits: [] });
    expect(fitsPairProblem(dir)).toMatch(/fits\.json does not record which runs\.csv/);
  });

  it("a careful reader's text is parsed the same way", () => {
    const dir = freshSweep();
    writePlanFile(dir, { sweep: 's', specFile: '', runIds: ['x'] });
    expect(readPlanFile(dir, () => null).state).toBe('missing');
    expect(readPlanFile(dir, () => 'nope').state).toBe('invalid');
    expect(readPlanFile(dir, (f) => fs.readFileSync(f, 'utf8'))).toMatchObject({ state: 'ok', value: { runIds: ['x'] } });
  });
});

describe('the one CSV reader', () => {
  it('an empty file is an error naming the file, in one line', () => {
    const file = path.join(freshSweep(), 'runs.csv');
    fs.writeFileSync(file, '');
    expect(() => readCsvTable(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: empty file, expected a header row$`));
  });

  it('a header without rows has its columns checked; missing ones are named', () => {
    const file = path.join(freshSweep(), 'runs.csv');
    fs.writeFileSync(file, 'run_id,status\n');
    const table = readCsvTable(file);
    expect(table.rows).toEqual([]);
    expect(() => requireColumns(file, table, ['run_id', 'tokens', 'final_eval_loss'])).toThrow(/runs\.csv: no column "tokens", "final_eval_loss" \(columns: run_id, status\)/);
  });
});

describe('the finished-run rule', () => {
  function runWith(files: Record<string, string>): string {
    const dir = runDir(freshSweep(), 'run-a');
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  }
  const curve = 'step,tokens\n0,0\n10,100\n';

  it('finished: a summary of this run written after the whole curve', () => {
    const dir = runWith({ [RUN_FILES.curve]: curve, [RUN_FILES.summary]: JSON.stringify(summaryOf('run-a', curve.length)) });
    expect(isFinished(dir)).toBe(true);
  });

  it('not finished: no summary, a summary that fails its schema, another run\'s, or beside a curve of another size', () => {
    expect(finishedSummary(runWith({ [RUN_FILES.curve]: curve })).state).toBe('missing');
    expect(finishedSummary(runWith({ [RUN_FILES.summary]: '{"status": "do' })).state).toBe('invalid');
    expect(finishedSummary(runWith({ [RUN_FILES.summary]: JSON.stringify({ status: 'done', finalEvalLoss: 3 }) })).state).toBe('invalid');
    const other = finishedSummary(runWith({ [RUN_FILES.curve]: curve, [RUN_FILES.summary]: JSON.stringify(summaryOf('run-b', curve.length)) }));
    expect(other).toMatchObject({ state: 'invalid', problem: expect.stringMatching(/another run's/) });
    const longer = finishedSummary(runWith({ [RUN_FILES.curve]: `${curve}20,200\n`, [RUN_FILES.summary]: JSON.stringify(summaryOf('run-a', curve.length)) }));
    expect(longer).toMatchObject({ state: 'invalid', problem: expect.stringMatching(/summary\.json was written after/) });
    const noCurve = finishedSummary(runWith({ [RUN_FILES.summary]: JSON.stringify(summaryOf('run-a', curve.length)) }));
    expect(noCurve).toMatchObject({ state: 'invalid', problem: expect.stringMatching(/missing beside summary\.json/) });
  });

  it('the same rule on text read another way (the watch page)', () => {
    const dir = runDir('/nowhere', 'run-a');
    const text = JSON.stringify(summaryOf('run-a', 7));
    expect(finishedRule(dir, parseSummary(dir, text), () => 7).state).toBe('ok');
    expect(finishedRule(dir, parseSummary(dir, text), () => 8).state).toBe('invalid');
    expect(finishedRule(dir, parseSummary(dir, text), () => null).state).toBe('invalid');
    expect(finishedRule(dir, parseSummary(dir, null), () => 7).state).toBe('missing');
  });
});
