/**
 * Published values, for the "yours next to theirs" table: each law's record (law-record.ts) holds
 * its own per source (sources.ts); this is the lookup by law and parameter name, so a fit's params
 * can be looked up one by one.
 */
import { findLaw, LAWS } from './laws/registry.ts';
import { CITATIONS, PF_DAY, type PublishedSource } from './sources.ts';
import type { LawName } from './types.ts';

export type { PublishedSource };

export interface PublishedSet {
  citation: string;
  laws: Partial<Record<LawName, Record<string, number>>>;
}

function publishedSet(source: PublishedSource): PublishedSet {
  const laws: PublishedSet['laws'] = {};
  for (const r of LAWS) {
    const values = typeof r.published === 'string' ? undefined : r.published[source];
    if (values) laws[r.name] = { ...values };
  }
  return { citation: CITATIONS[source], laws };
}

/** Every law's published values, by source. */
export const PUBLISHED: Record<PublishedSource, PublishedSet> = { kaplan: publishedSet('kaplan'), hoffmann: publishedSet('hoffmann'), besiroglu: publishedSet('besiroglu') };

/** The published value of a parameter, if the source reports one (Kaplan's +E variants share it; aliases their law's). */
export function publishedValue(source: PublishedSource, law: LawName, param: string): number | undefined {
  const published = findLaw(law)?.published;
  const values = typeof published === 'string' ? undefined : published?.[source];
  return values && Object.hasOwn(values, param) ? values[param] : undefined;
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
