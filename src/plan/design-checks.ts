/**
 * Design checks: what a reviewer asks of a scaling-law experiment before it is trained
 * (shared/notes/experiment-design.md), answered from the plan alone, one line each. Which laws the
 * design can determine (distinct design points against each law's free parameters: seeds measure
 * noise and are never degrees of freedom), runs too short to leave warmup, data repeated, an
 * evaluation smaller than asked, and depths mixed within one sweep. `sweep --dry-run` prints them,
 * and `sweep` prints them before it trains.
 */
import type { DesignCount, DesignPoint } from '../fit/law-record.ts';
import { sweepLaws } from '../fit/laws/registry.ts';
import { MIN_DOF } from '../fit/trust.ts';
import type { RunConfig } from '../train/run-config.ts';
import { MIN_FIT_STEPS } from './regime.ts';

/** What the checks need of the data, beyond the plan. */
export interface DesignFacts {
  /** Unique train tokens (or examples): D above it repeats data. */
  trainUnique: number;
  /** Held-out tokens (or examples) one run's evaluation really takes (full batches, at most evalTokens). */
  evalTaken(run: RunConfig): number;
}

/** A fit a sweep will try (a law, or its +E form) and how many parameters it estimates. */
interface LawNeed {
  law: string;
  params: number;
  /** What to add when the design has too few design points. */
  more: string;
  /** Checked only when the plan has IsoFLOP budgets. */
  budgets: boolean;
  count(points: readonly DesignPoint[]): DesignCount;
}

const key = (p: DesignPoint) => `${p.N}|${p.D}`;

/** The laws the registry says `toyscale fit` tries on a sweep's runs, in its order, with their free parameters. */
function lawNeeds(): LawNeed[] {
  return sweepLaws().flatMap((r) => {
    if (!r.design) return [];
    const params = r.freeParams ?? Object.keys(r.params).length;
    const need = { more: r.design.more ?? 'distinct design points', budgets: r.design.budgets === true, count: r.design.count };
    return [{ law: r.name, params, ...need }, ...(r.design.withE ? [{ law: `${r.name}+E`, params: params + 1, ...need }] : [])];
  });
}

export interface LawVerdict {
  law: string;
  determinable: boolean;
  line: string;
}

/**
 * Per law: can this design determine it? A law needs MIN_DOF degrees of freedom over distinct
 * design points, counting only runs long enough to be fitted (collect marks shorter ones short).
 */
export function lawVerdicts(runs: readonly RunConfig[]): LawVerdict[] {
  const usable: DesignPoint[] = runs.filter((r) => r.steps >= MIN_FIT_STEPS).map((r) => ({ N: r.counts.nNonembed, D: r.tokens, budget: r.budget }));
  const out: LawVerdict[] = [];
  for (const need of lawNeeds()) {
    if (need.budgets && !runs.some((r) => r.budget !== null)) continue;
    if (usable.length === 0) {
      out.push({ law: need.law, determinable: false, line: `${need.law} cannot be determined: no run has ${MIN_FIT_STEPS} or more optimizer steps` });
      continue;
    }
    const { distinct, where, points: seen } = need.count(usable);
    const dof = distinct - need.params;
    // Runs that repeat a design point (seeds, other settings) measure noise, not the law.
    const repeats = seen.length - new Set(seen.map(key)).size;
    const seeds = repeats > 0 && distinct > 0 ? ` (${seen.length} runs: the ${repeats} that repeat a design point with another seed or setting measure noise, not degrees of freedom)` : '';
    const determinable = dof >= MIN_DOF;
    const verdict = determinable ? 'can be determined' : 'cannot be determined';
    const fix = determinable ? '' : `; want ${MIN_DOF} or more: add ${need.more}`;
    out.push({ law: need.law, determinable, line: `${need.law} ${verdict}: ${where} for ${need.params} parameters, ${Math.max(0, dof)} degree(s) of freedom${seeds}${fix}` });
  }
  return out;
}

/** Every design check, one line each: laws first, then problems of single runs. */
export function designChecks(runs: readonly RunConfig[], facts: DesignFacts): string[] {
  return [...lawVerdicts(runs).map((v) => v.line), ...designWarnings(runs, facts)];
}

/**
 * What a sweep prints before it trains: one line naming the laws the design can and cannot
 * determine (the dry run says why, law by law), then each problem of single runs.
 */
export function designSummary(runs: readonly RunConfig[], facts: DesignFacts): string[] {
  const verdicts = lawVerdicts(runs);
  const can = verdicts.filter((v) => v.determinable).map((v) => v.law);
  const cannot = verdicts.filter((v) => !v.determinable).map((v) => v.law);
  const laws = `can determine ${can.length > 0 ? can.join(', ') : 'no law'}${cannot.length > 0 ? `; not ${cannot.join(', ')}` : ''} (--dry-run says why)`;
  return [laws, ...designWarnings(runs, facts)];
}

/** Problems of single runs: too short to fit, repeating data, a cut evaluation, depths mixed. */
function designWarnings(runs: readonly RunConfig[], facts: DesignFacts): string[] {
  const lines: string[] = [];
  const ids = (rs: readonly RunConfig[]) => `${rs.slice(0, 3).map((r) => r.runId).join(', ')}${rs.length > 3 ? `, … (${rs.length} in all)` : ''}`;

  const short = runs.filter((r) => r.steps < MIN_FIT_STEPS);
  if (short.length > 0) {
    const fewest = Math.min(...short.map((r) => r.steps));
    lines.push(`${short.length} run(s) train fewer than ${MIN_FIT_STEPS} optimizer steps (fewest ${fewest}): collect marks them short and fits leave them out: ${ids(short)}`);
  }
  const repeated = runs.filter((r) => r.tokens > facts.trainUnique);
  if (repeated.length > 0) {
    const most = Math.max(...repeated.map((r) => r.tokens / facts.trainUnique));
    const counts = new Set(repeated.map((r) => r.tokens)).size;
    lines.push(
      `${repeated.length} run(s) repeat data, up to ${most.toFixed(1)} epochs of ${facts.trainUnique.toLocaleString('en-US')} unique train tokens: up to ~4 epochs costs little (Muennighoff et al. 2023), beyond that lower D or fit the data-constrained law ` +
        `(${counts >= 2 ? `fitted: ${counts} repetition counts` : `not fitted: ${counts} repetition count, 2 or more needed`}): ${ids(repeated)}`,
    );
  }
  const cut = runs.filter((r) => facts.evalTaken(r) < r.train.evalTokens);
  if (cut.length > 0) {
    const least = Math.min(...cut.map((r) => facts.evalTaken(r)));
    lines.push(`evaluation smaller than asked: train.evalTokens is ${cut[0].train.evalTokens.toLocaleString('en-US')}, the held-out split gives ${least.toLocaleString('en-US')} in full batches: ${ids(cut)}`);
  }
  const depths = [...new Set(runs.flatMap((r) => (r.model.family === 'gpt' ? [r.model.nLayer] : [])))].sort((a, b) => a - b);
  if (depths.length > 1) {
    lines.push(`the sweep mixes depths (${depths.join(', ')} layers): an exponent across them measures the switch between depths as well as size; give family.nLayer to hold depth fixed`);
  }
  return lines;
}

/** D/N of a run: tokens (or examples) per non-embedding parameter. */
export function tokensPerParameter(run: RunConfig): number {
  return run.tokens / run.counts.nNonembed;
}
