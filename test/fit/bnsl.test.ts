import { describe, expect, it } from 'vitest';
import { fitLaw, predictBnsl } from '../../src/fit/index.ts';
import { linePoints, logspace, shuffle } from './synth.ts';

const one = { a: 1, b: 50, c0: 0.1, c1: 0.4, d1: 1e6, f1: 0.5 };
const two = { a: 0.5, b: 20, c0: 0.05, c1: 0.3, d1: 1e5, f1: 0.3, c2: -0.2, d2: 1e8, f2: 0.3 };

describe('broken neural scaling law', () => {
  it.each([1, 2])('recovers one break (seed %i)', (seed) => {
    const pts = linePoints((x) => predictBnsl(one, x, 1), logspace(1e3, 1e10, 30), 0.005, seed, 'N');
    const f = fitLaw('bnsl-1', pts, { bootstrap: 0 });
    expect(f.details?.x).toBe('N');
    expect(Math.abs(f.params.a - one.a)).toBeLessThan(0.05);
    expect(Math.abs(Math.log(f.params.b / one.b))).toBeLessThan(0.05);
    expect(Math.abs(f.params.c0 - one.c0)).toBeLessThan(0.01);
    expect(Math.abs(f.params.c1 - one.c1)).toBeLessThan(0.02);
    expect(Math.abs(Math.log(f.params.d1 / one.d1))).toBeLessThan(0.15);
    expect(Math.abs(f.params.f1 - one.f1)).toBeLessThan(0.06);
  });

  it('recovers two breaks, including a negative c (loss falls slower after the second)', () => {
    const pts = linePoints((x) => predictBnsl(two, x, 2), logspace(1e3, 1e11, 50), 0.003, 1, 'N');
    const f = fitLaw('bnsl-2', pts, { bootstrap: 0 });
    expect(Math.abs(f.params.a - two.a)).toBeLessThan(0.05);
    expect(Math.abs(f.params.c0 - two.c0)).toBeLessThan(0.01);
    expect(Math.abs(f.params.c1 - two.c1)).toBeLessThan(0.02);
    expect(Math.abs(f.params.c2 - two.c2)).toBeLessThan(0.02);
    expect(Math.abs(Math.log(f.params.d1 / two.d1))).toBeLessThan(0.2);
    expect(Math.abs(Math.log(f.params.d2 / two.d2))).toBeLessThan(0.2);
  });

  it('chooses D as x when only D varies, and extrapolates the held-out largest D', () => {
    const pts = linePoints((x) => predictBnsl(one, x, 1), logspace(1e3, 1e10, 30), 0.003, 3, 'D');
    const f = fitLaw('bnsl', pts, { bootstrap: 0, holdout: true });
    expect(f.law).toBe('bnsl-1');
    expect(f.details?.x).toBe('D');
    expect(f.holdout?.axis).toBe('D');
    expect(f.holdout?.relError as number).toBeLessThan(0.02);
  });

  it('bootstraps from the best optima and is row-order invariant', () => {
    const pts = linePoints((x) => predictBnsl(one, x, 1), logspace(1e3, 1e10, 25), 0.005, 4, 'N');
    const a = fitLaw('bnsl-1', pts, { bootstrap: 40, seed: 3 });
    const b = fitLaw('bnsl-1', shuffle(pts, 8), { bootstrap: 40, seed: 3 });
    expect(b.params).toEqual(a.params);
    expect(b.ci).toEqual(a.ci);
    expect(a.ci.c1[0]).toBeLessThan(one.c1);
    expect(a.ci.c1[1]).toBeGreaterThan(one.c1);
  });
});
