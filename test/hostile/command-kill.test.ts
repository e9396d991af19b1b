/**
 * kill -9 at 20 random points of each command that writes a sweep's files (fit, report, export
 * tensorboard, compare, regenerate; issue 29): every 4th kill the command is run again to the end,
 * and after that run there is no temp file anywhere in its output, fits.csv and fits.json are one
 * fit's pair of this runs.csv, and every file the command writes is whole. On main a kill between
 * fit's two renames left a mixed pair that report accepted, and `.fits.json.<pid>-….tmp` for ever.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { fitsPairProblem } from '../../src/io/sweep-files.ts';

const BIN = path.resolve('bin/toyscale.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-command-kill-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const random = seedrandom('issue-29');

const KILLS = 20;
const temps = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tmp$|\.new$|\.stale$/.test(path.basename(f)));

function argv(args: string[]): string[] {
  return args[0] === 'regenerate' ? ['--import', 'tsx', 'scripts/regenerate.ts', ...args.slice(1)] : [BIN, ...args];
}

function runToEnd(args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, argv(args), { encoding: 'utf8', timeout: 300_000 });
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return performance.now() - started;
}

async function killAfter(args: string[], ms: number): Promise<void> {
  const child = spawn(process.execPath, argv(args), { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, ms));
  child.kill('SIGKILL');
  await exited;
}

/** results/default copied and fitted by this toyscale, under `name`/default. */
function fittedCopy(name: string): string {
  const dir = path.join(work, name, 'default');
  fs.cpSync('results/default', dir, { recursive: true });
  runToEnd(['fit', dir, '--bootstrap', '20']);
  return dir;
}

function expectWhole(sweep: string, out: string): void {
  expect(temps(out)).toEqual([]);
  expect(fitsPairProblem(sweep)).toBeNull();
}

async function killRepeatedly(args: string[], check: () => void): Promise<void> {
  const full = runToEnd(args);
  for (let k = 1; k <= KILLS; k++) {
    // From a quarter of a whole run on: before that the process is still loading its modules.
    await killAfter(args, full * (0.25 + 0.85 * random()));
    if (k % 4 === 0) {
      runToEnd(args);
      check();
    }
  }
}

describe('kill -9 at random points, then the same command again', () => {
  it('fit', async () => {
    const sweep = fittedCopy('fit');
    await killRepeatedly(['fit', sweep, '--bootstrap', '20'], () => expectWhole(sweep, sweep));
  });

  it('report', async () => {
    const sweep = fittedCopy('report');
    await killRepeatedly(['report', sweep], () => {
      expectWhole(sweep, sweep);
      const report = fs.readFileSync(path.join(sweep, 'report.md'), 'utf8');
      for (const m of report.matchAll(/\]\((plots\/[^)]+)\)/g)) expect(fs.existsSync(path.join(sweep, m[1])), m[1]).toBe(true);
    });
  });

  it('export tensorboard', async () => {
    const sweep = fittedCopy('export');
    const out = path.join(work, 'export-tb');
    await killRepeatedly(['export', 'tensorboard', sweep, '--out', out], () => {
      expect(temps(out)).toEqual([]);
      for (const run of fs.readdirSync(out)) expect(fs.readdirSync(path.join(out, run))).toHaveLength(1);
    });
  });

  it('compare', async () => {
    const a = fittedCopy('compare-a');
    const b = fittedCopy('compare-b');
    const out = path.join(work, 'compare-out');
    await killRepeatedly(['compare', a, b, '--out', out], () => {
      expect(temps(out)).toEqual([]);
      expect(fs.readFileSync(path.join(out, 'compare.png')).subarray(1, 4).toString()).toBe('PNG');
    });
  });

  it('regenerate', async () => {
    const sweep = fittedCopy('regenerate');
    const results = path.dirname(sweep);
    await killRepeatedly(['regenerate', '--results', results, '--no-readme'], () => expectWhole(sweep, results));
  });
});
