import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configPath, curvePath, finishedSummary, isFinished, readRunConfig, removeStaleTemps, summaryPath, tempFileOwner, type RunSummary } from '../../src/execute/run-files.ts';

function summaryOf(runId: string, curveBytes: number): RunSummary {
  return {
    runId, status: 'done', finalEvalLoss: 2.5, bestEvalLoss: 2.4, stepsCompleted: 10, tokensTrained: 100, epochs: 0.1,
    seconds: 1, tokensPerSecond: 100, backend: 'cpu', device: 'cpu', finishedAt: '2026-01-01T00:00:00.000Z', curveBytes,
  };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-runfiles-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('run files', () => {
  it('a summary counts only beside the curve it was written after', () => {
    const dir = path.join(work, 'a');
    fs.mkdirSync(dir);
    expect(isFinished(dir)).toBe(false);
    fs.writeFileSync(curvePath(dir), 'step,tokens\n0,0\n10,100\n');
    fs.writeFileSync(summaryPath(dir), JSON.stringify(summaryOf('a', fs.statSync(curvePath(dir)).size)));
    expect(isFinished(dir)).toBe(true);
    fs.writeFileSync(curvePath(dir), 'step,tokens\n0,0\n'); // rewritten by a later worker, then killed
    expect(isFinished(dir)).toBe(false);
    fs.rmSync(curvePath(dir));
    expect(isFinished(dir)).toBe(false);
  });

  it('a summary that fails its schema is unfinished, with a reason, never a crash', () => {
    const dir = path.join(work, 'c');
    fs.mkdirSync(dir);
    fs.writeFileSync(curvePath(dir), 'step,tokens\n0,0\n');
    const whole = summaryOf('c', fs.statSync(curvePath(dir)).size);
    const cases: Array<[string, RegExp]> = [
      ['{}', /summary\.json: runId: /],
      ['{"runId":', /summary\.json: not JSON/],
      ['', /summary\.json: not JSON/],
      ['null', /summary\.json: \(root\)/],
      [JSON.stringify({ ...whole, status: 'great' }), /summary\.json: status: /],
      [JSON.stringify({ ...whole, finalEvalLoss: 'low' }), /summary\.json: finalEvalLoss: /],
      [JSON.stringify({ ...whole, runId: 'someone-else' }), /runId "someone-else" is another run's/],
    ];
    for (const [text, problem] of cases) {
      fs.writeFileSync(summaryPath(dir), text);
      expect(isFinished(dir), text).toBe(false);
      const read = finishedSummary(dir);
      expect(read.state, text).toBe('invalid');
      if (read.state === 'invalid') expect(read.problem).toMatch(problem);
    }
    fs.writeFileSync(summaryPath(dir), JSON.stringify(whole));
    expect(isFinished(dir)).toBe(true);
  });

  it('a config.json that fails its schema is reported, not thrown', () => {
    const dir = path.join(work, 'd');
    fs.mkdirSync(dir);
    expect(readRunConfig(dir).state).toBe('missing');
    fs.writeFileSync(configPath(dir), '{"runId": "d", "sweep":');
    expect(readRunConfig(dir)).toMatchObject({ state: 'invalid', problem: expect.stringMatching(/config\.json: not JSON/) });
    fs.writeFileSync(configPath(dir), '{"runId": "d"}');
    expect(readRunConfig(dir)).toMatchObject({ state: 'invalid', problem: expect.stringMatching(/config\.json: sweep: /) });
  });

  it('removes the temp files of dead processes only', () => {
    const dir = path.join(work, 'b');
    fs.mkdirSync(dir);
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const names = [`.summary.json.${dead}.tmp`, `.runs.csv.${dead}-0a1b2c.tmp`, `fits.csv.tmp-${dead}`, `lock.${dead}.new`, `.curve.csv.${process.pid}.tmp`, 'config.json'];
    for (const name of names) fs.writeFileSync(path.join(dir, name), '');
    expect(names.map(tempFileOwner)).toEqual([dead, dead, dead, dead, process.pid, null]);
    removeStaleTemps(dir);
    expect(fs.readdirSync(dir).sort()).toEqual([`.curve.csv.${process.pid}.tmp`, 'config.json']);
  });
});
