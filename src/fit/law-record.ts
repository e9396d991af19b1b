/**
 * Everything the library knows about one law, in one record: its name, formula and parameters
 * (with their kinds, for the trust flags), the published values it is compared with, which data a
 * sweep must have for it (the fit's selection and the plan's design checks), the variable it holds
 * out and draws its residuals against, and the rows it fills in the comparison table. Each law's
 * file exports its record; laws/registry.ts lists them, and every other module iterates that list.
 */
import type { Law } from './law.ts';
import type { ParamKind } from './param-kinds.ts';
import type { PublishedSource } from './sources.ts';
import type { SweepData } from './sweep-data.ts';
import type { Axis, FitOptions, FitPoint } from './types.ts';
import type { Pt } from './validate.ts';

/** One fit a sweep's selection asks for: the law's options (irreducible, BNSL axis) and its points. */
export interface SweepPick {
  options: FitOptions;
  points: FitPoint[];
  /** Which subset, in words (e.g. "D = 1e9, 6 sizes"). */
  subset: string;
}

/** A design point of a plan or a sweep: what the design checks count (seeds never). */
export interface DesignPoint {
  N: number;
  D: number;
  /** The IsoFLOP budget the run belongs to; null or absent outside IsoFLOP designs. */
  budget?: number | null;
}

/** How many distinct design points a design gives a law, where, in words, and the points behind them. */
export interface DesignCount {
  distinct: number;
  where: string;
  points: readonly DesignPoint[];
}

/** A row of the comparison table this law fills: "yours next to theirs". */
export interface CompareEntry {
  /** The row's symbol, as the table prints it (e.g. 'α_N', 'a (N_opt ∝ C^a)'); laws that estimate the same quantity share it. */
  symbol: string;
  param: string;
  /** A derived quantity (fits.json derived), not a parameter. */
  derived?: boolean;
  /**
   * This law owns the row: it comes first in the row, its published values fill the row when
   * nothing was fitted, and rows are ordered by their owners' place in the registry. One per symbol.
   */
  owner?: boolean;
}

export interface LawRecord {
  /** The name `--law`, fits.csv and fits.json use. */
  name: string;
  /** Other names `--law` accepts for it (bnsl for bnsl-1). */
  aliases?: readonly string[];
  /** Formula and reference, in words; the fitted Law's own `formula` is what fits print. */
  formula: string;
  /** Parameters of the plain form, in the fit's order, each with its kind (param-kind.ts). */
  params: Readonly<Record<string, ParamKind>>;
  /** options.irreducible adds a floor E, as the first parameter (label gains +E). */
  irreducible?: boolean;
  /** Quantities derived from the parameters, with their kinds (approach 3: a and b). */
  derived?: Readonly<Record<string, ParamKind>>;
  /** Parameters really estimated, when fewer than params (approaches 1, 2: b = 1 − a, k_D = 1/(6·k_N)). */
  freeParams?: number;
  /** The published values by source, keys as in params (and derived); or, as a string, why there are none. */
  published: Partial<Record<PublishedSource, Readonly<Record<string, number>>>> | string;
  /**
   * The law's own variable: held out at its largest value by the hold-out, and the x axis of its
   * residual plot. 'x' for laws whose variable is chosen per fit (BNSL: details.axis).
   */
  holdoutAxis: Axis | 'x';
  /** The fittable law for these options and points. */
  make(options: FitOptions, points: readonly Pt[]): Law;
  /**
   * What a sweep fits: `order` places the law in fits.csv and fits.json (ascending) and in the
   * design checks; `select` picks its points from the sweep, or says why it cannot.
   * Absent: the law is fitted only when asked for (`fit --law`).
   */
  sweep?: { order: number; select(data: SweepData): SweepPick[] | { skipped: string } };
  /**
   * The plan's design check: distinct design points the law would see in a design. `withE`: its
   * +E form is checked too; `more`: what to add when there are too few; `budgets`: checked only
   * when the design has IsoFLOP budgets.
   */
  design?: { count(points: readonly DesignPoint[]): DesignCount; withE?: boolean; more?: string; budgets?: boolean };
  /** Its rows in the comparison table (report.md, compare). */
  compare?: readonly CompareEntry[];
  /** false: left out of results/'s combined exponents figure, its exponents being another law's over again (each sweep's report keeps them). */
  combined?: false;
}

/** A record with its name (and aliases) kept as literal types, so the registry gives LawName. */
export function defineLaw<const N extends string, const A extends string = never>(record: LawRecord & { name: N; aliases?: readonly A[] }): LawRecord & { name: N; aliases?: readonly A[] } {
  return record;
}
