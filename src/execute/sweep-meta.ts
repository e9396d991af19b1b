/**
 * sweep.json: which spec, backend, device and workers, start and wall time. A shard writes its own
 * `shards/<I>-of-<N>.json` instead, since shards share the folder; whoever merges them (the last
 * shard to finish) writes sweep.json from all of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readJsonFile, valueOf } from '../io/formats/read-json.ts';
import { sweepMetaSchema, type SweepMeta } from '../io/formats/sweep-meta.ts';
import { readSweepJson, writeSweepJson } from '../io/sweep-files.ts';
import { sweepPaths } from '../io/sweep-folder.ts';
import type { Shard } from './shard.ts';

export type { SweepMeta } from '../io/formats/sweep-meta.ts';

export function writeSweepMeta(sweepDir: string, meta: SweepMeta, shard: Shard | null): void {
  writeSweepJson(sweepDir, meta, shard);
}

/** sweep.json, or null when it is missing or fails its schema. */
export function readSweepMeta(sweepDir: string): SweepMeta | null {
  return valueOf(readSweepJson(sweepDir));
}

/** sweep.json for a sharded sweep: earliest start to now, workers summed over the shards. */
export function mergeShardMetas(sweepDir: string, shard: Shard, own: SweepMeta): SweepMeta {
  const dir = sweepPaths(sweepDir).shards;
  const suffix = `-of-${shard.count}.json`;
  const metas = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith(suffix)).flatMap((f) => valueOf(readJsonFile(path.join(dir, f), sweepMetaSchema)) ?? [])
    : [own];
  const startedAt = metas.map((m) => m.startedAt).sort()[0] ?? own.startedAt;
  const finishedAt = new Date();
  return {
    ...own,
    shard: undefined,
    shards: shard.count,
    workers: metas.reduce((sum, m) => sum + m.workers, 0),
    startedAt,
    finishedAt: finishedAt.toISOString(),
    wallSeconds: (finishedAt.getTime() - Date.parse(startedAt)) / 1000,
  };
}

export type Invocation = NonNullable<SweepMeta['invocations']>[number];

/**
 * The commands before this one that trained in the folder (from its sweep.json; one, for a file
 * written before invocations were kept), so a resumed sweep's wall time is the sum of its parts.
 */
export function previousInvocations(previous: SweepMeta | null): Invocation[] {
  if (!previous) return [];
  if (previous.invocations) return previous.invocations;
  return previous.wallSeconds === undefined ? [] : [{ startedAt: previous.startedAt, finishedAt: previous.finishedAt, wallSeconds: previous.wallSeconds }];
}

/** sweep.json after one more command: first start, every invocation, wall time summed. */
export function withInvocation(meta: SweepMeta, earlier: Invocation[], latest: Invocation): SweepMeta {
  const invocations = [...earlier, latest];
  return { ...meta, startedAt: invocations[0].startedAt, finishedAt: latest.finishedAt, wallSeconds: invocations.reduce((sum, i) => sum + i.wallSeconds, 0), invocations };
}
