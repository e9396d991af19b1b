/**
 * Published values, for the "yours next to theirs" table. Keys are this library's law and
 * parameter names, so a fit's params can be looked up one by one.
 *
 * - Kaplan et al. 2020, "Scaling Laws for Neural Language Models": eqs. 1.1–1.3 and Table 2
 *   (joint L(N, D) fit, eq. 1.5), and the compute-efficient allocation N_opt ∝ C^0.73,
 *   D_opt ∝ C^0.27 (§6). C_c is 3.1e8 PF-days in the paper; here in FLOPs (1 PF-day = 8.64e19).
 * - Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models": Table 2 (a, b per
 *   approach) and eq. 10 (approach 3).
 * - Besiroglu et al. 2024, "Chinchilla Scaling: A replication attempt": their refit of approach 3;
 *   a and b follow from alpha and beta as a = beta/(alpha + beta), b = alpha/(alpha + beta).
 */
import type { LawName } from './types.ts';

export type PublishedSource = 'kaplan' | 'hoffmann' | 'besiroglu';

export interface PublishedSet {
  citation: string;
  laws: Partial<Record<LawName, Record<string, number>>>;
}

const PF_DAY = 1e15 * 86400;

export const PUBLISHED: Record<PublishedSource, PublishedSet> = {
  kaplan: {
    citation: 'Kaplan et al. 2020',
    laws: {
      'kaplan-n': { N_c: 8.8e13, alpha_N: 0.076 },
      'kaplan-d': { D_c: 5.4e13, alpha_D: 0.095 },
      'kaplan-c': { C_c: 3.1e8 * PF_DAY, alpha_C: 0.05 },
      'kaplan-nd': { N_c: 6.4e13, D_c: 1.8e13, alpha_N: 0.076, alpha_D: 0.103 },
      'chinchilla-1': { a: 0.73, b: 0.27 },
      'chinchilla-2': { a: 0.73, b: 0.27 },
    },
  },
  hoffmann: {
    citation: 'Hoffmann et al. 2022',
    laws: {
      'chinchilla-1': { a: 0.5, b: 0.5 },
      'chinchilla-2': { a: 0.49, b: 0.51 },
      'chinchilla-3': { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28, a: 0.46, b: 0.54 },
    },
  },
  besiroglu: {
    citation: 'Besiroglu et al. 2024',
    laws: {
      'chinchilla-3': { E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658, a: 0.3658 / (0.3478 + 0.3658), b: 0.3478 / (0.3478 + 0.3658) },
    },
  },
};

/** The published value of a parameter, if the source reports one (Kaplan's +E variants share it). */
export function publishedValue(source: PublishedSource, law: LawName, param: string): number | undefined {
  const key: LawName = law === 'bnsl' ? 'bnsl-1' : law;
  return PUBLISHED[source].laws[key]?.[param];
}

/**
 * Approach-3 fits to plan with (`toyscale plan --fit hoffmann`). The table above prints what the
 * papers print; planning needs every digit, because N_opt ∝ G·C^(β/(α+β)) amplifies rounding: at
 * 5.76e23 FLOPs the rounded α = 0.34, β = 0.28 give N_opt = 3.2e10, the unrounded ones 4.0e10.
 * Hoffmann's unrounded values are those Besiroglu et al. 2024 (Epoch's replication) list for
 * Hoffmann's fit: log A = 6.0073404, log B = 6.0179186, log E = 0.5267228.
 */
export const PLAN_PRESETS: Record<'hoffmann' | 'besiroglu', { citation: string; params: Record<string, number> }> = {
  hoffmann: {
    citation: 'Hoffmann et al. 2022 (approach 3, unrounded, as listed by Besiroglu et al. 2024)',
    params: { E: Math.exp(0.5267228), A: Math.exp(6.0073404), B: Math.exp(6.0179186), alpha: 0.33917084, beta: 0.2849083 },
  },
  besiroglu: {
    citation: 'Besiroglu et al. 2024',
    params: { E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 },
  },
};

/**
 * Kaplan et al. 2020 eq. 6.1 (Figure 14): the compute-efficient model size, in non-embedding
 * parameters, N_opt ≈ 1.3e9·(C_min / PF-day)^0.73; for drawing beside a sweep's own N_opt(C).
 */
export function kaplanOptimalN(C: number): number {
  return 1.3e9 * (C / PF_DAY) ** 0.73;
}
