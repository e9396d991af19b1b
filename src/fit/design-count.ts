/**
 * How many distinct design points a design gives a law (law-record.ts `design.count`), counted as
 * the sweep's selection will count them (sweep-data.ts): seeds and repeated settings count once.
 */
import type { DesignCount, DesignPoint } from './law-record.ts';
import { bestSlice } from './sweep-data.ts';

const pairKey = (p: DesignPoint) => `${p.N}|${p.D}`;

/** A one-variable law: distinct values of `varied` on the value of `fixed` that has the most of them. */
export function sliceCount(fixed: 'N' | 'D', varied: 'N' | 'D') {
  return (points: readonly DesignPoint[]): DesignCount => {
    const s = bestSlice(points, (p) => p[fixed], (p) => p[varied]) ?? { key: 0, distinct: 0, points: [] };
    return { distinct: s.distinct, where: `${s.distinct} distinct ${varied} at ${fixed} = ${s.key.toPrecision(3)}`, points: s.points };
  };
}

/** A law of N and D jointly: distinct (N, D), once N and D each take 3 or more values. */
export function jointCount(points: readonly DesignPoint[]): DesignCount {
  const nN = new Set(points.map((p) => p.N)).size;
  const nD = new Set(points.map((p) => p.D)).size;
  const pairs = new Set(points.map(pairKey)).size;
  const distinct = nN >= 3 && nD >= 3 ? pairs : 0;
  return { distinct, where: `${pairs} distinct (N, D) over ${nN} N × ${nD} D${nN < 3 || nD < 3 ? ' (3 or more of each needed)' : ''}`, points };
}

/** An IsoFLOP law: budgets with 3 or more distinct sizes. */
export function budgetCount(points: readonly DesignPoint[]): DesignCount {
  const sizes = new Map<number, Set<number>>();
  for (const p of points) if (p.budget !== undefined && p.budget !== null) sizes.set(p.budget, (sizes.get(p.budget) ?? new Set()).add(p.N));
  const usable = [...sizes.values()].filter((s) => s.size >= 3).length;
  return { distinct: usable, where: `${usable} budget(s) with 3 or more sizes`, points: points.filter((p) => p.budget !== undefined && p.budget !== null) };
}
