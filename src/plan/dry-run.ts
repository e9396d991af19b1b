/** What `sweep --dry-run` prints: the plan as a table, and the estimated time with how it was made. */
import { duration, num, textTable } from '../base/format.ts';
import { makespan, runSeconds, type Calibration } from './estimate.ts';
import { executionOrder } from './order.ts';
import type { RunConfig } from '../train/run-config.ts';
import { tokensPerParameter } from './design-checks.ts';
import { familyOf } from '../models/family-registry.ts';

export interface DryRunInput {
  name: string;
  runs: RunConfig[];
  /** Run ids already finished in the results folder: they cost nothing. */
  finished: Set<string>;
  calibration: Calibration | null;
  workers: number;
  /** How much slower each worker runs because workers outnumber cores (1 when they do not). */
  slowdown: number;
  /** "shard 1/4: " or "". */
  scope: string;
  /** Design checks of the main plan, one line each (src/plan/design-checks.ts). */
  checks: string[];
  /** The 1-minute load average and the core count when the timing was measured (os.loadavg). */
  load?: { average: number; cores: number };
}

export function renderDryRun(input: DryRunInput): string {
  const { runs, finished, calibration } = input;
  const seconds = calibration ? runSeconds(runs, calibration).map((s, i) => (finished.has(runs[i].runId) ? 0 : s * input.slowdown)) : null;
  const rows = runs.map((r, i) => [
    r.runId,
    familyOf(r.model.family).describe(r.model),
    num(r.counts.nNonembed),
    num(r.counts.nParams),
    num(r.tokens),
    num(tokensPerParameter(r), 3),
    String(r.steps),
    num(r.train.learningRate, 3),
    String(r.seed),
    num(r.tokens * r.counts.flopsPerToken6N),
    num(r.tokens * r.counts.flopsPerTokenCounted),
    finished.has(r.runId) ? 'done' : seconds ? duration(seconds[i]) : '',
  ]);
  const total = runs.reduce((sum, r) => sum + r.tokens * r.counts.flopsPerTokenCounted, 0);
  const lines = [
    `${input.scope}sweep ${input.name}: ${runs.length} runs (${finished.size} already finished), ${num(total)} counted training FLOPs in total`,
    textTable(['run_id', 'shape', 'N (non-emb)', 'params', 'D', 'D/N', 'steps', 'LR', 'seed', 'FLOPs 6ND', 'FLOPs', 'est. time'], rows),
  ];
  if (input.checks.length > 0) lines.push('', 'design checks:', ...input.checks.map((c) => `  ${c}`));
  if (calibration && seconds) lines.push('', estimateText(input, calibration, seconds));
  else lines.push('', runs.length === finished.size ? 'nothing left to train' : 'no time estimate (--no-estimate)');
  return lines.join('\n');
}

function estimateText(input: DryRunInput, calibration: Calibration, seconds: number[]): string {
  const order = executionOrder(input.runs.map((run, i) => ({ ...run, seconds: seconds[i] })));
  const wall = makespan(order.map((r) => r.seconds), input.workers);
  const busy = seconds.reduce((a, b) => a + b, 0);
  const timed = calibration.points
    .map((p) => `N=${num(p.nNonembed)}: ${(p.stepSeconds * 1000).toFixed(1)} ms/step, ${(p.evalSeconds * 1000).toFixed(0)} ms/eval`)
    .join('; ');
  return [
    `estimated wall time: ${duration(wall)} on ${calibration.backend} (${calibration.device}) with ${input.workers} worker(s); ${duration(busy)} of worker time`,
    `how: ${calibration.points.length === 1 ? 'the model was' : 'the smallest and largest models were'} timed in a child process on ${calibration.backend} ` +
      `(2 warm-up steps, then ${calibration.points.map((p) => p.stepsTimed).join(' and ')} timed steps and 2 evaluations: ${timed}; ` +
      `process start-up with backend and data ${duration(calibration.startupSeconds)}). ` +
      `Per run: start-up + steps × step time + evaluations × eval time, with step and eval time interpolated log-log in counted FLOPs per step between the models timed; ` +
      `runs scheduled biggest first on ${input.workers} worker(s), assuming the cores do nothing else while the sweep runs` +
      (input.slowdown > 1 ? `, each ${input.slowdown.toFixed(2)}× slower because ${input.workers} workers share fewer cores` : '') +
      `; finished runs count zero.` +
      (input.load ? ` Timed at a load average of ${input.load.average.toFixed(1)} on ${input.load.cores} core(s)${input.load.average > 0.5 * input.load.cores ? ': the machine was busy, so the times are high and will move with its load' : ''}.` : '') +
      ' Expect ±30% on a machine that is busy with other work.',
  ].join('\n');
}
