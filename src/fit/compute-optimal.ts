/**
 * Compute-optimal allocation and the training-versus-inference arithmetic of
 * /shared/background/training-vs-inference-compute.md.
 */
import { quantile } from './bootstrap.ts';
import { FitInputError } from './errors.ts';

export interface ComputeOptimal {
  C: number;
  N_opt: number;
  D_opt: number;
  tokensPerParam: number;
  /** Predicted loss at (N_opt, D_opt); null when the law does not predict loss (approaches 1, 2). */
  loss: number | null;
  /** 'closed-form' from E, A, B, alpha, beta; 'power-law' from k_N·C^a, k_D·C^b. */
  method: 'closed-form' | 'power-law';
}

/**
 * N_opt, D_opt for a FLOP budget C = 6·N·D. With approach-3 parameters, minimising
 * E + A/N^α + B/D^β on that constraint gives (Hoffmann et al. 2022, eq. 4)
 *   N_opt = G·(C/6)^(β/(α+β)), D_opt = G⁻¹·(C/6)^(α/(α+β)), G = (αA/(βB))^(1/(α+β)).
 * With approach-1/2 parameters, N_opt = k_N·C^a and D_opt = k_D·C^b.
 */
export function computeOptimal(params: Record<string, number>, C: number): ComputeOptimal {
  if (!(Number.isFinite(C) && C > 0)) throw new FitInputError(`compute must be a positive number of FLOPs, got ${C}`);
  const { E, A, B, alpha, beta } = params;
  if ([E, A, B, alpha, beta].every((v) => typeof v === 'number' && Number.isFinite(v))) {
    if (!(alpha > 0 && beta > 0 && A > 0 && B > 0)) throw new FitInputError('closed form needs positive A, B, alpha and beta');
    const G = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta));
    const N_opt = G * (C / 6) ** (beta / (alpha + beta));
    const D_opt = C / 6 / N_opt;
    return { C, N_opt, D_opt, tokensPerParam: D_opt / N_opt, loss: E + A / N_opt ** alpha + B / D_opt ** beta, method: 'closed-form' };
  }
  const { a, b, k_N, k_D } = params;
  if ([a, b, k_N, k_D].every((v) => typeof v === 'number' && Number.isFinite(v))) {
    const N_opt = k_N * C ** a;
    const D_opt = k_D * C ** b;
    return { C, N_opt, D_opt, tokensPerParam: D_opt / N_opt, loss: null, method: 'power-law' };
  }
  throw new FitInputError('parameters need E, A, B, alpha, beta (approach 3) or a, b, k_N, k_D (approaches 1, 2)');
}

export interface InferenceThroughput {
  N: number;
  D: number;
  /** Tokens per parameter, m = D/N. */
  m: number;
  seconds: number;
  trainFlops: number;
  /** The cluster's sustained rate during training, 6·N·D/S. */
  flopsPerSecond: number;
  /** Forward pass only: 2·N FLOPs per generated token. */
  flopsPerToken: number;
  /** flopsPerSecond / flopsPerToken = 3·m·N/S. */
  tokensPerSecond: number;
}

/**
 * A cluster that trained N parameters on m·N tokens in S seconds ran at 6·m·N²/S FLOP/s; one
 * generated token costs 2·N FLOPs, so the same cluster generates 3·m·N/S tokens per second.
 */
export function inferenceThroughput(N: number, D: number, seconds: number): InferenceThroughput {
  for (const [k, v] of [['N', N], ['D', D], ['seconds', seconds]] as const) {
    if (!(Number.isFinite(v) && v > 0)) throw new FitInputError(`${k} must be positive, got ${v}`);
  }
  const m = D / N;
  const trainFlops = 6 * N * D;
  const flopsPerSecond = trainFlops / seconds;
  const flopsPerToken = 2 * N;
  return { N, D, m, seconds, trainFlops, flopsPerSecond, flopsPerToken, tokensPerSecond: (3 * m * N) / seconds };
}

export interface ComputeOptimalCI {
  N_opt: [number, number];
  D_opt: [number, number];
  tokensPerParam: [number, number];
  loss: [number, number] | null;
  draws: number;
}

/**
 * 95% intervals for the allocation, from the fit's bootstrap draws (columns in the order of
 * `paramNames`): each draw's parameters give one allocation, and the percentiles of those are the
 * interval. Null without draws.
 */
export function computeOptimalCI(paramNames: readonly string[], samples: readonly number[][] | undefined, C: number): ComputeOptimalCI | null {
  if (!samples || samples.length < 2) return null;
  const rows: ComputeOptimal[] = [];
  for (const s of samples) {
    const p = Object.fromEntries(paramNames.map((n, j) => [n, s[j]]));
    try {
      rows.push(computeOptimal(p, C));
    } catch {
      // A draw with a non-positive exponent has no optimum; it is left out of the interval.
    }
  }
  if (rows.length < 2) return null;
  const ci = (f: (r: ComputeOptimal) => number): [number, number] => {
    const v = rows.map(f).sort((a, b) => a - b);
    return [quantile(v, 0.025), quantile(v, 0.975)];
  };
  return {
    N_opt: ci((r) => r.N_opt),
    D_opt: ci((r) => r.D_opt),
    tokensPerParam: ci((r) => r.tokensPerParam),
    loss: rows[0].loss === null ? null : ci((r) => r.loss as number),
    draws: rows.length,
  };
}
