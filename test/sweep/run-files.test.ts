import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { curvePath, isFinished, removeStaleTemps, summaryPath, tempFileOwner } from '../../src/sweep/run-files.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-runfiles-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('run files', () => {
  it('a summary counts only beside the curve it was written after', () => {
    const dir = path.join(work, 'a');
    fs.mkdirSync(dir);
    expect(isFinished(dir)).toBe(false);
    fs.writeFileSync(curvePath(dir), 'step,tokens\n0,0\n10,100\n');
    fs.writeFileSync(summaryPath(dir), JSON.stringify({ runId: 'a', curveBytes: fs.statSync(curvePath(dir)).size }));
    expect(isFinished(dir)).toBe(true);
    fs.writeFileSync(curvePath(dir), 'step,tokens\n0,0\n'); // rewritten by a later worker, then killed
    expect(isFinished(dir)).toBe(false);
    fs.rmSync(curvePath(dir));
    expect(isFinished(dir)).toBe(false);
  });

  it('removes the temp files of dead processes only', () => {
    const dir = path.join(work, 'b');
    fs.mkdirSync(dir);
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const names = [`.summary.json.${dead}.tmp`, `fits.csv.tmp-${dead}`, `lock.${dead}.new`, `.curve.csv.${process.pid}.tmp`, 'config.json'];
    for (const name of names) fs.writeFileSync(path.join(dir, name), '');
    expect(names.map(tempFileOwner)).toEqual([dead, dead, dead, process.pid, null]);
    removeStaleTemps(dir);
    expect(fs.readdirSync(dir).sort()).toEqual([`.curve.csv.${process.pid}.tmp`, 'config.json']);
  });
});
