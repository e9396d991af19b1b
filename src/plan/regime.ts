/**
 * The regime a run must reach before its loss says anything about L(N), L(D) or L(N, D): enough
 * optimizer steps to have followed its schedule, and a final loss clearly below what a model that
 * learned only token frequencies gets (the unigram plateau a character-level model sits on first).
 * The plan warns about runs that will be short; collect marks runs that were short or ended on
 * the plateau (runs.csv `regime`), and fits leave them out unless asked to keep them.
 */

/**
 * Fewer optimizer steps than this and a run has spent much of itself in warmup and on the unigram
 * plateau: "hundreds at least" (shared/notes/experiment-design.md). kaplan-d's 24-step runs
 * (3.05–3.26 nats against a unigram entropy of 3.08) are what this keeps out of a fit.
 */
export const MIN_FIT_STEPS = 200;

/**
 * A final loss within this fraction of the unigram entropy (above 0.95 × H₁) is still on the
 * plateau: on Brown (H₁ = 3.08 nats) that is above 2.93, where the IsoFLOP sweep's large models sat
 * until ~1e5 tokens; the smallest well-trained models of the reference sweeps end near 2.3.
 */
export const PLATEAU_FRACTION = 0.05;

export type Regime = 'short' | 'plateau';

export interface RegimeInput {
  steps: number;
  finalEvalLoss: number | null;
  /** Entropy of the train split's unigram distribution (token tasks); absent for regression. */
  unigramEntropy: number | null;
}

/** Why a run is outside the regime a law describes, or null when it is inside (or cannot be told). */
export function regimeOf(run: RegimeInput): { regime: Regime; reason: string } | null {
  if (run.steps < MIN_FIT_STEPS) return { regime: 'short', reason: `${run.steps} optimizer steps, fewer than ${MIN_FIT_STEPS}: mostly warmup and plateau` };
  const h = run.unigramEntropy;
  if (h !== null && run.finalEvalLoss !== null && run.finalEvalLoss > (1 - PLATEAU_FRACTION) * h) {
    return { regime: 'plateau', reason: `final eval loss ${run.finalEvalLoss.toFixed(3)} is within ${100 * PLATEAU_FRACTION}% of the unigram entropy ${h.toFixed(3)}: the run has not left the plateau` };
  }
  return null;
}
