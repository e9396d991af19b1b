/** The columns of the CSV files: curve.csv (per run), runs.csv and curves.csv (per sweep). */

export const CURVE_COLUMNS = ['step', 'tokens', 'flops_6nd', 'flops', 'train_loss', 'eval_loss', 'lr', 'seconds'] as const;

/** DESIGN.md's stable columns first, then extras. Renaming any of the first 18 breaks users' scripts. */
export const RUNS_COLUMNS = [
  'run_id', 'sweep', 'task', 'family', 'n_params', 'n_nonembed', 'tokens', 'epochs', 'flops_6nd', 'flops',
  'final_eval_loss', 'best_eval_loss', 'status', 'seconds', 'tokens_per_s', 'backend', 'device', 'seed',
  'budget', 'target_n', 'target_d', 'steps', 'batch_size', 'context_length', 'learning_rate',
  'n_layer', 'd_model', 'n_head', 'width', 'depth', 'unigram_entropy', 'true_entropy_rate', 'noise_floor', 'reason',
  'warmup_fraction', 'toyscale_version', 'git_commit', 'data_hash', 'regime', 'regime_reason', 'eval_loss_se',
  'entropy_floor',
] as const;

export type RunsColumn = (typeof RUNS_COLUMNS)[number];

/** One runs.csv row as collect writes it: every column, and no other. */
export type RunsRow = Record<RunsColumn, unknown>;

/** The columns that make a file toyscale's runs.csv, and all the fitter needs: status, N, D, loss. */
export const RUNS_FIT_COLUMNS = ['status', 'n_nonembed', 'tokens', 'final_eval_loss'] as const satisfies readonly RunsColumn[];

/** The columns the report cannot do without. */
export const RUNS_REPORT_COLUMNS = ['run_id', ...RUNS_FIT_COLUMNS] as const satisfies readonly RunsColumn[];

/** The hyperparameters a sweep can vary between runs of one design point. */
export const SETTING_COLUMNS = ['learning_rate', 'batch_size', 'warmup_fraction', 'context_length', 'n_layer', 'd_model', 'n_head', 'width', 'depth'] as const satisfies readonly RunsColumn[];

export const CURVES_COLUMNS = ['run_id', 'n_params', 'n_nonembed', ...CURVE_COLUMNS] as const;

export type CurvesColumn = (typeof CURVES_COLUMNS)[number];

/** The curves.csv columns the report cannot do without. */
export const CURVES_REPORT_COLUMNS = ['run_id', 'n_nonembed', 'tokens', 'eval_loss'] as const satisfies readonly CurvesColumn[];

/**
 * runs.csv `status`: done and diverged runs have a summary; failed ones an error.txt (or a worker
 * that died without one, recorded by its sweep); unfinished ones neither, or files that fail their
 * schema (the reason column says which).
 */
export const RUN_STATUSES = ['done', 'diverged', 'failed', 'unfinished'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
