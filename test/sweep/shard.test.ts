import { describe, expect, it } from 'vitest';
import { planSweep } from '../../src/plan/plan.ts';
import { assignShards, parseShardFlag, resolveShard, ShardError, shardFromEnv, shardRuns } from '../../src/execute/shard.ts';
import { parseSweepSpec } from '../../src/spec/spec.ts';

const spec = parseSweepSpec(
  {
    name: 'shards',
    task: { kind: 'brown' },
    family: { kind: 'gpt', headDim: 8 },
    design: { kind: 'grid', n: [3_300, 7_200, 12_800, 28_000, 56_000], d: [50_000, 100_000, 200_000] },
    seeds: [0, 1],
  },
  'shards.ts',
);
const runs = planSweep(spec, { kind: 'sequence', vocabSize: 85 });

describe('shard partition', () => {
  it('puts every run in exactly one shard, for any shard count', () => {
    for (const count of [1, 2, 3, 4, 7, runs.length, runs.length + 3]) {
      const shards = Array.from({ length: count }, (_, i) => shardRuns(runs, { index: i, count, source: 'test' }).map((r) => r.runId));
      const all = shards.flat();
      expect(all).toHaveLength(runs.length);
      expect(new Set(all)).toEqual(new Set(runs.map((r) => r.runId)));
    }
  });

  it('is deterministic and keeps plan order inside a shard', () => {
    expect(assignShards(runs, 4)).toEqual(assignShards(structuredClone(runs), 4));
    const shard = shardRuns(runs, { index: 1, count: 3, source: 'test' });
    const positions = shard.map((r) => runs.indexOf(r));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('balances counted FLOPs across shards', () => {
    const cost = (ids: string[]) => runs.filter((r) => ids.includes(r.runId)).reduce((s, r) => s + r.tokens * r.counts.flopsPerTokenCounted, 0);
    const loads = [0, 1, 2].map((i) => cost(shardRuns(runs, { index: i, count: 3, source: 't' }).map((r) => r.runId)));
    const biggest = Math.max(...runs.map((r) => r.tokens * r.counts.flopsPerTokenCounted));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(biggest);
  });
});

describe('shard sources', () => {
  it('--shard I/N counts from 1', () => {
    expect(parseShardFlag('1/2')).toMatchObject({ index: 0, count: 2 });
    expect(parseShardFlag('2/2')).toMatchObject({ index: 1, count: 2 });
    for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3']) expect(() => parseShardFlag(bad)).toThrow(ShardError);
  });

  it('reads Slurm array variables, from SLURM_ARRAY_TASK_MIN in steps', () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2' })).toMatchObject({ index: 1, count: 2 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({ index: 2, count: 4 });
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_COUNT: '2' })).toThrow(/outside 0\.\.1/);
  });

  it('reads JOB_COMPLETION_INDEX with a count from --shards or TOYSCALE_SHARD_COUNT', () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '3', TOYSCALE_SHARD_COUNT: '4' })).toMatchObject({ index: 3, count: 4 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '0' }, 5)).toMatchObject({ index: 0, count: 5 });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '0' })).toThrow(/--shards N or TOYSCALE_SHARD_COUNT/);
  });

  it('lets the flag override the environment, and needs an index for --shards', () => {
    expect(resolveShard('1/1', undefined, { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2' })).toMatchObject({ index: 0, count: 1 });
    expect(resolveShard(undefined, undefined, {})).toBeNull();
    expect(() => resolveShard(undefined, 4, {})).toThrow(/needs a shard index/);
  });
});
