/**
 * Huber loss, used by approach 3 on log residuals (Hoffmann et al. 2022, δ = 1e-3): quadratic for
 * |r| ≤ δ, linear beyond, so a few diverged or badly tuned runs cannot drag the fit.
 */
export const HUBER_DELTA = 1e-3;

export function huber(r: number, delta: number): number {
  const a = Math.abs(r);
  return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
}

/** dHuber/dr. */
export function huberDeriv(r: number, delta: number): number {
  return r > delta ? delta : r < -delta ? -delta : r;
}
