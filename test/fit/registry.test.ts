/**
 * Every law in src/fit/laws/registry.ts, checked the same way: a new law is one file exporting its
 * record, one registry line, and its own tests; this file then holds it to the rest without a
 * line of its own. Names are unique; published values exist or the record says why not; the
 * record's parameters are its fitted law's; it is fitted on a synthetic sweep of the design it
 * claims (and the plan's design check sees enough design points there); the report can label it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitLaw } from '../../src/fit/fit-law.ts';
import type { LawRecord } from '../../src/fit/law-record.ts';
import { LAW_NAMES, LAWS, sweepLaws } from '../../src/fit/laws/registry.ts';
import { paramKind } from '../../src/fit/param-kinds.ts';
import { publishedValue } from '../../src/fit/published.ts';
import { SOURCES } from '../../src/fit/sources.ts';
import { sweepData } from '../../src/fit/sweep-data.ts';
import { MIN_DOF } from '../../src/fit/trust.ts';
import type { FitPoint, LawName } from '../../src/fit/types.ts';
import { QUANTITIES } from '../../src/report/compare.ts';
import { HOFFMANN, logspace, lossC3 } from './synth.ts';
import { mulberry32, randNormal } from '../../src/fit/rng.ts';

/** Every parameter name a fit of the law can have: its own, E for an irreducible form, its derived quantities. */
const namesOf = (r: LawRecord) => [...(r.irreducible ? ['E'] : []), ...Object.keys(r.params), ...Object.keys(r.derived ?? {})];

const noisy = (seed: number) => {
  const rng = mulberry32(seed);
  return (loss: number) => loss * Math.exp(0.005 * randNormal(rng));
};

/**
 * Synthetic sweeps, one per design a law can claim, all from Hoffmann et al.'s surface: an N × D
 * grid (10 sizes, 6 token counts, repeating 4 million unique tokens; its curves too) and an
 * IsoFLOP design (5 budgets of 5 sizes).
 */
function gridSweep(): { runs: FitPoint[]; curves: FitPoint[] } {
  const noise = noisy(1);
  const runs: FitPoint[] = [];
  const curves: FitPoint[] = [];
  for (const N of logspace(1e5, 1e8, 10))
    for (const D of logspace(1e6, 1e9, 6)) {
      runs.push({ N, D, U: 4e6, loss: noise(lossC3(HOFFMANN, N, D)) });
      for (const f of [1 / 8, 1 / 4, 1 / 2, 1]) curves.push({ N, D: f * D, C: 6 * N * f * D, run: `${N}-${D}`, loss: noise(lossC3(HOFFMANN, N, f * D)) });
    }
  return { runs, curves };
}

function isoflopSweep(): { runs: FitPoint[]; curves: null } {
  const noise = noisy(2);
  const runs = logspace(1e16, 1e20, 5).flatMap((budget) => {
    const nOpt = 0.1 * Math.sqrt(budget / 6);
    return logspace(nOpt / 8, nOpt * 8, 5).map((N) => ({ N, D: budget / (6 * N), budget, loss: noise(lossC3(HOFFMANN, N, budget / (6 * N))) }));
  });
  return { runs, curves: null };
}

const SWEEPS = { grid: gridSweep(), isoflop: isoflopSweep() };

describe('the law registry', () => {
  it(`lists ${LAWS.length} laws, each name (and alias) once`, () => {
    const names = LAWS.flatMap((r: LawRecord) => [r.name, ...(r.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
    expect([...LAW_NAMES].sort()).toEqual([...names].sort());
    // A sweep fits its laws in a fixed order (fits.csv's): no two share a place.
    const orders = sweepLaws().map((r) => r.sweep.order);
    expect(new Set(orders).size).toBe(orders.length);
  });

  it('each compare row has exactly one owner, and the report lists every row a law names', () => {
    const entries = LAWS.flatMap((r: LawRecord) => (r.compare ?? []).map((e) => ({ law: r.name, ...e })));
    for (const symbol of new Set(entries.map((e) => e.symbol))) expect(entries.filter((e) => e.symbol === symbol && e.owner === true), symbol).toHaveLength(1);
    for (const e of entries) {
      const q = QUANTITIES.find((x) => x.symbol === e.symbol);
      expect(q?.from.some((f) => f.law === e.law && f.param === e.param && (f.derived === true) === (e.derived === true)), `${e.law} ${e.symbol}`).toBe(true);
    }
  });
});

/**
 * The files outside src/fit/laws that name a law: each draws or chooses that one law (its own
 * figure, the watch page's live L(N), the CLI's default law and plan presets), so a new law
 * touches none of them. Selection, published values, kinds, design checks, compare rows and
 * residual axes come from the registry.
 */
const NAMES_ONE_LAW = [
  'src/cli/fit.ts',
  'src/cli/plan.ts',
  'src/report/plots/isoflop-data.ts',
  'src/report/plots/isoflop.ts',
  'src/report/plots/loss-vs-flops.ts',
  'src/report/plots/loss-vs-size.ts',
  'src/report/plots/optimal-n.ts',
  'src/watch/live-fit.ts',
  'src/watch/page/watch.js',
  'src/watch/sweep-state.ts',
];

describe('adding a law', () => {
  it('touches its own file, one registry line and its tests: no other source switches on law names', () => {
    const quoted = new RegExp(`['"\`](${LAW_NAMES.map((n) => n.replace(/[-+]/g, '\\$&')).join('|')})['"\`]`);
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const naming = files('src')
      .filter((f) => /\.(ts|js)$/.test(f) && !f.startsWith(path.join('src', 'fit', 'laws')))
      .filter((f) => quoted.test(fs.readFileSync(f, 'utf8')))
      .map((f) => f.split(path.sep).join('/'))
      .sort();
    expect(naming).toEqual(NAMES_ONE_LAW);
  });
});

describe.each(LAWS.map((r: LawRecord) => [r.name, r] as const))('%s', (name, record) => {
  const law = name as LawName;

  it('has published values, each a parameter of its own, or says why none', () => {
    if (typeof record.published === 'string') {
      expect(record.published.length).toBeGreaterThan(10);
      return;
    }
    const sources = Object.entries(record.published);
    expect(sources.length).toBeGreaterThan(0);
    for (const [source, values] of sources) {
      expect(SOURCES).toContain(source);
      for (const [param, v] of Object.entries(values ?? {})) {
        expect(namesOf(record)).toContain(param);
        expect(Number.isFinite(v)).toBe(true);
        expect(publishedValue(source as (typeof SOURCES)[number], law, param)).toBe(v);
      }
    }
  });

  it("states its fitted law's parameters, free parameters, derived quantities and hold-out axis", () => {
    const forms = [{}, ...(record.irreducible ? [{ irreducible: true }] : [])];
    for (const options of forms) {
      const impl = record.make(options, []);
      expect(impl.law).toBe(record.name);
      expect([...impl.paramNames]).toEqual([...('irreducible' in options ? ['E'] : []), ...Object.keys(record.params)]);
      expect(impl.freeParams).toBe(record.freeParams);
      const derived = impl.derive?.(Object.fromEntries(impl.paramNames.map((p) => [p, 0.5])));
      expect(Object.keys(derived ?? {})).toEqual(Object.keys(record.derived ?? {}));
    }
    if (record.holdoutAxis === 'x') for (const x of ['N', 'D', 'C'] as const) expect(record.make({ x }, []).holdoutAxis).toBe(x);
    else expect(record.make({}, []).holdoutAxis).toBe(record.holdoutAxis);
    for (const p of namesOf(record)) expect(['exponent', 'coefficient', 'floor', 'normalization']).toContain(paramKind(law, p));
  });

  it('is fitted on a synthetic sweep of the design it claims', () => {
    const fits = [];
    if (record.sweep) {
      const sweep = record.sweep;
      for (const s of Object.values(SWEEPS)) {
        const picks = sweep.select(sweepData(s.runs, s.curves));
        if (!('skipped' in picks)) for (const p of picks) fits.push(fitLaw(law, p.points, { ...p.options, bootstrap: 0, grid: 'coarse' }));
      }
      // The plan's design check counts enough design points on the same runs.
      if (record.design) {
        const design = record.design;
        const counted = Object.values(SWEEPS).map((s) => design.count(s.runs).distinct);
        expect(Math.max(...counted) - (record.freeParams ?? Object.keys(record.params).length)).toBeGreaterThanOrEqual(MIN_DOF);
      }
    } else {
      // Fitted only when asked for (fit --law): on the grid's sizes at its largest D.
      fits.push(fitLaw(law, SWEEPS.grid.runs.filter((p) => p.D === SWEEPS.grid.runs[SWEEPS.grid.runs.length - 1].D), { bootstrap: 0, grid: 'coarse' }));
    }
    expect(fits.length).toBeGreaterThan(0);
    for (const f of fits) {
      expect(Object.keys(f.params).sort()).toEqual(namesOf(record).filter((p) => p in f.params).sort());
      for (const v of Object.values(f.params)) expect(Number.isFinite(v)).toBe(true);
    }
  }, 120_000);

  it('can be labelled by the report: its compare rows name its own parameters', () => {
    for (const e of record.compare ?? []) {
      expect(e.symbol.length).toBeGreaterThan(0);
      expect(e.derived ? Object.keys(record.derived ?? {}) : namesOf(record)).toContain(e.param);
    }
  });
});
