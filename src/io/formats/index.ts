/**
 * Every file toyscale writes, and where its format is defined. Readers go through these schemas:
 * a file that fails its schema is reported and counts as unfinished, never as done, never a crash.
 *
 *   <sweep>/runs/<id>/config.json   run-config.ts   (written at plan time, never rewritten)
 *   <sweep>/runs/<id>/curve.csv     columns.ts CURVE_COLUMNS (appended while training)
 *   <sweep>/runs/<id>/summary.json  run-summary.ts  (written last: its presence means "ended")
 *   <sweep>/runs/<id>/error.txt     error-file.ts   (first line: why the run failed)
 *   <sweep>/runs.csv, curves.csv    columns.ts RUNS_COLUMNS, CURVES_COLUMNS (collect)
 *   <sweep>/fits.csv, fits.json     src/fit/report.ts FITS_CSV_COLUMNS, fits-file.ts (fit)
 *   <sweep>/sweep.json              sweep-meta.ts
 *   <sweep>/plan.json               plan-file.ts    (the current plan's run ids; collect takes only these)
 *   <sweep>/tuned-lr.json           tuned-lr-file.ts (a tune stage's result; its runs in <sweep>/tune/)
 *
 * All of them are written through src/io/atomic-write.ts.
 */
export { readJsonFile, valueOf, type FileRead } from './read-json.ts';
export { runConfigSchema } from './run-config.ts';
export { runSummarySchema, type RunSummary } from './run-summary.ts';
export { sweepMetaSchema, type SweepMeta } from './sweep-meta.ts';
export { CURVE_COLUMNS, CURVES_COLUMNS, RUN_STATUSES, RUNS_COLUMNS, type RunStatus } from './columns.ts';
export { readErrorReason, writeErrorFile } from './error-file.ts';
export { planFileSchema, type PlanFile } from './plan-file.ts';
export { tunedLrFileSchema, type TunedLrFile } from './tuned-lr-file.ts';
