/**
 * The fit's cost bound: a law is fitted to at most MAX_FIT_POINTS points. Its scans and bootstrap
 * grow with the points (kaplan-n on 10⁶ points with 10 resamples ran past 120 s and 3 GB), so more
 * are thinned, evenly and deterministically (every k-th point in the order given, the last always
 * kept), and the caller says so in a warning.
 */
export const MAX_FIT_POINTS = 20_000;

export function thinPoints<T>(points: readonly T[], max = MAX_FIT_POINTS): { points: T[]; every: number } {
  if (points.length <= max) return { points: [...points], every: 1 };
  const every = Math.ceil(points.length / max);
  const kept = points.filter((_, i) => i % every === 0);
  if ((points.length - 1) % every !== 0) kept[kept.length - 1] = points[points.length - 1];
  return { points: kept, every };
}

export function thinnedWarning(total: number, every: number, kept: number): string {
  return `${total} points is more than a fit takes (${MAX_FIT_POINTS}): every ${every}th point fitted (${kept}), evenly; thin the data yourself to choose which`;
}
