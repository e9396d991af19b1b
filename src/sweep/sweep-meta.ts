/**
 * sweep.json: which spec, backend, device and workers, start and wall time. A shard writes its own
 * `shards/<I>-of-<N>.json` instead, since shards share the folder; whoever merges them (the last
 * shard to finish) writes sweep.json from all of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readJson, writeJsonAtomic } from '../io/atomic-write.ts';
import type { Shard } from './shard.ts';

export interface SweepMeta {
  name: string;
  specFile: string;
  backend: string;
  device: string;
  /** Workers of this process, or of all shards together in a merged sweep.json. */
  workers: number;
  startedAt: string;
  finishedAt?: string;
  wallSeconds?: number;
  runsPlanned: number;
  shard?: string;
  shards?: number;
}

export const sweepMetaPath = (sweepDir: string): string => path.join(sweepDir, 'sweep.json');
const shardMetaPath = (sweepDir: string, shard: Shard): string => path.join(sweepDir, 'shards', `${shard.index + 1}-of-${shard.count}.json`);

export function writeSweepMeta(sweepDir: string, meta: SweepMeta, shard: Shard | null): void {
  writeJsonAtomic(shard && shard.count > 1 ? shardMetaPath(sweepDir, shard) : sweepMetaPath(sweepDir), meta);
}

export function readSweepMeta(sweepDir: string): SweepMeta | null {
  const file = sweepMetaPath(sweepDir);
  return fs.existsSync(file) ? readJson<SweepMeta>(file) : null;
}

/** sweep.json for a sharded sweep: earliest start to now, workers summed over the shards. */
export function mergeShardMetas(sweepDir: string, shard: Shard, own: SweepMeta): SweepMeta {
  const dir = path.join(sweepDir, 'shards');
  const suffix = `-of-${shard.count}.json`;
  const metas = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith(suffix)).map((f) => readJson<SweepMeta>(path.join(dir, f)))
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
