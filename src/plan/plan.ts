/**
 * Plan: a pure function from a validated spec (plus what the dataset fixes: vocabulary or input
 * size) to the list of fully resolved runs. It reads no files and trains nothing.
 */
import type { DataShape } from '../models/family.ts';
import { allFamilies, familyOf, modelCounts } from '../models/family-registry.ts';
import type { ModelShape } from '../models/shapes.ts';
import { BYTES_PER_PARAMETER, formatBytes, trainingBytes } from './memory.ts';
import { buildRunConfig, tokensPerStepOf, type RunConfig } from '../train/run-config.ts';
import { canonicalJson, runIdFor } from './run-id.ts';
import type { DesignSpec, IsoflopCentre, LrRule, SweepSpec } from '../spec/spec.ts';
import type { TrainSettings } from '../train/settings.ts';

type IsoflopDesign = Extract<DesignSpec, { kind: 'isoflop' }>;


/** A spec that cannot be planned (wrong family for the task, a model too big to train here). */
export class PlanError extends Error {}

export interface PlanLimits {
  /** Memory one run may use (bytes); a run estimated above it is refused. Default: no limit. */
  memoryBytes?: number;
}

/** Fewer optimizer steps than this and a run is mostly warmup: refused at plan time. */
export const MIN_STEPS = 20;

interface Point {
  n: number;
  d: number;
  budget: number | null;
}

/** One combination of the spec's hyperparameter axes: the run's settings and its shape rule. */
interface Setting {
  train: TrainSettings;
  /** The learning rate, when it depends on N (a rule, or a tune stage's result). */
  lrFor: ((n: number, d: number) => number) | null;
  aspectRatio: number | null;
}

/** What a tune stage found: the learning rate a main run of this target N and D trains at (see tune-stage.ts). */
export type LearningRateForSize = (targetN: number, targetD: number) => number;

/** A tune stage's result as the main plan uses it: each run's learning rate, and the batch size it chose, if it tuned one. */
export interface TunedSettings {
  lrFor: LearningRateForSize;
  batchSize?: number;
}

/**
 * Every run of the sweep: design points × hyperparameter settings × seeds. With `tuned` (a spec
 * with a tune block, after its tune stage) each size trains at the learning rate it gives, and at
 * the batch size it chose.
 */
export function planSweep(spec: SweepSpec, data: DataShape, limits: PlanLimits = {}, tuned?: TunedSettings): RunConfig[] {
  const memory = limits.memoryBytes ?? Infinity;
  const batched = (s: Setting): Setting => (tuned?.batchSize === undefined ? s : { ...s, train: { ...s.train, batchSize: tuned.batchSize } });
  const settings = tuned ? settingsOf(spec).map((s) => batched({ ...s, lrFor: tuned.lrFor })) : settingsOf(spec);
  return planPoints(spec, data, designPoints(spec, data, memory), settings, spec.seeds, memory);
}

/**
 * The design points (target N and D) the main plan trains, as the plan keeps them (targets the
 * shape solver rounds to one run counted once): what a tune stage is asked learning rates for,
 * before any is known. Refuses, as planSweep does, a design that cannot be trained.
 */
export function planTargets(spec: SweepSpec, data: DataShape, limits: PlanLimits = {}): Array<{ n: number; d: number }> {
  const memory = limits.memoryBytes ?? Infinity;
  const settings = settingsOf(spec).map((s) => ({ ...s, lrFor: () => s.train.learningRate }));
  return planPoints(spec, data, designPoints(spec, data, memory), settings, spec.seeds, memory).map((run) => run.target);
}

/**
 * The tune stage's runs: at each tuned size and each horizon of tune.tokens, every learning rate
 * of the log-spaced grid (at each of tune.batchSizes, when given), for each tune seed. Sweep name
 * "<name>.tune", so their ids differ from any main run's. Empty when the spec has no tune block.
 */
export function planTuneRuns(spec: SweepSpec, data: DataShape, limits: PlanLimits = {}): RunConfig[] {
  const { tune } = spec;
  if (!tune) return [];
  const memory = limits.memoryBytes ?? Infinity;
  const sizes = tune.sizes ?? [...new Set(designPoints(spec, data, memory).map((p) => p.n))].sort((a, b) => a - b);
  const grid = learningRateGrid(tune.learningRates);
  const base = settingsOf(spec);
  const atBatches = (s: Setting): Setting[] => (tune.batchSizes ? tune.batchSizes.map((batchSize) => ({ ...s, train: { ...s.train, batchSize } })) : [s]);
  const settings = grid.flatMap((lr) => base.flatMap((s) => atBatches({ ...s, train: { ...s.train, learningRate: lr }, lrFor: null })));
  const horizons = Array.isArray(tune.tokens) ? tune.tokens : [tune.tokens];
  const points = sizes.flatMap((n) => horizons.map((d) => ({ n, d, budget: null })));
  return planPoints({ ...spec, name: tuneSweepName(spec.name) }, data, points, settings, tune.seeds, memory);
}

export function tuneSweepName(name: string): string {
  return `${name}.tune`;
}

/** min … max, `points` values log-spaced, ends included (rounded to 4 significant digits). */
export function learningRateGrid(range: { min: number; max: number; points: number }): number[] {
  const { min, max, points } = range;
  return Array.from({ length: points }, (_, i) => Number(Math.exp(Math.log(min) + ((Math.log(max) - Math.log(min)) * i) / (points - 1)).toPrecision(4)));
}

/** lr(N) = lr0 · (N / n0)^exponent. */
export function lrFromRule(rule: LrRule, n: number): number {
  return rule.lr0 * (n / rule.n0) ** rule.exponent;
}

function planPoints(spec: SweepSpec, data: DataShape, points: Point[], settings: Setting[], seeds: number[], memory: number): RunConfig[] {
  const runs: RunConfig[] = [];
  const seen = new Set<string>();
  for (const point of points) {
    for (const setting of settings) {
      for (const seed of seeds) {
        const run = resolveRun(spec, data, point, setting, seed, memory);
        // Two targets the shape solver rounds to the same model and D would train the same thing
        // twice: keep the first (its id is unchanged, since ids hash the target too). A learning
        // rate that follows the target (a rule, a tune stage) does not make them two runs.
        const key = trainedIdentity(run, setting.lrFor !== null);
        if (seen.has(key)) continue;
        seen.add(key);
        runs.push(run);
      }
    }
  }
  return runs;
}

/**
 * The product of the spec's axes (learning rate, batch size, warmup, aspect ratio), in that
 * nesting order. A spec without lists has one setting whose train object is exactly spec.train's
 * values, so its run ids do not depend on how axes are expanded.
 */
function settingsOf(spec: SweepSpec): Setting[] {
  const { train, family } = spec;
  const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
  const lrs: Array<number | LrRule> = typeof train.learningRate === 'number' || Array.isArray(train.learningRate) ? list(train.learningRate) : [train.learningRate];
  const ratios: Array<number | null> = 'aspectRatio' in family ? list(family.aspectRatio) : [null];
  const out: Setting[] = [];
  for (const lr of lrs) {
    for (const batchSize of list(train.batchSize)) {
      for (const warmupFraction of list(train.warmupFraction)) {
        for (const aspectRatio of ratios) {
          const rule = typeof lr === 'number' ? null : lr;
          out.push({ train: { ...train, learningRate: rule ? rule.lr0 : (lr as number), batchSize, warmupFraction }, lrFor: rule ? (n) => lrFromRule(rule, n) : null, aspectRatio });
        }
      }
    }
  }
  return out;
}

/** Everything that decides what is trained: the config without the run id and the target (and the LR, when it follows the target). */
function trainedIdentity(run: RunConfig, lrFollowsTarget: boolean): string {
  const { runId: _id, target: _target, ...rest } = run;
  return canonicalJson(lrFollowsTarget ? { ...rest, train: { ...rest.train, learningRate: null } } : rest);
}

function designPoints(spec: SweepSpec, data: DataShape, memory: number): Point[] {
  const { design } = spec;
  // IsoFLOP sizes are placed with the first setting's shape rule (the spec's first aspect ratio).
  const first = settingsOf(spec)[0];
  if (design.kind === 'grid') return design.n.flatMap((n) => design.d.map((d) => ({ n, d, budget: null })));
  // IsoFLOP: per budget C, pointsPerBudget sizes log-spaced over the budget's size range; D = C / (6N)
  // with the N the shape solver reaches.
  const points: Point[] = [];
  for (const budget of design.budgets) {
    for (const n of isoflopSizes(design, budget)) {
      const shape = shapeFor(spec, data, n, first, memory);
      const d = budget / (6 * modelCounts(shape).nNonembed);
      points.push({ n, d: Math.round(d), budget });
    }
  }
  return points;
}

/**
 * One budget's target sizes: log-spaced from nMin to nMax, or with a centre from N_opt / span to
 * N_opt · span around the budget's expected N_opt, so every parabola has a flank on each side.
 */
export function isoflopSizes(design: IsoflopDesign, budget: number): number[] {
  const k = design.pointsPerBudget;
  const [lo, hi] = design.centre ? [expectedNopt(design.centre, budget) / design.span, expectedNopt(design.centre, budget) * design.span] : [design.nMin as number, design.nMax as number];
  return Array.from({ length: k }, (_, i) => Math.round(Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * i) / (k - 1))));
}

/** Tokens per parameter at the compute optimum in Hoffmann et al. (2022): D_opt ≈ 20·N_opt. */
export const HOFFMANN_TOKENS_PER_PARAMETER = 20;

/** The compute-optimal N a centre expects at budget C (FLOPs, 6·N·D). */
export function expectedNopt(centre: IsoflopCentre, budget: number): number {
  if (centre === 'hoffmann') return Math.sqrt(budget / (6 * HOFFMANN_TOKENS_PER_PARAMETER));
  if ('tokensPerParameter' in centre) return Math.sqrt(budget / (6 * centre.tokensPerParameter));
  return centre.n0 * (budget / centre.c0) ** centre.exponent;
}

function shapeFor(spec: SweepSpec, data: DataShape, targetN: number, setting: Setting, memory: number): ModelShape {
  const { family } = spec;
  // Before solving: the solver's search grows with N, and weights alone already exceed memory.
  if (targetN * BYTES_PER_PARAMETER > memory) {
    throw new PlanError(`sweep ${spec.name}: a model of N = ${targetN.toExponential(2)} needs at least ${formatBytes(targetN * BYTES_PER_PARAMETER)} to train (fp32 weights, gradients, AdamW moments), more than the ${formatBytes(memory)} available`);
  }
  const record = familyOf(family.kind);
  if (data.kind !== record.data) {
    const gives = data.kind === 'sequence' ? 'tokens' : 'regression examples';
    const others = allFamilies().filter((f) => f.data === data.kind).map((f) => f.kind);
    throw new PlanError(`sweep ${spec.name}: family ${family.kind} needs ${record.tasks}, but ${spec.task.kind} gives ${gives}: use family ${others.join(' or ')}, or one of those tasks`);
  }
  return record.solve(family, targetN, data, { contextLength: setting.train.contextLength, aspectRatio: setting.aspectRatio });
}

function resolveRun(spec: SweepSpec, data: DataShape, point: Point, setting: Setting, seed: number, memory: number): RunConfig {
  const model = shapeFor(spec, data, point.n, setting, memory);
  const train = setting.lrFor ? { ...setting.train, learningRate: Number(setting.lrFor(point.n, point.d).toPrecision(4)) } : setting.train;
  const steps = Math.max(1, Math.round(point.d / tokensPerStepOf(model, train.batchSize)));
  const config = buildRunConfig({
    sweep: spec.name,
    seed,
    task: spec.task,
    model,
    train,
    steps,
    target: { n: point.n, d: point.d },
    budget: point.budget,
  });
  const bytes = trainingBytes(config);
  if (bytes > memory) {
    throw new PlanError(`sweep ${spec.name}: the run at N = ${point.n.toExponential(2)}, batch ${train.batchSize} needs about ${formatBytes(bytes)} to train (weights, AdamW state, activations), more than the ${formatBytes(memory)} available; use a smaller n or batchSize`);
  }
  if (steps < MIN_STEPS) {
    throw new PlanError(`sweep ${spec.name}: the run at N = ${point.n.toExponential(2)}, D = ${point.d.toExponential(2)} has ${steps} optimizer step(s) of ${tokensPerStepOf(model, train.batchSize)} tokens; at least ${MIN_STEPS} are needed for warmup and decay to mean anything: raise D (or the budget) or lower batchSize`);
  }
  return { runId: runIdFor(config), ...config };
}
