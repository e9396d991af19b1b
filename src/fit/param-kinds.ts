/**
 * What each parameter of each law is, for the trust flags (trust.ts): an exponent (judged by its
 * interval's sign and relative width), a coefficient (judged by how many decades its interval
 * spans), a floor (an irreducible loss, judged against its bound 0), or a normalization (approaches
 * 1 and 2's k_N and k_D: the allocation line's value at C = 1 FLOP, 18 or more decades below any
 * budget, so its interval spans decades whenever a's has any width; no paper reports it, and N_opt
 * within the budgets, what `plan` uses, is judged by the hold-out instead). The same name means
 * different things in different laws (approach 1's `a` is an exponent, a broken power law's `a` is
 * its floor), so the table is keyed by law.
 */
import type { LawName } from './types.ts';

export type ParamKind = 'exponent' | 'coefficient' | 'floor' | 'normalization';

/** The floor parameter of a law (E, or a for broken power laws), or null when it has none. */
export function floorParamOf(law: LawName, params: Readonly<Record<string, number>>): string | null {
  if (law.startsWith('bnsl')) return 'a';
  return 'E' in params ? 'E' : null;
}

/**
 * The kind of a parameter or derived quantity. Broken power laws: c0 and each c_i are exponents
 * (slopes in log–log), b and each d_i (a break's location) coefficients, each f_i (a break's
 * sharpness) a coefficient too, since it is a scale in log x. Unknown names are coefficients: a
 * law added later is judged by decades until it says otherwise. The data-constrained law's R_D
 * (repetitions after which more epochs stop paying) is a coefficient: a scale, judged by decades.
 */
export function paramKind(law: LawName, param: string): ParamKind {
  if (law.startsWith('bnsl') ? param === 'a' : param === 'E') return 'floor';
  if (law.startsWith('bnsl')) return /^c\d+$/.test(param) ? 'exponent' : 'coefficient';
  if ((law === 'chinchilla-1' || law === 'chinchilla-2') && (param === 'k_N' || param === 'k_D')) return 'normalization';
  if (/^alpha(_[NDC])?$/.test(param) || param === 'beta') return 'exponent';
  if ((law === 'chinchilla-1' || law === 'chinchilla-2' || law === 'chinchilla-3' || law === 'data-constrained') && (param === 'a' || param === 'b')) return 'exponent';
  return 'coefficient';
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
