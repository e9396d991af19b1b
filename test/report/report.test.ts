/**
 * report.md and its figures from synthetic sweeps (no training): every table and figure is there,
 * every number in the comparison table is a fits.csv cell, figures the data cannot support are
 * skipped with a reason, and the PNGs are real images.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitCommand } from '../../src/cli/fit.ts';
import { readCsv } from '../../src/io/csv.ts';
import { num } from '../../src/base/format.ts';
import { writeReport } from '../../src/report/report.ts';
import { quietly } from './quiet.ts';
import { gridRuns, isoflopRuns, writeSyntheticSweep } from './synthetic.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-report-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
let grid: string;
let iso: string;
let tiny: string;
const md: Record<string, string> = {};

beforeAll(async () => {
  grid = writeSyntheticSweep(work, 'grid', gridRuns([3e3, 1e4, 3e4, 1e5], [1e5, 3e5, 1e6, 3e6]));
  iso = writeSyntheticSweep(work, 'iso', isoflopRuns([1e10, 1e11, 1e12], [3e3, 1e4, 3e4, 1e5, 3e5]), { task: 'markov', trueEntropyRate: 1.5 });
  tiny = writeSyntheticSweep(work, 'tiny', gridRuns([3e3, 1e4], [1e5]));
  for (const dir of [grid, iso, tiny]) {
    await quietly(() => fitCommand([dir, '--bootstrap', '40']));
    md[path.basename(dir)] = fs.readFileSync(await writeReport(dir), 'utf8');
  }
});

function figures(dir: string): string[] {
  return fs.readdirSync(path.join(dir, 'plots')).sort();
}

describe('report.md', () => {
  it('has the header, the comparison and hold-out tables, the caveats and the runs', () => {
    const r = md.grid;
    expect(r).toMatch(/^# Sweep grid\n/);
    for (const cell of ['`experiments/grid.ts`', '2026-01-02 03:04 UTC', '| backend | wasm |', '| workers | 2 |', '| wall time | 60.0 min |', '16: 16 done, 0 diverged, 0 failed']) expect(r).toContain(cell);
    for (const heading of ['## Fitted laws against the literature', '## Hold-out: predicting the largest model', '## Plots', '## Why toy-scale numbers differ from the published ones', '## Runs', '## All fitted parameters']) expect(r).toContain(heading);
    // Published values, next to ours.
    for (const v of ['0.076', '0.095', '0.05', '406.4', '410.7', '1.69', '1.82', '482', '2085', '0.34', '0.28', '0.3478', '0.3658']) expect(r).toContain(`| ${v} |`);
    expect(r).toMatch(/char/);
    expect(r).toMatch(/Embedding parameters/);
  });

  it('prints only numbers that are fits.csv cells, and names the row', () => {
    const fits = readCsv(path.join(grid, 'fits.csv'));
    const rows = md.grid.split('\n').filter((l) => l.includes('fits.csv: law='));
    expect(rows.length).toBeGreaterThanOrEqual(9);
    for (const line of rows) {
      const [, law, param] = /law=([^,]+), param=(\S+) \|/.exec(line) ?? [];
      const row = fits.find((f) => f.law === law && f.param === param);
      expect(row, line).toBeDefined();
      const cells = line.split(' | ');
      // A value with a trust flag is never printed as a number beside the published ones.
      expect(cells[2]).toBe(row?.flags ? 'not determined' : num(Number(row?.value)));
    }
  });

  it('embeds every figure it drew and says why it skipped the others', () => {
    expect(figures(grid)).toEqual(['curves', 'exponents', 'loss-vs-d', 'loss-vs-flops', 'loss-vs-n', 'optimal-n', 'residuals'].flatMap((f) => [`${f}.png`, `${f}.svg`]));
    for (const f of ['loss-vs-n', 'loss-vs-d', 'loss-vs-flops', 'optimal-n', 'curves', 'residuals', 'exponents']) expect(md.grid).toContain(`(plots/${f}.png)](plots/${f}.svg)`);
    expect(md.grid).toMatch(/IsoFLOP profiles \(`isoflop`\): not an IsoFLOP sweep/);
    expect(figures(iso)).toContain('isoflop.png');
    expect(md.tiny).toMatch(/Loss vs data D \(`loss-vs-d`\): every done run has the same D/);
  });

  it('writes real PNGs and SVGs with no NaN', () => {
    for (const dir of [grid, iso, tiny]) {
      for (const f of figures(dir)) {
        const bytes = fs.readFileSync(path.join(dir, 'plots', f));
        if (f.endsWith('.png')) expect(bytes.subarray(0, 8).equals(PNG_MAGIC), f).toBe(true);
        else {
          expect(bytes.toString('utf8')).toMatch(/^<svg/);
          expect(bytes.toString('utf8')).not.toContain('NaN');
        }
      }
    }
  });

  it('compares the fitted E with a known floor', () => {
    expect(md.iso).toContain('## Irreducible loss against the known floor');
    expect(md.iso).toMatch(/true entropy rate is 1\.5 \(runs\.csv true_entropy_rate\)/);
    expect(md.iso).toMatch(/\| chinchilla-3 \| 1\.\d+ \|/);
    expect(md.iso).toMatch(/Not a language-model task/);
  });

  it('refuses fits.csv without its fits.json (half of a pair), and reports with no fits at all', async () => {
    fs.rmSync(path.join(tiny, 'fits.json'));
    await expect(writeReport(tiny)).rejects.toThrow(/fits\.csv has no fits\.json beside it/);
    fs.rmSync(path.join(tiny, 'fits.csv'));
    const none = fs.readFileSync(await writeReport(tiny), 'utf8');
    expect(none).toMatch(/No law was fitted to these runs/);
    expect(none).toContain('## Runs');
  });
});
