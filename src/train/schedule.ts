/**
 * Learning rate: linear warmup, then cosine decay to minLrFraction of the peak, the cosine
 * ending exactly at the run's last step. Hoffmann et al. 2022 (sec. 3.1, fig. A1) show a cosine
 * cycle longer than the run overestimates the loss of small-D runs and biases the fitted law, so
 * every run's schedule is set to its own token budget.
 */
export function learningRate(step: number, steps: number, peak: number, warmupFraction: number, minLrFraction: number): number {
  const warmup = Math.max(1, Math.round(warmupFraction * steps));
  if (step < warmup) return (peak * (step + 1)) / warmup;
  const progress = Math.min(1, (step - warmup) / Math.max(1, steps - 1 - warmup));
  const cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
  return peak * (minLrFraction + (1 - minLrFraction) * cosine);
}

/**
 * Steps at which to evaluate: 0, then `points` log-spaced steps ending at the last step, so the
 * early, fast-changing part of the curve is sampled as densely as the end.
 */
export function evalSteps(steps: number, points: number): number[] {
  const out = new Set<number>([0, steps]);
  for (let i = 1; i <= points; i++) out.add(Math.max(1, Math.round(Math.exp((Math.log(steps) * i) / points))));
  return [...out].sort((a, b) => a - b);
}
