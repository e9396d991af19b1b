/**
 * `npm run regenerate` on a real (smoke) sweep: rebuilding from the run folders twice writes the
 * same bytes, and matches what the sweep itself wrote; training the same spec again on the same
 * backend reproduces every column but the timing ones.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv.ts';
import { listSweeps, regenerate } from '../../src/pipeline/regenerate.ts';
import { README_END, README_START } from '../../src/report/results-index.ts';
import { quietly } from './quiet.ts';
import { smokeFixture, smokeSweepCopy } from '../helpers/smoke.ts';

const BIN = path.resolve('bin/toyscale.js');
const SPEC = path.resolve('experiments/smoke.ts');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-regen-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function sweep(out: string): void {
  const r = spawnSync(process.execPath, [BIN, 'sweep', SPEC, '--out', out, '--backend', 'wasm', '--workers', '2', '--progress', 'quiet'], { cwd: work, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`smoke sweep failed (${r.status}): ${r.stderr}`);
}

/** Every file under dir except the run folders, as path → bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const p = path.join(dir, f);
    if (f.split(path.sep).includes('runs') || !fs.statSync(p).isFile()) continue;
    out.set(f, fs.readFileSync(p));
  }
  return out;
}

const results = path.join(work, 'results');
const readme = path.join(work, 'README.md');
const options = { resultsDir: results, experimentsDir: path.resolve('experiments'), backupDir: path.join(work, 'previous'), retrain: null, readme };
let trained: Map<string, Buffer>;

beforeAll(() => {
  const copy = smokeSweepCopy(results); // trained once by the e2e project's global setup
  trained = snapshot(results);
  // fits.json names the runs.csv it was fitted from: the trained folder's, before it was copied here.
  const fits = path.join('smoke', 'fits.json');
  const source = path.join(smokeFixture().out, 'smoke', 'runs.csv');
  const text = trained.get(fits)!.toString('utf8');
  expect(text).toContain(JSON.stringify(source));
  trained.set(fits, Buffer.from(text.replaceAll(JSON.stringify(source), JSON.stringify(path.join(copy, 'runs.csv')))));
  fs.writeFileSync(readme, `# x\n\n## Results\n\n${README_START}\nold\n${README_END}\n\nafter\n`);
});

describe('npm run regenerate', () => {
  it('finds the sweep folders', () => {
    expect(listSweeps(results)).toEqual(['smoke']);
  });

  it('rebuilds the same bytes twice, and the CSVs the sweep wrote', async () => {
    await quietly(() => regenerate(options));
    const first = snapshot(results);
    await quietly(() => regenerate(options));
    const second = snapshot(results);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [f, bytes] of first) expect(second.get(f)?.equals(bytes), f).toBe(true);
    for (const f of ['runs.csv', 'curves.csv', 'fits.csv', 'fits.json', 'report.md', 'sweep.json'].map((n) => path.join('smoke', n))) {
      expect(trained.get(f)?.equals(first.get(f) ?? Buffer.alloc(0)), f).toBe(true);
    }
    expect(first.has('README.md')).toBe(true);
    expect(first.has(path.join('smoke', 'plots', 'loss-vs-n.png'))).toBe(true);
  });

  it('refreshes only the marked block of the project README', () => {
    const text = fs.readFileSync(readme, 'utf8');
    expect(text).toMatch(/^# x\n\n## Results\n\n<!-- results:start/);
    expect(text).not.toContain('\nold\n');
    // The front page: one row per sweep, each main exponent from its first unflagged law.
    expect(text).toContain('| sweep | α_N | α_D | α_C (C_min) | a (N_opt ∝ C^a) |');
    expect(text).toMatch(/\| \[smoke\]\([^)]*smoke\/report\.md\) \|/);
    expect(text.endsWith(`${README_END}\n\nafter\n`)).toBe(true);
  });

  it('retraining on the same backend reproduces every column but the timing ones', () => {
    const again = path.join(work, 'again');
    sweep(again);
    const timing = new Set(['seconds', 'tokens_per_s']);
    for (const f of ['runs.csv', 'curves.csv']) {
      const a = readCsv(path.join(results, 'smoke', f));
      const b = readCsv(path.join(again, 'smoke', f));
      expect(b.length).toBe(a.length);
      a.forEach((row, i) => {
        for (const [k, v] of Object.entries(row)) if (!timing.has(k)) expect(b[i][k], `${f} row ${i + 1} ${k}`).toBe(v);
      });
    }
    expect(fs.readFileSync(path.join(again, 'smoke', 'fits.csv'), 'utf8')).toBe(fs.readFileSync(path.join(results, 'smoke', 'fits.csv'), 'utf8'));
  });

  it('refuses to retrain a sweep with no spec, and to run with no sweeps', async () => {
    await expect(regenerate({ ...options, retrain: ['no-such-sweep'] })).rejects.toThrow(/no spec .*no-such-sweep\.ts/);
    await expect(regenerate({ ...options, resultsDir: path.join(work, 'empty') })).rejects.toThrow(/no sweep folders/);
  });
});
