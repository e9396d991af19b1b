/**
 * The fitting library: pure numeric code over plain arrays (no tfjs, no files), so it is fast to
 * test and usable on anyone's data. See types.ts for the laws and their parameter names.
 */
export { deriveQuantities, fitLaw, DEFAULT_BOOTSTRAP, MAX_BOOTSTRAP } from './fit-law.ts';
export { averageReplicates } from './validate.ts';
export { percentileCI, quantile } from './bootstrap.ts';
export { FitInputError } from './errors.ts';
export { MAX_FIT_POINTS, thinPoints, thinnedWarning } from './thin.ts';
export { findLaw, isLawName, LAW_NAMES, LAWS } from './laws/registry.ts';
export type { CompareEntry, DesignCount, DesignPoint, LawRecord } from './law-record.ts';
export { CITATIONS, SOURCES } from './sources.ts';
export type { Axis, FitOptions, FitPoint, FitResult, FitStats, HoldoutResult, LawName, Residual } from './types.ts';
export { kaplanOptimalN, PLAN_PRESETS, PUBLISHED, publishedValue, type PublishedSource } from './published.ts';
export { computeOptimal, computeOptimalCI, inferenceThroughput, type ComputeOptimal, type ComputeOptimalCI, type InferenceThroughput } from './compute-optimal.ts';
export { lowerEnvelope, trimCensored, type EnvelopeSample } from './envelope.ts';
export { SIZES_NEAR_MINIMUM } from './laws/isoflop-parabola.ts';
export { predictPower } from './laws/power1.ts';
export { predictChinchilla } from './laws/chinchilla3.ts';
export { predictKaplanND } from './laws/kaplan-nd.ts';
export { predictBnsl } from './laws/bnsl.ts';
export { minimize, type LbfgsOptions, type LbfgsResult, type Objective } from './lbfgs.ts';
export { fitsCsvRows, formatTable, summaryTable, FITS_CSV_COLUMNS, type FitsCsvRow } from './report.ts';
export { selectSweepFits, type FitJob, type SkippedLaw, type SweepSelection } from './sweep-select.ts';
export { MAX_EXTRAPOLATION, planWarnings, type FitRange } from './plan-warnings.ts';
export { ALTERNATIVE_CONVENTION, MAIN_CONVENTION, type ConventionShift } from './conventions.ts';
export { mulberry32, type Rng } from './rng.ts';
