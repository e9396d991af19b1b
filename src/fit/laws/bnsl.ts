/**
 * Broken neural scaling law (Caballero et al. 2022) in one variable x (N, D or C):
 *   y = a + b·x^(−c0)·Π_i (1 + (x/d_i)^(1/f_i))^(−c_i·f_i),  i = 1..breaks (1 or 2).
 * Fitted by least squares on log y, as log y = LSE(log a, g(x)) with
 *   g = log b − c0·log x − Σ c_i·f_i·softplus((log x − log d_i)/f_i),
 * so a, b, d_i and f_i stay positive and nothing overflows. log x is centred on its mean inside
 * the optimiser for conditioning; results are mapped back.
 */
import { FitInputError } from '../errors.ts';
import { defineLaw } from '../law-record.ts';
import { lossCoreFit, type Law } from '../law.ts';
import type { Objective } from '../lbfgs.ts';
import { l2LogObjective, lse2, softplus } from '../logmodel.ts';
import { bestNatural, scanAndPolish } from '../multistart.ts';
import type { ParamKind } from '../param-kinds.ts';
import { fmt } from '../sweep-data.ts';
import type { Axis, FitOptions } from '../types.ts';
import { axisValue, distinct, requireDistinct, type Pt } from '../validate.ts';


export function bnslParamNames(breaks: number): string[] {
  const names = ['a', 'b', 'c0'];
  for (let j = 1; j <= breaks; j++) names.push(`c${j}`, `d${j}`, `f${j}`);
  return names;
}

export function predictBnsl(params: Record<string, number>, x: number, breaks: number): number {
  const lx = Math.log(x);
  let g = Math.log(params.b) - params.c0 * lx;
  for (let j = 1; j <= breaks; j++) {
    const f = params[`f${j}`];
    g -= params[`c${j}`] * f * softplus((lx - Math.log(params[`d${j}`])) / f)[0];
  }
  return params.a + Math.exp(g);
}

/** The axis BNSL uses when options.x is not given. */
export function defaultBnslAxis(points: readonly Pt[]): Axis {
  const nN = distinct(points.map((p) => p.N)).length;
  const nD = distinct(points.map((p) => p.D)).length;
  if (nD === 1 && nN > 1) return 'N';
  if (nN === 1 && nD > 1) return 'D';
  return 'C';
}

/**
 * Natural vector: [log a, log b, c0, then per break c_j, log d_j, log f_j].
 * Internal vector: the same with log b → log b − c0·m and log d_j → log d_j − m (m = mean log x).
 */
export function bnslLaw(breaks: 1 | 2, options: FitOptions, axis: Axis): Law {
  const dim = 3 + 3 * breaks;
  const label = `bnsl-${breaks}`;
  return {
    law: breaks === 1 ? 'bnsl-1' : 'bnsl-2',
    label,
    formula: `y = a + b·${axis}^(−c0)·Π_i(1 + (${axis}/d_i)^(1/f_i))^(−c_i·f_i), ${breaks} break${breaks > 1 ? 's' : ''}`,
    paramNames: bnslParamNames(breaks),
    resample: 'point',
    holdoutAxis: axis,
    design: { key: (r) => axisValue(r, axis), unit: `distinct ${axis}` },
    check(points) {
      requireDistinct(label, points, axis, dim + 1);
    },
    predict: (params, p) => predictBnsl(params, axisValue(p, axis), breaks),
    fit(points, warm) {
      const lx = points.map((p) => Math.log(axisValue(p, axis)));
      const m = lx.reduce((s, v) => s + v, 0) / lx.length;
      const xs = Float64Array.from(lx, (v) => v - m);
      const y = Float64Array.from(points, (p) => Math.log(p.loss));
      const obj = bnslObjective(xs, y, breaks);
      const shift = (v: ArrayLike<number>, sign: 1 | -1) => {
        const t = Float64Array.from(v);
        t[1] = v[1] + sign * v[2] * m;
        for (let j = 0; j < breaks; j++) t[4 + 3 * j] = v[4 + 3 * j] + sign * m;
        return t;
      };
      const starts = warm ? warm.map((v) => shift(v, -1)) : defaultStarts(xs, y, breaks);
      const found = bestNatural(label, scanAndPolish(obj, starts, 3), (x) => shift(x, 1));
      const v = found.v;
      const params: Record<string, number> = { a: Math.exp(v[0]), b: Math.exp(v[1]), c0: v[2] };
      for (let j = 0; j < breaks; j++) {
        params[`c${j + 1}`] = v[3 + 3 * j];
        params[`d${j + 1}`] = Math.exp(v[4 + 3 * j]);
        params[`f${j + 1}`] = Math.exp(v[5 + 3 * j]);
      }
      if (!Object.values(params).every(Number.isFinite)) throw new FitInputError(`${label}: a parameter ran off to infinity; the data do not pin down the break`);
      const warnings: string[] = [];
      const [lo, hi] = [Math.min(...lx), Math.max(...lx)];
      for (let j = 1; j <= breaks; j++) {
        const ld = Math.log(params[`d${j}`]);
        if (ld < lo || ld > hi) warnings.push(`${label}: break d${j} = ${params[`d${j}`].toPrecision(3)} lies outside the data's range of ${axis}`);
      }
      return lossCoreFit(points, params, (p) => predictBnsl(params, axisValue(p, axis), breaks), found, warnings, { x: axis });
    },
  };
}

/** Squared log residuals over centred log x; internal vector as described above bnslLaw. */
export function bnslObjective(xs: Float64Array, y: Float64Array, breaks: number): Objective {
  const dim = 3 + 3 * breaks;
  return l2LogObjective(y, dim, (t, i, g) => {
    const x = xs[i];
    let h = t[1] - t[2] * x;
    g[1] = 1;
    g[2] = -x;
    for (let j = 0; j < breaks; j++) {
      const k = 3 + 3 * j;
      const c = t[k];
      const f = Math.exp(t[k + 2]);
      const z = (x - t[k + 1]) / f;
      const [sp, sig] = softplus(z);
      h -= c * f * sp;
      g[k] = -f * sp;
      g[k + 1] = c * sig;
      g[k + 2] = -c * f * (sp - z * sig);
    }
    const [lp, w] = lse2(t[0], h);
    g[0] = w;
    for (let k = 1; k < dim; k++) g[k] *= 1 - w;
    return lp;
  });
}

/** Internal-coordinate starts over floors, slopes and break positions; log b solved per start. */
function defaultStarts(xs: Float64Array, y: Float64Array, breaks: number): Float64Array[] {
  const sorted = Array.from(xs).sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))];
  let minY = Infinity;
  for (const v of y) minY = Math.min(minY, Math.exp(v));
  const floors = [Math.log(minY) - 8, Math.log(0.5 * minY), Math.log(0.85 * minY)];
  const breakSets = breaks === 1 ? [[q(0.25)], [q(0.5)], [q(0.75)]] : [[q(0.2), q(0.6)], [q(0.35), q(0.75)], [q(0.2), q(0.8)]];
  const slopes = breaks === 1 ? [[0.3], [1]] : [[0.3, 0.3], [1, 0.3], [0.3, 1], [1, 1]];
  const out: Float64Array[] = [];
  for (const la of floors)
    for (const c0 of [0, 0.3])
      for (const ds of breakSets)
        for (const cs of slopes)
          for (const lf of [Math.log(0.3), 0]) {
            const t = new Float64Array(3 + 3 * breaks);
            t[0] = la;
            t[2] = c0;
            for (let j = 0; j < breaks; j++) {
              t[3 + 3 * j] = cs[j];
              t[4 + 3 * j] = ds[j];
              t[5 + 3 * j] = lf;
            }
            // log b so that the power-law part matches the data above the floor on average.
            let s = 0;
            for (let i = 0; i < xs.length; i++) {
              let h = -c0 * xs[i];
              for (let j = 0; j < breaks; j++) {
                const f = Math.exp(t[5 + 3 * j]);
                h -= t[3 + 3 * j] * f * softplus((xs[i] - t[4 + 3 * j]) / f)[0];
              }
              s += Math.log(Math.max(Math.exp(y[i]) - Math.exp(la), 1e-12)) - h;
            }
            t[1] = s / xs.length;
            out.push(t);
          }
  return out;
}

/**
 * What each parameter is: a the floor, b a coefficient, c0 and each c_i exponents (slopes in
 * log–log), each d_i (a break's location) and f_i (its sharpness, a scale in log x) coefficients.
 */
function bnslKinds(breaks: number): Record<string, ParamKind> {
  return Object.fromEntries(bnslParamNames(breaks).map((p) => [p, p === 'a' ? 'floor' : /^c\d+$/.test(p) ? 'exponent' : 'coefficient']));
}

const CABALLERO = 'none: Caballero et al. 2022 fit each task its own broken power law, with no values a sweep could be compared with';

export const bnsl1 = defineLaw({
  name: 'bnsl-1',
  aliases: ['bnsl'],
  formula: 'y = a + b·x^(−c0)·(1 + (x/d1)^(1/f1))^(−c1·f1) in x = N, D or C: Caballero et al. 2022, one break',
  params: bnslKinds(1),
  published: CABALLERO,
  holdoutAxis: 'x',
  make: (options, points) => bnslLaw(1, options, options.x ?? defaultBnslAxis(points)),
  sweep: {
    order: 15,
    select: ({ atD }) => {
      if (atD && atD.distinct >= 10) return [{ options: { x: 'N' }, points: atD.points, subset: `D = ${fmt(atD.key)}, ${atD.distinct} sizes` }];
      return { skipped: `needs 10 or more distinct N at one D, got ${atD?.distinct ?? 0}` };
    },
  },
});

export const bnsl2 = defineLaw({
  name: 'bnsl-2',
  formula: 'y = a + b·x^(−c0)·Π_i(1 + (x/d_i)^(1/f_i))^(−c_i·f_i), i = 1, 2, in x = N, D or C: Caballero et al. 2022, two breaks',
  params: bnslKinds(2),
  published: CABALLERO,
  holdoutAxis: 'x',
  make: (options, points) => bnslLaw(2, options, options.x ?? defaultBnslAxis(points)),
});
