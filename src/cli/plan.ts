/**
 * `toyscale plan --compute <FLOPs> --fit <fits.json>`: the compute-optimal model for a budget
 * from a fitted (or published) law, and what the training cluster could generate afterwards.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  computeOptimal,
  computeOptimalCI,
  FitInputError,
  inferenceThroughput,
  PLAN_PRESETS,
  planWarnings,
  type ComputeOptimal,
  type FitRange,
  type ComputeOptimalCI,
  type InferenceThroughput,
} from '../fit/index.ts';
import { num } from '../base/format.ts';
import { UserError } from '../base/user-error.ts';
import { parseFitRecords, type FitRecord } from '../io/formats/fits-file.ts';

export const planHelp = `Usage: toyscale plan --compute <FLOPs> --fit <fits.json|hoffmann|besiroglu> [options]

The compute-optimal N and D for a FLOP budget (C = 6·N·D), tokens per parameter and the predicted
loss, from an approach-3 fit in closed form (or N_opt = k_N·C^a from approach 1 or 2).
Warns when C or N_opt lie more than 10× past the largest C or N the fit saw, and when the fit
has trust flags (values not determined: see toyscale fit).

Options:
  --compute <FLOPs>      training budget, e.g. 1e21
  --fit <path|name>      fits.json written by toyscale fit, a --json fit, or a published
                         approach-3 fit: hoffmann (2022, unrounded) or besiroglu (2024)
  --law <label>          which fit in fits.json (default: chinchilla-3, else -2, else -1)
  --train-seconds <S>    also print the inference arithmetic: a cluster that trained N params on
                         m·N tokens in S seconds generates about 3·m·N/S tokens/s at the same FLOP/s
  --json                 print one JSON object
  -h, --help             this text`;

interface PlanFit {
  label: string;
  params: Record<string, number>;
  samples?: number[][];
  source: string;
  /** The largest N and C the law was fitted to; null for published fits. */
  range: FitRange | null;
  flags: { code?: string; param?: string; message: string }[];
}

export interface PlanOutput {
  /** The fit planned from, with its trust flags (empty for a published fit or a determined one). */
  fit: { label: string; source: string; params: Record<string, number>; flags: { code?: string; param?: string; message: string }[] };
  optimal: ComputeOptimal;
  ci: ComputeOptimalCI | null;
  inference: InferenceThroughput | null;
  /** Extrapolation far past the fitted range, or trust flags of the fit. */
  warnings: string[];
}

export async function planCommand(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        compute: { type: 'string' },
        fit: { type: 'string' },
        law: { type: 'string' },
        'train-seconds': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UserError(`plan: ${(e as Error).message.split('\n')[0]} (see toyscale plan --help)`);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(`${planHelp}\n`);
    return;
  }
  if (v.compute === undefined) throw new UserError('plan: --compute <FLOPs> is required');
  if (v.fit === undefined) throw new UserError('plan: --fit <fits.json> is required');
  const C = positive('--compute', v.compute);
  const seconds = v['train-seconds'] === undefined ? null : positive('--train-seconds', v['train-seconds']);
  const fit = loadFit(v.fit, v.law);
  let out: PlanOutput;
  try {
    const optimal = computeOptimal(fit.params, C);
    out = {
      fit: { label: fit.label, source: fit.source, params: fit.params, flags: fit.flags },
      optimal,
      ci: computeOptimalCI(Object.keys(fit.params), fit.samples, C),
      inference: seconds === null ? null : inferenceThroughput(optimal.N_opt, optimal.D_opt, seconds),
      warnings: planWarnings(optimal, fit.range, fit.flags),
    };
  } catch (e) {
    if (e instanceof FitInputError) throw new UserError(`plan: ${fit.source}: ${e.message}`);
    throw e;
  }
  process.stdout.write(v.json ? `${JSON.stringify(out)}\n` : `${formatPlan(out)}\n`);
}

function positive(flag: string, raw: string): number {
  const n = Number(raw);
  if (!(Number.isFinite(n) && n > 0)) throw new UserError(`plan: ${flag} must be a positive number, got "${raw}"`);
  return n;
}

function loadFit(ref: string, law: string | undefined): PlanFit {
  if (!existsSync(ref)) {
    if (ref === 'hoffmann' || ref === 'besiroglu') {
      const preset = PLAN_PRESETS[ref];
      return { label: 'chinchilla-3', params: { ...preset.params }, source: preset.citation, range: null, flags: [] };
    }
    throw new UserError(`${ref}: no such file (or published fit: hoffmann, besiroglu)`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(ref, 'utf8'));
  } catch (e) {
    throw new UserError(`${ref}: not readable JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const fits = parseFitRecords(doc);
  if (typeof fits === 'string') throw new UserError(`${ref}: ${fits}`);
  if (fits.length === 0) throw new UserError(`${ref}: no fits in this file`);
  const pick = law
    ? fits.find((f) => f.label === law || f.law === law)
    : (['chinchilla-3', 'chinchilla-2', 'chinchilla-1'].map((l) => fits.find((f) => f.law === l)).find((f) => f !== undefined) ?? undefined);
  if (!pick) {
    const have = fits.map((f) => f.label).join(', ');
    throw new UserError(`${ref}: ${law ? `no fit "${law}"` : 'no chinchilla-3, -2 or -1 fit'} (has: ${have})`);
  }
  return { label: pick.label, params: pick.params, ...(pick.samples ? { samples: pick.samples } : {}), source: ref, range: rangeOf(pick), flags: pick.flags };
}

/** The largest N and C the fit saw: its stats, or for older files its residuals; null when unknown. */
function rangeOf(f: FitRecord): FitRange | null {
  if (f.range) return f.range;
  if (f.residuals.length === 0) return null;
  return { maxN: f.residuals.reduce((m, r) => Math.max(m, r.N), 0), maxC: f.residuals.reduce((m, r) => Math.max(m, r.C), 0) };
}

export function formatPlan(o: PlanOutput): string {
  const { optimal: p, ci } = o;
  const range = (r: [number, number] | undefined | null) => (r ? `  (95% CI ${num(r[0])} to ${num(r[1])})` : '');
  // A plan from a flagged law says so before any number: its numbers are not determined either.
  const codes = [...new Set(o.fit.flags.map((f) => f.code ?? 'flagged'))];
  const lines = [
    ...(o.fit.flags.length > 0 ? [`NOT DETERMINED: ${o.fit.label} has ${o.fit.flags.length} trust flag(s) (${codes.join(', ')}), so this plan is not a measurement either; the flags are listed below.`] : []),
    `fit: ${o.fit.label} from ${o.fit.source} (${Object.entries(o.fit.params)
      .map(([k, v]) => `${k}=${num(v)}`)
      .join(', ')})`,
    `compute C          ${num(p.C)} FLOPs`,
    `N_opt              ${num(p.N_opt)} parameters${range(ci?.N_opt)}`,
    `D_opt              ${num(p.D_opt)} tokens${range(ci?.D_opt)}`,
    `tokens per param   ${num(p.tokensPerParam)}${range(ci?.tokensPerParam)}`,
    `predicted loss     ${p.loss === null ? 'n/a (this fit does not predict loss)' : num(p.loss)}${range(ci?.loss)}`,
    `method             ${p.method === 'closed-form' ? 'closed form from E, A, B, alpha, beta' : 'N_opt = k_N·C^a, D_opt = k_D·C^b'}`,
  ];
  for (const w of o.warnings) lines.push(`warning: ${w}`);
  const inf = o.inference;
  if (inf) {
    lines.push(
      '',
      `training vs inference (N = ${num(inf.N)}, m = D/N = ${num(inf.m)}, S = ${num(inf.seconds)} s):`,
      `  training ran at 6·N·D/S = ${num(inf.flopsPerSecond)} FLOP/s`,
      `  one generated token costs 2·N = ${num(inf.flopsPerToken)} FLOPs`,
      `  so the same cluster generates 3·m·N/S ≈ ${num(inf.tokensPerSecond)} tokens/s`,
    );
  }
  return lines.join('\n');
}
