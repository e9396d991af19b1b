/**
 * The Huber threshold of approach 3's loss on log residuals (Hoffmann et al. 2022, δ = 1e-3):
 * quadratic for |r| ≤ δ, linear beyond, so a few diverged or badly tuned runs cannot drag the fit.
 */
export const HUBER_DELTA = 1e-3;
