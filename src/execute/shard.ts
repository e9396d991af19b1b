/**
 * Shards: N independent processes (Slurm array tasks, Kubernetes indexed Job pods, machines) each
 * train a deterministic part of one plan into one shared results folder. Every shard plans the
 * whole sweep, then keeps the runs assigned to it; the assignment depends only on the plan, so all
 * shards agree without talking to each other.
 */
import type { RunConfig } from '../train/run-config.ts';

export interface Shard {
  /** 0-based. */
  index: number;
  count: number;
  /** Where it came from, for messages: "--shard 2/4", "SLURM_ARRAY_TASK_ID=1", ... */
  source: string;
}

export class ShardError extends Error {}

/** `--shard I/N`, with I counted from 1 as in jest and playwright: 1/2 and 2/2. */
export function parseShardFlag(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new ShardError(`--shard must be I/N with 1 ≤ I ≤ N (shards are numbered from 1), got "${text}"`);
  }
  return { index: index - 1, count, source: `--shard ${text}` };
}

/**
 * The shard from the environment:
 * - Slurm array jobs: SLURM_ARRAY_TASK_ID, counted from SLURM_ARRAY_TASK_MIN in steps of
 *   SLURM_ARRAY_TASK_STEP, out of SLURM_ARRAY_TASK_COUNT tasks;
 * - Kubernetes indexed Jobs: JOB_COMPLETION_INDEX (0-based); Kubernetes gives no count, so it comes
 *   from `countFlag` (--shards N) or TOYSCALE_SHARD_COUNT (set it to the Job's `completions`).
 */
export function shardFromEnv(env: NodeJS.ProcessEnv, countFlag?: number): Shard | null {
  if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_ID !== '') {
    const id = envInt(env, 'SLURM_ARRAY_TASK_ID');
    const min = env.SLURM_ARRAY_TASK_MIN ? envInt(env, 'SLURM_ARRAY_TASK_MIN') : 0;
    const step = env.SLURM_ARRAY_TASK_STEP ? envInt(env, 'SLURM_ARRAY_TASK_STEP') : 1;
    const count = countFlag ?? (env.SLURM_ARRAY_TASK_COUNT ? envInt(env, 'SLURM_ARRAY_TASK_COUNT') : undefined);
    if (count === undefined) throw new ShardError('SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; give --shards N');
    return checked((id - min) / step, count, `SLURM_ARRAY_TASK_ID=${id} of ${count}`);
  }
  if (env.JOB_COMPLETION_INDEX !== undefined && env.JOB_COMPLETION_INDEX !== '') {
    const index = envInt(env, 'JOB_COMPLETION_INDEX');
    const count = countFlag ?? (env.TOYSCALE_SHARD_COUNT ? envInt(env, 'TOYSCALE_SHARD_COUNT') : undefined);
    if (count === undefined) throw new ShardError('JOB_COMPLETION_INDEX is set: give the number of shards with --shards N or TOYSCALE_SHARD_COUNT');
    return checked(index, count, `JOB_COMPLETION_INDEX=${index} of ${count}`);
  }
  return null;
}

/** The flag wins over the environment (`--shard 1/1` runs everything even inside an array job). */
export function resolveShard(flag: string | undefined, countFlag: number | undefined, env: NodeJS.ProcessEnv): Shard | null {
  if (flag !== undefined) return parseShardFlag(flag);
  const fromEnv = shardFromEnv(env, countFlag);
  if (!fromEnv && countFlag !== undefined) throw new ShardError('--shards N needs a shard index: JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID (or use --shard I/N)');
  return fromEnv;
}

/**
 * Which shard trains each run (parallel to `runs`): longest-processing-time-first by counted
 * training FLOPs, each run to the least-loaded shard, ties by run id and then lowest shard, so the
 * shards finish at about the same time and every shard computes the same assignment.
 */
export function assignShards(runs: RunConfig[], count: number): number[] {
  const cost = (run: RunConfig) => run.tokens * run.counts.flopsPerTokenCounted;
  const order = runs.map((_, i) => i).sort((a, b) => cost(runs[b]) - cost(runs[a]) || compare(runs[a].runId, runs[b].runId));
  const load = new Array<number>(count).fill(0);
  const owner = new Array<number>(runs.length);
  for (const i of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s] < load[best]) best = s;
    owner[i] = best;
    load[best] += cost(runs[i]);
  }
  return owner;
}

/** The runs of one shard, in plan order. */
export function shardRuns(runs: RunConfig[], shard: Shard | null): RunConfig[] {
  if (!shard || shard.count === 1) return runs;
  const owner = assignShards(runs, shard.count);
  return runs.filter((_, i) => owner[i] === shard.index);
}

export function shardLabel(shard: Shard): string {
  return `${shard.index + 1}/${shard.count}`;
}

function checked(index: number, count: number, source: string): Shard {
  if (!Number.isInteger(count) || count < 1) throw new ShardError(`${source}: the shard count must be a positive integer`);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new ShardError(`${source}: shard index ${index} is outside 0..${count - 1}`);
  return { index, count, source };
}

function envInt(env: NodeJS.ProcessEnv, name: string): number {
  const value = Number(env[name]);
  if (!Number.isInteger(value)) throw new ShardError(`${name} must be an integer, got "${env[name]}"`);
  return value;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
