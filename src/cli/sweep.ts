/** `toyscale sweep <spec.ts>`: its flags parsed into a SweepRequest for src/pipeline/run-sweep.ts (or dry-run-sweep.ts). */
import { BACKENDS, isBackendRequest } from '../backend/names.ts';
import { UserError } from '../base/user-error.ts';
import { defaultProgressMode, type ProgressMode } from '../execute/progress.ts';
import { resolveShard, ShardError, type Shard } from '../execute/shard.ts';
import { dryRunSweep } from '../pipeline/dry-run-sweep.ts';
import { runSweep } from '../pipeline/run-sweep.ts';
import type { SweepRequest } from '../pipeline/sweep-request.ts';
import { parseCommandArgs, positiveInt } from './args.ts';
import { watchBesideSweep } from './watch.ts';

export const sweepHelp = `Usage: toyscale sweep <spec.ts> [options]

Plans the sweep in <spec.ts>, trains every run that is not finished yet (each in its own
process), then collects runs.csv and curves.csv, fits the scaling laws (fits.csv, fits.json) and
writes report.md, all under <out>/<sweep name>/. Rerunning the same command resumes: finished
runs are skipped, unfinished ones are trained again from the start. Ctrl-C stops cleanly.

Options:
  --backend <name>     auto (default), tensorflow-gpu, webgpu, tensorflow, wasm or cpu
  --workers <K>        runs trained at once (default: one per core on wasm/cpu, K per GPU)
  --workers-per-gpu <K>  runs trained at once on each GPU (default: what --dry-run measured for
                       this backend and device, kept in <out>/<sweep>/runs-per-gpu.json, else 1)
  --out <dir>          where sweeps go (default: runs, which git ignores; results/ holds the
                       committed reference sweeps that npm run regenerate rebuilds)
  --dry-run            print the plan and the estimated time on the chosen backend (measured by
                       timing a few steps of the smallest and largest model); on a GPU also measure
                       the sweep's tokens/s with 1, 2, 4 and 8 runs at once and keep the best K;
                       train nothing
  --no-estimate        with --dry-run: skip the timing, print the plan only
  --progress <mode>    bar (default on a terminal), lines (default otherwise: elapsed, ETA and
                       each run's latest eval loss), json (events on stderr, the fit's JSON
                       object on stdout), quiet
  --shard <I/N>        train only shard I of N (1 ≤ I ≤ N); shards share <out> and the last one
                       to finish collects, fits and reports (or run toyscale collect)
  --shards <N>         the shard count when the index comes from the environment
  --watch              serve a live page of the curves while the sweep runs (see toyscale watch)
  --tune-only          with a tune block: train and fit the tune stage only (tune/, tuned-lr.json);
                       run this before sharding such a sweep
  --verbose            when it ends, print every fitted value with its trust flags (toyscale
                       fit's table); by default only the determined values and a count of the rest
  -h, --help           this help

Shards from the environment (when --shard is not given):
  Slurm array jobs     SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT (see scripts/slurm-sweep.sh)
  Kubernetes           JOB_COMPLETION_INDEX (indexed Job), with --shards N or TOYSCALE_SHARD_COUNT=N
  --shard 1/1 trains everything even inside an array job.`;

const PROGRESS_MODES: ProgressMode[] = ['bar', 'lines', 'json', 'quiet'];

/** Users' sweeps go here (git-ignored); results/ is for the committed reference sweeps. */
export const DEFAULT_OUT = 'runs';

export async function sweepCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs('sweep', argv, {
    backend: { type: 'string', default: 'auto' },
    workers: { type: 'string' },
    'workers-per-gpu': { type: 'string' },
    out: { type: 'string', default: DEFAULT_OUT },
    'dry-run': { type: 'boolean', default: false },
    'no-estimate': { type: 'boolean', default: false },
    progress: { type: 'string' },
    shard: { type: 'string' },
    shards: { type: 'string' },
    watch: { type: 'boolean', default: false },
    'tune-only': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  });
  if (values.help) return void console.log(sweepHelp);
  const file = positionals[0];
  if (!file) throw new UserError('sweep: give a spec file, e.g. toyscale sweep experiments/default.ts');
  if (positionals.length > 1) throw new UserError(`sweep: one spec file at a time, got ${positionals.length}`);
  // Check every argument before anything is loaded or written.
  if (!isBackendRequest(values.backend)) throw new UserError(`unknown backend "${values.backend}": choose auto, ${BACKENDS.join(', ')}`);
  const workers = positiveInt('sweep', 'workers', values.workers);
  const perGpuFlag = positiveInt('sweep', 'workers-per-gpu', values['workers-per-gpu']);
  const progress = (values.progress ?? defaultProgressMode()) as ProgressMode;
  if (!PROGRESS_MODES.includes(progress)) throw new UserError(`sweep: --progress must be one of ${PROGRESS_MODES.join(', ')}, got "${values.progress}"`);
  const shard = shardOrUserError(values.shard, positiveInt('sweep', 'shards', values.shards));

  const request: SweepRequest = {
    specFile: file,
    backend: values.backend,
    workers,
    workersPerGpu: perGpuFlag,
    out: values.out,
    progress,
    shard,
    beside: values.watch ? watchBesideSweep : undefined,
    tuneOnly: values['tune-only'],
    verbose: values.verbose,
  };
  if (values['dry-run']) return void console.log(await dryRunSweep(request, !values['no-estimate']));
  await runSweep(request);
}

function shardOrUserError(flag: string | undefined, count: number | undefined): Shard | null {
  try {
    return resolveShard(flag, count, process.env);
  } catch (error) {
    if (error instanceof ShardError) throw new UserError(`sweep: ${error.message}`);
    throw error;
  }
}
