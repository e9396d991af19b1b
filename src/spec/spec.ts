/**
 * The sweep spec: what a file in experiments/ default-exports. The zod schema is the single
 * source of truth; the TypeScript types are inferred from it so a typo fails before training.
 * It composes the schemas their consumers own: the task (src/data/task.ts), the model family
 * (src/models/family-registry.ts) and a run's training settings (src/train/settings.ts), which
 * the spec extends with axes and rules.
 */
import { distance as editDistance } from 'fastest-levenshtein';
import { z } from 'zod';
import { taskSchema } from '../data/task.ts';
import { familySchema } from '../models/family-registry.ts';
import { trainSettingsSchema } from '../train/settings.ts';

const positiveInt = z.number().int().positive();

/** A hyperparameter axis: one value, or a list the sweep trains every value of. */
function axis<T extends z.ZodType<number>>(value: T) {
  return z.union([value, z.array(value).min(1)]);
}

/** Targets for N are non-embedding parameters for gpt (Kaplan's N) and all parameters for mlp. */
export const gridDesignSchema = z.strictObject({
  kind: z.literal('grid'),
  n: z.array(positiveInt).min(1),
  /** Tokens (or examples) to train on. */
  d: z.array(positiveInt).min(1),
});

/**
 * Where an IsoFLOP design expects each budget's compute-optimal N: `tokensPerParameter` r gives
 * N_opt = sqrt(C / (6r)) (C = 6·N·D with D = r·N; Hoffmann et al. 2022 found r ≈ 20), a power law
 * N_opt = n0 · (C / c0)^exponent carries a prior fit's answer, and 'hoffmann' is r = 20.
 */
export const isoflopCentreSchema = z.union([
  z.literal('hoffmann'),
  z.strictObject({ tokensPerParameter: z.number().positive() }),
  z.strictObject({ n0: z.number().positive(), c0: z.number().positive(), exponent: z.number().positive() }),
]);

export const isoflopDesignSchema = z.strictObject({
  kind: z.literal('isoflop'),
  /** Training compute budgets in FLOPs (6·N·D). */
  budgets: z.array(z.number().positive()).min(1),
  pointsPerBudget: positiveInt.min(3).default(5),
  /** One size range for every budget: sizes log-spaced from nMin to nMax. Give these, or `centre`. */
  nMin: positiveInt.optional(),
  nMax: positiveInt.optional(),
  /** Sizes centred on each budget's expected N_opt, log-spaced from N_opt / span to N_opt · span. */
  centre: isoflopCentreSchema.optional(),
  /** With `centre`: how far the sizes reach on each side of N_opt (4: from ¼× to 4×, two flanks for the parabola). */
  span: z.number().gt(1).default(4),
});

export const designSchema = z.discriminatedUnion('kind', [gridDesignSchema, isoflopDesignSchema]);

/**
 * A per-size learning-rate rule: lr(N) = lr0 · (N / n0)^exponent at each run's target N (e.g.
 * what a tune stage found on another sweep). N is the design's N: non-embedding for gpt.
 */
export const lrRuleSchema = z.strictObject({
  perSize: z.literal('power-law'),
  n0: z.number().positive(),
  lr0: z.number().positive(),
  exponent: z.number().finite(),
});

/**
 * The spec's training settings: a run's, where learning rate, batch size and warmup may also be
 * axes (lists: every value is trained, and fits keep the best per (N, D)), and the learning rate
 * may be a per-size rule.
 */
export const trainSpecSchema = trainSettingsSchema.extend({
  batchSize: axis(positiveInt).default(16),
  learningRate: z.union([z.number().positive(), z.array(z.number().positive()).min(1), lrRuleSchema]).default(3e-3),
  warmupFraction: axis(z.number().min(0).max(0.5)).default(0.05),
});

/**
 * A tune stage run before the main sweep: at each size, a log-spaced learning-rate grid trained
 * on a short budget; a parabola in log LR through each minimum and its neighbours gives the best
 * LR per size, and a power law in N through those gives the LR the main sweep trains each size at
 * (see src/fit/lr-tune.ts). The runs live in <sweep>/tune/, the result in tuned-lr.json.
 */
export const tuneSchema = z.strictObject({
  learningRates: z.strictObject({
    min: z.number().positive(),
    max: z.number().positive(),
    /** Grid points, log-spaced from min to max inclusive. */
    points: positiveInt.min(3).default(5),
  }),
  /**
   * Tokens (or examples) each tuning run trains on. A list is several horizons: every size is tuned
   * at each, and lr(N, D) = c·N^k_N·D^k_D is fitted, so a main run trains at the LR for its own D
   * (the best LR falls as runs grow longer; one short horizon overstates it for long runs).
   */
  tokens: z.union([positiveInt, z.array(positiveInt).min(1)]),
  /** Sizes (target N) to tune at; default: every size of the design. */
  sizes: z.array(positiveInt).min(2).optional(),
  /** Two seeds by default: one seed's loss-vs-LR row zigzags by as much as neighbouring LRs differ. */
  seeds: z.array(z.number().int().nonnegative()).min(1).default([0, 1]),
  /** 'power-law': each main size trains at the fitted lr(N) law; 'per-size': at its own tuned LR. */
  use: z.enum(['power-law', 'per-size']).default('power-law'),
  /**
   * Batch sizes tuned beside the learning rate: every grid point trains at each, and the main
   * sweep trains at the one whose tuned runs reach the lowest loss, at its own learning rates
   * (src/fit/batch-tune.ts). Absent: every run trains at train.batchSize.
   */
  batchSizes: z.array(positiveInt).min(2).optional(),
});

export const sweepSpecSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" or "-"'),
  description: z.string().default(''),
  task: taskSchema,
  family: familySchema,
  design: designSchema,
  train: trainSpecSchema.default(trainSpecSchema.parse({})),
  tune: tuneSchema.optional(),
  seeds: z.array(z.number().int().nonnegative()).min(1).default([0]),
});

export type SweepSpecInput = z.input<typeof sweepSpecSchema>;
export type SweepSpec = z.output<typeof sweepSpecSchema>;
export type DesignSpec = z.output<typeof designSchema>;
export type IsoflopCentre = z.output<typeof isoflopCentreSchema>;
export type LrRule = z.output<typeof lrRuleSchema>;

/** Helper for experiment files: type-checks the object and returns it unchanged. */
export function defineSweep(spec: SweepSpecInput): SweepSpecInput {
  return spec;
}

/** Validates a spec; a failure names each bad field and value. */
export function parseSweepSpec(raw: unknown, source: string): SweepSpec {
  const result = sweepSpecSchema.safeParse(raw);
  if (result.success) {
    const conflict = crossFieldProblem(result.data);
    if (conflict) throw new SpecError(`${source}: invalid sweep spec: ${conflict}`);
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const rule = ruleProblem(raw, issue.path);
    if (issue.code === 'invalid_union' && rule) return rule;
    const path = issue.path.length ? issue.path.join('.') : '(root)';
    if (issue.code === 'unrecognized_keys') return `${path}: ${issue.keys.map((key) => unknownKey(key, issue.path)).join(', ')}`;
    const value = valueAt(raw, issue.path);
    const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
    return `${path}: ${issue.message}${shown}`;
  });
  throw new SpecError(`${source}: invalid sweep spec: ${problems.join('; ')}`);
}

/**
 * An object where a learning rate goes can only be the per-size rule: its own problem (an
 * unknown or missing field of the rule, named), not the union's "Invalid input".
 */
function ruleProblem(raw: unknown, path: PropertyKey[]): string | null {
  const value = valueAt(raw, path);
  if (path[0] !== 'train' || path[1] !== 'learningRate' || path.length !== 2 || value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const parsed = lrRuleSchema.safeParse(value);
  if (parsed.success) return null;
  // A misspelt field first: it explains the "missing" one beside it.
  const issue = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0];
  const at = [...path, ...issue.path];
  if (issue.code === 'unrecognized_keys') return `${at.join('.')}: ${issue.keys.map((key) => unknownKey(key, at)).join(', ')}`;
  const shown = valueAt(raw, at);
  return `${at.join('.')}: ${issue.message}${shown === undefined ? '' : ` (got ${JSON.stringify(shown)})`}`;
}

/** Combinations each field allows alone but not together; one line, or null. */
function crossFieldProblem(spec: SweepSpec): string | null {
  const { design, tune, train, family } = spec;
  if (design.kind === 'isoflop') {
    const range = design.nMin !== undefined || design.nMax !== undefined;
    if (range && design.centre !== undefined) return 'design: give either nMin and nMax (one size range for every budget) or centre (sizes around each budget\'s N_opt), not both';
    if (!design.centre && (design.nMin === undefined || design.nMax === undefined)) return 'design: an IsoFLOP design needs nMin and nMax, or centre (e.g. centre: { tokensPerParameter: 20 })';
    if (design.nMin !== undefined && design.nMax !== undefined && design.nMin >= design.nMax) return `design: nMin (${design.nMin}) must be below nMax (${design.nMax})`;
  }
  if (family.kind === 'gpt' && family.nLayer !== undefined && Array.isArray(family.aspectRatio)) return 'family: aspectRatio cannot be an axis with a fixed nLayer (depth is fixed, width follows N)';
  if (tune) {
    if (tune.learningRates.min >= tune.learningRates.max) return `tune.learningRates: min (${tune.learningRates.min}) must be below max (${tune.learningRates.max})`;
    if (typeof train.learningRate !== 'number') return 'train.learningRate: a tune stage chooses the learning rate per size; give no list or rule beside it';
    if (tune.batchSizes && new Set(tune.batchSizes).size !== tune.batchSizes.length) return `tune.batchSizes: each batch size once (got ${tune.batchSizes.join(', ')})`;
    if (Array.isArray(train.batchSize) && train.batchSize.length > 1) return 'train.batchSize: with a tune stage, list the batch sizes to try as tune.batchSizes (one LR law per batch size), not as an axis';
  }
  return null;
}

/** The fields an object at this path of a spec may have (every kind's, for a task, family or design). */
function fieldsAt(path: PropertyKey[]): string[] {
  const keysOf = (...schemas: Array<{ shape: Record<string, unknown> }>) => [...new Set(schemas.flatMap((schema) => Object.keys(schema.shape)))];
  if (path[0] === 'train' && path[1] === 'learningRate') return keysOf(lrRuleSchema);
  if (path[0] === 'tune' && path[1] === 'learningRates') return keysOf(tuneSchema.shape.learningRates);
  if (path[0] === 'design' && path[1] === 'centre') return ['tokensPerParameter', 'n0', 'c0', 'exponent'];
  switch (path[0]) {
    case undefined:
      return keysOf(sweepSpecSchema);
    case 'task':
      return keysOf(...taskSchema.options);
    case 'family':
      return keysOf(...familySchema.options);
    case 'design':
      return keysOf(...designSchema.options);
    case 'train':
      return keysOf(trainSpecSchema);
    case 'tune':
      return keysOf(tuneSchema);
    default:
      return [];
  }
}

/** 'unknown field "learningrate" (did you mean "learningRate"?)', when a known field is close. */
function unknownKey(key: string, path: PropertyKey[]): string {
  const near = closest(key, fieldsAt(path));
  return `unknown field ${JSON.stringify(key)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}`;
}

/** The field within edit distance 2 of key (ignoring case), nearest first; none if none is. */
function closest(key: string, fields: string[]): string | undefined {
  let best: { field: string; distance: number } | undefined;
  for (const field of fields) {
    const distance = editDistance(key.toLowerCase(), field.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { field, distance };
  }
  return best?.field;
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let node: unknown = raw;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

export class SpecError extends Error {}
