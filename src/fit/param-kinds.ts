/**
 * What each parameter of each law is, for the trust flags (trust.ts): an exponent (judged by its
 * interval's sign and relative width), a coefficient (judged by how many decades its interval
 * spans), a floor (an irreducible loss, judged against its bound 0), or a normalization (approaches
 * 1 and 2's k_N and k_D: the allocation line's value at C = 1 FLOP, 18 or more decades below any
 * budget, so its interval spans decades whenever a's has any width; no paper reports it, and N_opt
 * within the budgets, what `plan` uses, is judged by the hold-out instead). The same name means
 * different things in different laws (approach 1's `a` is an exponent, a broken power law's `a` is
 * its floor), so each law's record states its own.
 */
import { lawRecord } from './laws/registry.ts';
import type { LawName } from './types.ts';

export type ParamKind = 'exponent' | 'coefficient' | 'floor' | 'normalization';

/** The floor parameter of a fit (E, or a for broken power laws), or null when it has none. */
export function floorParamOf(law: LawName, params: Readonly<Record<string, number>>): string | null {
  return Object.keys(params).find((p) => paramKind(law, p) === 'floor') ?? null;
}

/**
 * The kind of a parameter or derived quantity, as the law's record (law-record.ts) states it; an
 * irreducible form's E is a floor. Unknown names are coefficients: judged by decades.
 */
export function paramKind(law: LawName, param: string): ParamKind {
  const r = lawRecord(law);
  if (r.irreducible && param === 'E') return 'floor';
  const own = (kinds: Readonly<Record<string, ParamKind>> | undefined) => (kinds && Object.hasOwn(kinds, param) ? kinds[param] : undefined);
  return own(r.params) ?? own(r.derived) ?? 'coefficient';
}

/**
 * Whether a parameter's meaning depends on the law's floor: in L = E + (N_c/N)^alpha_N the
 * exponent is the slope of L − E, so with E undetermined alpha_N (and N_c with it) is the slope of
 * an undetermined quantity. Approach 3's derived allocation exponents a and b are properties of
 * the loss surface's shape along the compute frontier and do not; the floor itself does not.
 */
export function dependsOnFloor(law: LawName, param: string, derived: boolean): boolean {
  if (derived) return false;
  return paramKind(law, param) !== 'floor';
}
