/**
 * Two conventions for N and C, and how far an exponent moves between them. Kaplan et al. (2020)
 * count non-embedding parameters and C = 6ND; Hoffmann et al. (2022) count every parameter and
 * the FLOPs of attention and the LM head (their appendix F). At toy sizes embeddings are most of
 * the parameters and counted FLOPs are 1.2–2.4× 6ND, so the choice alone can move an exponent
 * (Pearce & Song 2024; Porian et al. 2024's first correction). A sweep is fitted both ways and the
 * report shows the shift beside each exponent.
 */
import type { FitPoint, FitResult } from './types.ts';

export const MAIN_CONVENTION = 'non-embedding N, C = 6ND';
export const ALTERNATIVE_CONVENTION = 'total N, counted FLOPs';

/** What the alternative convention needs of each run: its total parameters and counted FLOPs. */
export interface TotalCounts {
  nParams: number;
  flops: number;
}

/**
 * The same points under the alternative convention: N = total parameters, C = counted FLOPs. An
 * IsoFLOP budget (nominal 6ND) becomes the geometric mean of its runs' counted FLOPs, since the
 * design held 6ND, not counted FLOPs, equal within a budget. Points whose run is unknown are dropped.
 */
export function toTotalConvention(points: readonly FitPoint[], counts: ReadonlyMap<string, TotalCounts>): FitPoint[] {
  const logSum = new Map<number, { sum: number; n: number }>();
  for (const p of points) {
    const c = p.run === undefined ? undefined : counts.get(p.run);
    if (p.budget === undefined || !c) continue;
    const s = logSum.get(p.budget) ?? { sum: 0, n: 0 };
    logSum.set(p.budget, { sum: s.sum + Math.log(c.flops), n: s.n + 1 });
  }
  const out: FitPoint[] = [];
  for (const p of points) {
    const c = p.run === undefined ? undefined : counts.get(p.run);
    if (!c) continue;
    const q: FitPoint = { ...p, N: c.nParams, C: c.flops };
    if (p.budget !== undefined) {
      const s = logSum.get(p.budget) as { sum: number; n: number };
      q.budget = Math.exp(s.sum / s.n);
    }
    out.push(q);
  }
  return out;
}

/** The exponents of each law (parameters, and quantities derived from them) whose shift the report shows. */
const EXPONENTS = new Set(['alpha_N', 'alpha_D', 'alpha_C', 'alpha', 'beta', 'a', 'b']);

export interface ConventionShift {
  /** The fit's label (kaplan-n+E, chinchilla-3, …). */
  label: string;
  param: string;
  main: number;
  alternative: number;
}

function exponentsOf(r: Pick<FitResult, 'params' | 'derived'>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of Object.entries(r.params)) if (EXPONENTS.has(k)) out.set(k, v);
  for (const [k, v] of Object.entries(r.derived?.values ?? {})) if (EXPONENTS.has(k) && !out.has(k)) out.set(k, v);
  return out;
}

/** Every exponent fitted under both conventions, main first, in the main fits' order. */
export function conventionShifts(main: readonly Pick<FitResult, 'label' | 'params' | 'derived'>[], alternative: readonly Pick<FitResult, 'label' | 'params' | 'derived'>[]): ConventionShift[] {
  const alt = new Map(alternative.map((r) => [r.label, exponentsOf(r)]));
  const out: ConventionShift[] = [];
  for (const r of main) {
    const other = alt.get(r.label);
    if (!other) continue;
    for (const [param, v] of exponentsOf(r)) {
      const w = other.get(param);
      if (w !== undefined) out.push({ label: r.label, param, main: v, alternative: w });
    }
  }
  return out;
}
