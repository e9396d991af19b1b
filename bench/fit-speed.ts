/**
 * Speed of Chinchilla approach 3 as the CLI runs it: the full 4,500-start grid plus 1,000
 * bootstrap refits on 250 synthetic points. Target: ≤ 10 s on the project's 2-core dev machine.
 *   npx tsx bench/fit-speed.ts [points=250] [bootstraps=1000]
 */
import { fitLaw } from '../src/fit/index.ts';
import { mulberry32, randNormal } from '../src/fit/rng.ts';

const nPoints = Number(process.argv[2] ?? 250);
const draws = Number(process.argv[3] ?? 1000);
const truth = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const rng = mulberry32(2024);
const points = Array.from({ length: nPoints }, () => {
  // Log-uniform over Chinchilla's range of N and D, 1% multiplicative noise.
  const N = Math.exp(Math.log(7e7) + rng() * Math.log(16e9 / 7e7));
  const D = Math.exp(Math.log(5e9) + rng() * Math.log(5e11 / 5e9));
  const loss = (truth.E + truth.A / N ** truth.alpha + truth.B / D ** truth.beta) * Math.exp(0.01 * randNormal(rng));
  return { N, D, loss };
});

const t0 = performance.now();
const grid = fitLaw('chinchilla-3', points, { bootstrap: 0 });
const t1 = performance.now();
const full = fitLaw('chinchilla-3', points, { bootstrap: draws, seed: 1 });
const t2 = performance.now();

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`points ${nPoints}, starts ${grid.stats.starts} (${grid.stats.converged} converged), bootstraps ${full.stats.bootstrapSucceeded}/${draws}`);
console.log(`grid fit alone          ${fmt(t1 - t0)}`);
console.log(`grid + ${draws} bootstraps  ${fmt(t2 - t1)}   (target ≤ 10 s)`);
console.log('params', Object.fromEntries(Object.entries(full.params).map(([k, v]) => [k, Number(v.toPrecision(4))])));
console.log('ci    ', Object.fromEntries(Object.entries(full.ci).map(([k, [lo, hi]]) => [k, [Number(lo.toPrecision(3)), Number(hi.toPrecision(3))]])));
