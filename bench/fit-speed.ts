/**
 * Speed of Chinchilla approach 3 as the CLI runs it: the full 4,500-start grid plus 1,000
 * bootstrap refits on 250 synthetic points, on one thread (fitLaw) and spread over worker threads,
 * one per core (src/fit-threads, pool start-up included), side by side; the two results must be
 * bit-identical. Target: ≤ 3 s threaded on the project's 2-core dev machine.
 *   npx tsx bench/fit-speed.ts [points=250] [bootstraps=1000] [threads=cores] [--holdout]
 * --holdout adds the hold-out refit on all but the largest N, as every sweep's fit does.
 */
import os from 'node:os';
import { fitLaw } from '../src/fit/index.ts';
import { mulberry32, randNormal } from '../src/fit/rng.ts';
import { fitLawThreaded } from '../src/fit-threads/fit-law-threaded.ts';
import { FitPool } from '../src/fit-threads/pool.ts';

const holdout = process.argv.includes('--holdout');
const args = process.argv.slice(2).filter((a) => a !== '--holdout');
const nPoints = Number(args[0] ?? 250);
const draws = Number(args[1] ?? 1000);
const threads = Number(args[2] ?? os.availableParallelism());
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
const full = fitLaw('chinchilla-3', points, { bootstrap: draws, seed: 1, holdout });
const t2 = performance.now();
const pool = new FitPool(threads);
const threaded = await fitLawThreaded('chinchilla-3', points, { bootstrap: draws, seed: 1, holdout }, pool);
const t3 = performance.now();
await pool.close();

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const identical = JSON.stringify(threaded) === JSON.stringify(full);
console.log(`points ${nPoints}, starts ${grid.stats.starts} (${grid.stats.converged} converged), bootstraps ${full.stats.bootstrapSucceeded}/${draws}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`grid fit alone, 1 thread             ${fmt(t1 - t0)}`);
const what = `grid + ${draws} bootstraps${holdout ? ' + hold-out' : ''}`;
console.log(`${what}, 1 thread     ${fmt(t2 - t1)}`);
console.log(`${what}, ${threads} threads    ${fmt(t3 - t2)}   (pool start-up included; target ≤ 3 s without the hold-out)`);
console.log(`threaded result bit-identical to 1 thread (parameters, CIs, every bootstrap row${holdout ? ', the hold-out' : ''}): ${identical ? 'yes' : 'NO'}`);
console.log('params', Object.fromEntries(Object.entries(full.params).map(([k, v]) => [k, Number(v.toPrecision(4))])));
console.log('ci    ', Object.fromEntries(Object.entries(full.ci).map(([k, [lo, hi]]) => [k, [Number(lo.toPrecision(3)), Number(hi.toPrecision(3))]])));
if (!identical) process.exitCode = 1;
