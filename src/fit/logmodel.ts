/**
 * Least squares on log loss for the laws other than approach 3: Σ (log ŷ_i(θ) − log y_i)².
 * A model supplies log ŷ_i and its gradient per point; this sums them. Plain squares (not Huber)
 * because these laws are fitted to few, clean points where every point should count.
 */
import type { Objective } from './lbfgs.ts';

/** Returns log ŷ for point i and writes ∂log ŷ/∂θ into grad. */
export type LogPredictor = (theta: Float64Array, i: number, grad: Float64Array) => number;

export function l2LogObjective(logY: Float64Array, dim: number, predict: LogPredictor): Objective {
  const gi = new Float64Array(dim);
  return (theta, g) => {
    g.fill(0);
    let f = 0;
    for (let i = 0; i < logY.length; i++) {
      const r = predict(theta, i, gi) - logY[i];
      if (!Number.isFinite(r)) return Infinity;
      f += r * r;
      for (let j = 0; j < dim; j++) g[j] += 2 * r * gi[j];
    }
    return f;
  };
}

/** log(eᵘ + eᵛ) and the weight of u in it, without overflow. */
export function lse2(u: number, v: number): [number, number] {
  if (u >= v) {
    const t = Math.exp(v - u);
    return [u + Math.log1p(t), 1 / (1 + t)];
  }
  const t = Math.exp(u - v);
  return [v + Math.log1p(t), t / (1 + t)];
}

/** log(1 + eᶻ) and its derivative σ(z), without overflow. */
export function softplus(z: number): [number, number] {
  if (z > 0) {
    const t = Math.exp(-z);
    return [z + Math.log1p(t), 1 / (1 + t)];
  }
  const t = Math.exp(z);
  return [Math.log1p(t), t / (1 + t)];
}
