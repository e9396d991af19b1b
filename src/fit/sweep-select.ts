/**
 * Which laws a sweep's data support, and on which subset: the decisions `toyscale fit <sweepDir>`
 * makes before fitting. Each law's record says what it needs (law-record.ts `sweep.select`); this
 * asks every law in the registry, in the order a sweep fits them. Pure, so the rules are tested
 * without files.
 */
import { lawRecord, sweepLaws } from './laws/registry.ts';
import { sweepData } from './sweep-data.ts';
import type { FitOptions, FitPoint, LawName } from './types.ts';

export interface FitJob {
  law: LawName;
  /** Law-specific options (irreducible, BNSL axis); bootstrap and hold-out are added by the caller. */
  options: FitOptions;
  points: FitPoint[];
  /** Which subset, in words (e.g. "D = 1e9, 6 sizes"). */
  subset: string;
}

export interface SkippedLaw {
  law: string;
  reason: string;
}

export interface SweepSelection {
  jobs: FitJob[];
  skipped: SkippedLaw[];
}

/**
 * Every law the registry lists with a `sweep` part, in its order, on the points its record picks;
 * or skipped, with the record's reason. `only` restricts the list to one law (by name or alias; its
 * +E variant included).
 */
export function selectSweepFits(runs: readonly FitPoint[], curves: readonly FitPoint[] | null, only?: LawName): SweepSelection {
  const jobs: FitJob[] = [];
  const skipped: SkippedLaw[] = [];
  const wanted = only === undefined ? undefined : lawRecord(only).name;
  const data = sweepData(runs, curves);
  for (const record of sweepLaws()) {
    if (wanted !== undefined && record.name !== wanted) continue;
    const law = record.name;
    const picks = record.sweep.select(data);
    if ('skipped' in picks) skipped.push({ law, reason: picks.skipped });
    else for (const p of picks) jobs.push({ law, options: p.options, points: p.points, subset: p.subset });
  }
  return { jobs, skipped };
}
