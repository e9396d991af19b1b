/** `toyscale sweep <spec.ts>`: plan → train → collect → fit → report, in one command. */
import fs from 'node:fs';
import path from 'node:path';
import { resolveBackend } from '../backend/resolve.ts';
import { loadDataset } from '../data/load.ts';
import { readJson, writeJsonAtomic } from '../io/atomic-write.ts';
import { collectSweep } from '../report/collect.ts';
import { writeReport } from '../report/report.ts';
import { dataShapeOf } from '../sweep/describe-data.ts';
import { workersFor } from '../sweep/default-workers.ts';
import { executeRuns } from '../sweep/execute.ts';
import { loadSpec } from '../sweep/load-spec.ts';
import { planSweep } from '../sweep/plan.ts';
import { createReporter, defaultProgressMode, type ProgressMode } from '../sweep/progress.ts';
import type { RunConfig } from '../sweep/run-config.ts';
import { isBackendRequest, BACKENDS } from '../backend/names.ts';
import { parseCommandArgs, positiveInt } from './args.ts';
import { fitCommand } from './fit.ts';
import { duration, sci, textTable } from './format.ts';
import { UserError } from './user-error.ts';

export const sweepHelp = `Usage: toyscale sweep <spec.ts> [options]

Plans the sweep in <spec.ts>, trains every run that is not finished yet (each in its own
process), then collects runs.csv and curves.csv, fits the scaling laws (fits.csv, fits.json) and
writes report.md, all under <out>/<sweep name>/. Rerunning the same command resumes: finished
runs are skipped.

Options:
  --backend <name>     auto (default), tensorflow-gpu, tensorflow, wasm or cpu
  --workers <K>        runs trained at once (default: one per core on wasm/cpu, one per GPU)
  --out <dir>          results folder (default: results)
  --dry-run            print the plan and train nothing
  --progress <mode>    bar (default on a terminal), lines (default otherwise), json, quiet
  -h, --help           this help`;

const PROGRESS_MODES: ProgressMode[] = ['bar', 'lines', 'json', 'quiet'];

export interface SweepMeta {
  name: string;
  specFile: string;
  backend: string;
  device: string;
  workers: number;
  startedAt: string;
  finishedAt?: string;
  wallSeconds?: number;
  runsPlanned: number;
}

export async function sweepCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs('sweep', argv, {
    backend: { type: 'string', default: 'auto' },
    workers: { type: 'string' },
    out: { type: 'string', default: 'results' },
    'dry-run': { type: 'boolean', default: false },
    progress: { type: 'string' },
  });
  if (values.help) return void console.log(sweepHelp);
  const file = positionals[0];
  if (!file) throw new UserError('sweep: give a spec file, e.g. toyscale sweep experiments/default.ts');
  if (positionals.length > 1) throw new UserError(`sweep: one spec file at a time, got ${positionals.length}`);
  // Check every argument before anything is loaded or written.
  if (!isBackendRequest(values.backend)) throw new UserError(`unknown backend "${values.backend}": choose auto, ${BACKENDS.join(', ')}`);
  const workers = positiveInt('sweep', 'workers', values.workers);
  const progress = (values.progress ?? defaultProgressMode()) as ProgressMode;
  if (!PROGRESS_MODES.includes(progress)) throw new UserError(`sweep: --progress must be one of ${PROGRESS_MODES.join(', ')}, got "${values.progress}"`);

  const spec = await loadSpec(file);
  const data = await loadDataset(spec.task);
  const runs = planSweep(spec, dataShapeOf(data));
  const sweepDir = path.join(values.out, spec.name);
  if (values['dry-run']) return void console.log(planTable(spec.name, runs));

  const backend = resolveBackend(values.backend);
  const pool = workersFor(backend, workers);
  const log = (line: string) => progress !== 'json' && console.error(line);
  log(`toyscale: sweep ${spec.name}: ${runs.length} runs on ${backend.name} (${backend.device}), ${pool.workers} worker(s) → ${sweepDir}`);
  const meta: SweepMeta = {
    name: spec.name,
    specFile: file,
    backend: backend.name,
    device: backend.device,
    workers: pool.workers,
    startedAt: new Date().toISOString(),
    runsPlanned: runs.length,
  };
  writeJsonAtomic(path.join(sweepDir, 'sweep.json'), meta);
  const started = performance.now();
  const result = await executeRuns({ sweepDir, runs, backend: backend.name, workers: pool.workers, gpuIds: pool.gpuIds, reporter: createReporter(progress) });
  if (result.interrupted) {
    throw new UserError(`sweep ${spec.name} interrupted: ${result.finished.length} run(s) finished this time; rerun the same command to resume`);
  }
  writeJsonAtomic(path.join(sweepDir, 'sweep.json'), { ...meta, finishedAt: new Date().toISOString(), wallSeconds: (performance.now() - started) / 1000 });
  for (const failure of result.failed) log(`toyscale: run ${failure.runId} failed: ${failure.error}`);

  const collected = collectSweep(sweepDir);
  log(`toyscale: ${collected.rows.length} runs → ${collected.runsCsv}, curves → ${collected.curvesCsv}`);
  await fitCommand([sweepDir]);
  const report = await writeReport(sweepDir);
  log(`toyscale: report → ${report} (wall time ${duration((performance.now() - started) / 1000)})`);
  if (result.failed.length > 0) throw new UserError(`${result.failed.length} run(s) failed; see ${sweepDir}/runs/<id>/error.txt and rerun to retry them`);
}

function planTable(name: string, runs: RunConfig[]): string {
  const rows = runs.map((r) => [
    r.runId,
    r.model.family === 'gpt' ? `L${r.model.nLayer} d${r.model.dModel} h${r.model.nHead}` : `${r.model.depth}×${r.model.width}`,
    sci(r.counts.nNonembed),
    sci(r.counts.nParams),
    sci(r.tokens),
    String(r.steps),
    sci(r.tokens * r.counts.flopsPerToken6N),
    sci(r.tokens * r.counts.flopsPerTokenCounted),
  ]);
  const total = runs.reduce((sum, r) => sum + r.tokens * r.counts.flopsPerTokenCounted, 0);
  return [
    `sweep ${name}: ${runs.length} runs, ${sci(total)} counted training FLOPs in total`,
    textTable(['run_id', 'shape', 'N (non-emb)', 'params', 'D', 'steps', 'FLOPs 6ND', 'FLOPs'], rows),
  ].join('\n');
}

export function readSweepMeta(sweepDir: string): SweepMeta | null {
  const file = path.join(sweepDir, 'sweep.json');
  return fs.existsSync(file) ? readJson<SweepMeta>(file) : null;
}
