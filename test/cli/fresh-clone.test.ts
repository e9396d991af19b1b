/**
 * A fresh clone: a sweep with no --out trains into the git-ignored runs/ folder and leaves
 * `git status` clean (the committed reference sweeps under results/ are not touched).
 * Uses the smoke spec for time; `npm run sweep` is the same command on experiments/default.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-clone-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const clone = path.join(work, 'toyscale');
const git = (...args: string[]) => spawnSync('git', ['-C', clone, ...args], { encoding: 'utf8' });

describe('a fresh clone', () => {
  it('trains a sweep into runs/ and leaves git status clean', () => {
    expect(spawnSync('git', ['clone', '--quiet', '--no-hardlinks', process.cwd(), clone]).status).toBe(0);
    fs.symlinkSync(path.resolve('node_modules'), path.join(clone, 'node_modules')); // stands in for npm install
    const r = spawnSync(process.execPath, ['bin/toyscale.js', 'sweep', 'experiments/smoke.ts', '--backend', 'wasm', '--workers', '2', '--progress', 'quiet'], {
      cwd: clone,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(r.stderr).not.toMatch(/already finished/);
    expect(r.status).toBe(0);
    const rows = readCsv(path.join(clone, 'runs', 'smoke', 'runs.csv'));
    expect(rows.map((row) => row.status)).toEqual(['done', 'done']);
    expect(git('status', '--porcelain', '--untracked-files=all').stdout).toBe('');
  }, 300_000);

  it('npm run sweep runs the default experiment with the default --out', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.sweep).toBe('node bin/toyscale.js sweep experiments/default.ts');
    expect(git('check-ignore', '-q', 'runs/default/report.md').status).toBe(0);
    expect(git('check-ignore', '-q', 'results/default/report.md').status).toBe(1);
  });
});
