/**
 * What `toyscale fit` wrote (fits.json, or fits.csv when the JSON is missing or unreadable) as
 * one plain model. The schema names only the fields the report uses and ignores the rest, so the
 * fit stage can add fields freely; test/report/fits-format.test.ts fails if a used one changes.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SWEEP_FILES } from '../sweep-folder.ts';

const interval = z.tuple([z.number(), z.number()]);

const holdoutSchema = z.object({
  axis: z.string(),
  value: z.number(),
  quantity: z.string(),
  trainPoints: z.number().optional(),
  heldOutPoints: z.number().optional(),
  relError: z.number().nullable(),
  maxRelError: z.number().nullable().optional(),
  note: z.string().optional(),
  predictions: z.array(z.object({ x: z.number(), observed: z.number(), predicted: z.number() })).default([]),
  refitFailed: z.boolean().optional(),
  interval: z.object({ level: z.number(), low: z.number(), high: z.number(), observed: z.number(), inside: z.boolean(), draws: z.number() }).optional(),
  naive: z.object({ how: z.string(), relError: z.number(), lawRelError: z.number(), points: z.number() }).optional(),
});

const fitSchema = z.object({
  law: z.string(),
  label: z.string(),
  formula: z.string().default(''),
  params: z.record(z.string(), z.number()),
  ci: z.record(z.string(), interval).default({}),
  stats: z.object({ points: z.number(), rmseLog: z.number().optional(), bootstrapRequested: z.number().optional(), maxN: z.number().optional(), maxC: z.number().optional() }).optional(),
  residuals: z.array(z.object({ N: z.number(), D: z.number(), C: z.number(), observed: z.number(), predicted: z.number() })).default([]),
  warnings: z.array(z.string()).default([]),
  holdout: holdoutSchema.optional(),
  derived: z.object({ values: z.record(z.string(), z.number()), ci: z.record(z.string(), interval).default({}) }).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  bootstrapSamples: z.array(z.array(z.number())).optional(),
  flags: z.array(z.object({ code: z.string(), param: z.string().optional(), message: z.string() })).default([]),
});

const nestedSchema = z.object({ simple: z.string(), extended: z.string(), supported: z.string().nullable(), reason: z.string() });

const conventionsSchema = z.object({
  alternative: z.string(),
  shifts: z.array(z.object({ label: z.string(), param: z.string(), main: z.number(), alternative: z.number() })),
});

const fitsFileSchema = z.object({
  fits: z.array(fitSchema),
  skipped: z.array(z.object({ law: z.string(), reason: z.string() })).default([]),
  nested: z.array(nestedSchema).default([]),
  conventions: conventionsSchema.optional(),
});

/** Each exponent under the main convention and refitted under the alternative one (src/fit/conventions.ts). */
export type Conventions = z.infer<typeof conventionsSchema>;

export type Nested = z.infer<typeof nestedSchema>;

/** A trust flag (src/fit/trust.ts): the whole fit's when `param` is absent. */
export interface Flag {
  code: string;
  param?: string;
  message: string;
}

export type Holdout = z.infer<typeof holdoutSchema>;

/** One law's fit as fits.json holds it: what the fitter's output (src/fit FitResult) must satisfy. */
export type FitJson = z.input<typeof fitSchema>;

export interface FitRecord {
  law: string;
  label: string;
  formula: string;
  params: Record<string, number>;
  ci: Record<string, [number, number]>;
  derived: { values: Record<string, number>; ci: Record<string, [number, number]> } | null;
  points: number | null;
  rmseLog: number | null;
  holdout: Holdout | null;
  /** Which runs the law was fitted to, in words (the fit stage's details.subset). */
  subset: string | null;
  details: Record<string, unknown>;
  residuals: { N: number; D: number; C: number; observed: number; predicted: number }[];
  warnings: string[];
  bootstrapRequested: number | null;
  /** Bootstrap draws, one row per resample, columns in params order; null when not saved. */
  samples: number[][] | null;
  /** Why values of this fit are not to be trusted; from fits.csv only codes, as messages. */
  flags: Flag[];
  /** The largest N and C the law was fitted to (stats.maxN, maxC); absent in older files and from fits.csv. */
  range?: { maxN: number; maxC: number };
}

export interface FitsData {
  fits: FitRecord[];
  skipped: { law: string; reason: string }[];
  /** Nested laws (kaplan-n vs kaplan-n+E …) and which one the data support. */
  nested: Nested[];
  /** The convention-sensitivity refit; null when fits.json has none (or the fits came from fits.csv). */
  conventions: Conventions | null;
  /** Which file the fits came from; null when there were none. */
  origin: typeof SWEEP_FILES.fitsJson | typeof SWEEP_FILES.fitsCsv | null;
  /** Why fits.json could not be used, when it could not. */
  problems: string[];
}

/** The parsed file, or a one-line reason it does not have the expected shape. */
export function parseFitsJson(text: string): FitsData | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return `not JSON (${(e as Error).message})`;
  }
  const result = fitsFileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    return `unexpected format at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
  }
  return {
    fits: result.data.fits.map(fitRecord),
    skipped: result.data.skipped,
    nested: result.data.nested,
    conventions: result.data.conventions ?? null,
    origin: SWEEP_FILES.fitsJson,
    problems: [],
  };
}

/**
 * The fits of a parsed fits.json (`{fits: [...]}`) or of one fit alone (`toyscale fit --json`),
 * or a one-line reason they do not have the expected shape.
 */
export function parseFitRecords(doc: unknown): FitRecord[] | string {
  const isFile = typeof doc === 'object' && doc !== null && 'fits' in doc;
  const result = isFile ? fitsFileSchema.safeParse(doc) : fitSchema.safeParse(doc);
  if (!result.success) {
    const issue = result.error.issues[0];
    return `unexpected format at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
  }
  return 'fits' in result.data ? result.data.fits.map(fitRecord) : [fitRecord(result.data)];
}

function fitRecord(f: z.output<typeof fitSchema>): FitRecord {
  const { maxN, maxC } = f.stats ?? {};
  return {
    law: f.law,
    label: f.label,
    formula: f.formula,
    params: f.params,
    ci: f.ci as Record<string, [number, number]>,
    derived: f.derived ? { values: f.derived.values, ci: f.derived.ci as Record<string, [number, number]> } : null,
    points: f.stats?.points ?? null,
    rmseLog: f.stats?.rmseLog ?? null,
    holdout: f.holdout ?? null,
    subset: typeof f.details?.subset === 'string' ? f.details.subset : null,
    details: f.details ?? {},
    residuals: f.residuals,
    warnings: f.warnings,
    bootstrapRequested: f.stats?.bootstrapRequested ?? null,
    samples: f.bootstrapSamples ?? null,
    flags: f.flags,
    ...(maxN !== undefined && maxC !== undefined ? { range: { maxN, maxC } } : {}),
  };
}

/** fits.csv columns the fallback reads (FITS_CSV_COLUMNS in src/fit/report.ts). */
export const FITS_CSV_USED = ['law', 'param', 'value', 'ci_low', 'ci_high', 'points', 'holdout_rel_error', 'flags'] as const;

/** Fits rebuilt from fits.csv alone: parameters, CIs and hold-out errors, no curves or draws. */
export function fitsFromCsv(rows: Record<string, string>[]): Omit<FitsData, 'problems'> {
  const byLabel = new Map<string, FitRecord>();
  for (const row of rows) {
    const label = row.law;
    const value = Number(row.value);
    if (!label || !row.param || !Number.isFinite(value)) continue;
    let fit = byLabel.get(label);
    if (!fit) {
      const rel = row.holdout_rel_error === '' || row.holdout_rel_error === undefined ? null : Number(row.holdout_rel_error);
      fit = {
        law: label.replace(/\+E$/, ''),
        label,
        formula: '',
        params: {},
        ci: {},
        derived: null,
        points: row.points ? Number(row.points) : null,
        rmseLog: null,
        holdout: rel === null ? null : { axis: '?', value: Number.NaN, quantity: 'loss', relError: rel, predictions: [] },
        subset: null,
        details: {},
        residuals: [],
        warnings: [],
        bootstrapRequested: null,
        samples: null,
        flags: [],
      };
      byLabel.set(label, fit);
    }
    fit.params[row.param] = value;
    // fits.csv lists each row's flags by code; a code on every row of a law may be the fit's own,
    // but the CSV cannot say, so each is kept against its parameter: "not determined" either way.
    for (const code of (row.flags ?? '').split(/\s+/).filter((c) => c !== '')) fit.flags.push({ code, param: row.param, message: code });
    const lo = Number(row.ci_low);
    const hi = Number(row.ci_high);
    if (row.ci_low !== '' && row.ci_high !== '' && Number.isFinite(lo) && Number.isFinite(hi)) fit.ci[row.param] = [lo, hi];
  }
  return { fits: [...byLabel.values()], skipped: [], nested: [], conventions: null, origin: byLabel.size > 0 ? SWEEP_FILES.fitsCsv : null };
}

/**
 * fits.json keeps every law's bootstrap draws (`toyscale compare` takes differences from them,
 * `toyscale plan` intervals on N_opt). Indented for reading, but each innermost array of numbers
 * (an interval, one draw) on one line, so a thousand draws are a thousand lines, not five thousand.
 */
export function fitsJsonText(doc: unknown): string {
  const text = JSON.stringify(doc, null, 1);
  return `${text.replace(/\[\n\s*(-?[\d.eE+-]+(?:,\n\s*-?[\d.eE+-]+)*)\n\s*\]/g, (_m, inner: string) => `[${inner.replace(/\s+/g, '')}]`)}\n`;
}

/**
 * fits.csv and fits.json are one commit: fit writes fits.csv first and fits.json last, and
 * fits.json records the sha256 of fits.csv's bytes and of the runs.csv it was fitted to. A reader
 * that finds the hashes matching has a pair of one fit, of these runs; anything else (a crash
 * between the two renames, a collect after the fit, another sweep's fits.json copied in) is
 * refused by the report with this one-line reason.
 */
export interface FitsManifest {
  /** The runs.csv the fit read (as the command named it). */
  source: string;
  runsCsvSha256: string;
  fitsCsvSha256: string;
}

export function sha256Hex(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What fits.json must record to be taken as one commit with fits.csv. */
export const manifestSchema = z.object({ source: z.string(), runsCsvSha256: z.string(), fitsCsvSha256: z.string() });
