/**
 * The report reads what `toyscale fit` writes. This fits synthetic sweeps with the real fit CLI
 * and checks every field the report uses is there, so a change of format in src/fit or
 * src/pipeline/fit-sweep.ts fails here rather than as a silently thinner report.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitCommand } from '../../src/cli/fit.ts';
import { FITS_CSV_COLUMNS } from '../../src/fit/index.ts';
import { readCsv } from '../../src/io/csv.ts';
import { fitsFromCsv, FITS_CSV_USED, parseFitsJson, type FitsData } from '../../src/io/formats/fits-file.ts';
import { readFits } from '../../src/io/sweep-files.ts';
import { quietly } from './quiet.ts';
import { gridRuns, isoflopRuns, LAW, writeSyntheticSweep } from './synthetic.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-fits-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let grid: string;
let iso: string;
beforeAll(async () => {
  grid = writeSyntheticSweep(work, 'grid', gridRuns([3e3, 1e4, 3e4, 1e5], [1e5, 3e5, 1e6, 3e6]));
  iso = writeSyntheticSweep(work, 'iso', isoflopRuns([1e10, 1e11, 1e12], [3e3, 1e4, 3e4, 1e5, 3e5]));
  for (const dir of [grid, iso]) await quietly(() => fitCommand([dir, '--bootstrap', '40', '--json']));
});

function parsed(dir: string): FitsData {
  const r = parseFitsJson(fs.readFileSync(path.join(dir, 'fits.json'), 'utf8'));
  if (typeof r === 'string') throw new Error(`fits.json no longer parses: ${r}`);
  return r;
}

describe('fits.json and fits.csv as the report reads them', () => {
  it('fits.csv still has the columns the fallback reads', () => {
    for (const c of FITS_CSV_USED) expect(FITS_CSV_COLUMNS).toContain(c);
  });

  it('parses every fit of a grid sweep with the fields the report uses', () => {
    const fits = parsed(grid);
    expect(fits.problems).toEqual([]);
    const labels = fits.fits.map((f) => f.label);
    for (const l of ['kaplan-n', 'kaplan-d', 'kaplan-nd', 'chinchilla-3', 'chinchilla-1', 'kaplan-c']) expect(labels).toContain(l);
    for (const f of fits.fits) {
      expect(Object.keys(f.params).length).toBeGreaterThan(0);
      expect(f.points).toBeGreaterThan(0);
      expect(f.holdout, f.label).not.toBeNull();
      expect(f.holdout?.axis).toMatch(/^[NDC]$/);
      expect(f.subset, f.label).toBeTruthy();
    }
    const kn = fits.fits.find((f) => f.label === 'kaplan-n');
    expect(kn?.residuals.length).toBe(4);
    expect(kn?.bootstrapRequested).toBe(40);
    const c3 = fits.fits.find((f) => f.label === 'chinchilla-3');
    expect(Object.keys(c3?.params ?? {})).toEqual(expect.arrayContaining(['E', 'A', 'B', 'alpha', 'beta']));
    expect(Object.keys(c3?.derived?.values ?? {})).toEqual(expect.arrayContaining(['a', 'b']));
    expect(c3?.samples?.[0]).toHaveLength(Object.keys(c3?.params ?? {}).length);
    expect(c3?.params.E).toBeCloseTo(LAW.E, 0);
  });

  it('approach 2 appears on an IsoFLOP sweep', () => {
    const c2 = parsed(iso).fits.find((f) => f.law === 'chinchilla-2');
    // The synthetic law's compute-optimal exponents: N_opt ∝ C^(β/(α+β)), D_opt ∝ C^(α/(α+β)).
    expect(c2?.params.a).toBeCloseTo(LAW.beta / (LAW.alpha + LAW.beta), 1);
    expect(c2?.params.b).toBeCloseTo(LAW.alpha / (LAW.alpha + LAW.beta), 1);
    expect((c2?.params.a ?? 0) + (c2?.params.b ?? 0)).toBeCloseTo(1, 6); // C = 6·N·D ties them
    expect(c2?.details.isoflop).toHaveLength(3);
  });

  it('fits.json and fits.csv hold the same numbers, and the CSV fallback reads them', () => {
    const json = parsed(grid);
    const csv = fitsFromCsv(readCsv(path.join(grid, 'fits.csv')));
    expect(csv.fits.map((f) => f.label)).toEqual(json.fits.map((f) => f.label));
    for (const f of json.fits) {
      const c = csv.fits.find((x) => x.label === f.label);
      for (const [k, v] of Object.entries(f.params)) expect(c?.params[k]).toBeCloseTo(v, 9);
      for (const [k, ci] of Object.entries(f.ci)) expect(c?.ci[k]).toEqual(ci);
      expect(c?.holdout?.relError ?? null).toBe(f.holdout?.relError ?? null);
    }
  });

  it('falls back to fits.csv, saying why, when fits.json is unreadable', () => {
    const dir = writeSyntheticSweep(work, 'broken', gridRuns([3e3, 1e4], [1e5]));
    fs.copyFileSync(path.join(grid, 'fits.csv'), path.join(dir, 'fits.csv'));
    fs.writeFileSync(path.join(dir, 'fits.json'), '{"fits": [{"law": 3}]}');
    const fits = readFits(dir);
    expect(fits.origin).toBe('fits.csv');
    expect(fits.problems[0]).toMatch(/fits\.json: unexpected format at fits\.0\.law/);
    expect(fits.fits.length).toBeGreaterThan(0);
  });
});
