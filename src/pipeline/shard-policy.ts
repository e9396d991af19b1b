/**
 * What a sweep does differently as one shard of several: shards share the sweep folder, so only
 * the whole sweep keeps one sweep.json's invocations, a tune stage must have run (unsharded)
 * before any shard starts, and the last shard to finish collects, fits and reports for all.
 */
import { UserError } from '../base/user-error.ts';
import { isFinished } from '../execute/run-files.ts';
import { runDir, runPaths } from '../io/sweep-folder.ts';
import { shardLabel, type Shard } from '../execute/shard.ts';
import { mergeShardMetas, readSweepMeta, writeSweepMeta, type SweepMeta } from '../execute/sweep-meta.ts';
import type { RunConfig } from '../train/run-config.ts';

/** One shard of several; a --shard 1/1 is the whole sweep. */
export function isSharded(shard: Shard | null): shard is Shard {
  return shard !== null && shard.count > 1;
}

/** 'shard 2/4 (--shard 2/4): ' before a sharded sweep's lines, else ''. */
export function shardScope(shard: Shard | null): string {
  return isSharded(shard) ? `shard ${shardLabel(shard)} (${shard.source}): ` : '';
}

/** The sweep.json whose invocations this one adds to: none for a shard (each writes its own). */
export function previousMeta(sweepDir: string, shard: Shard | null): SweepMeta | null {
  return isSharded(shard) ? null : readSweepMeta(sweepDir);
}

/** Shards cannot share a tune stage: its runs must have ended before any shard trains. */
export function checkTuneBeforeShards(specFile: string, shard: Shard | null, pendingTune: number): void {
  if (isSharded(shard) && pendingTune > 0) {
    throw new UserError(`${specFile}: ${pendingTune} tune run(s) have not ended, and shards cannot share a tune stage: run toyscale sweep ${specFile} --tune-only (unsharded) first, then the shards`);
  }
}

export interface ShardEnd {
  sweepDir: string;
  shard: Shard | null;
  plan: RunConfig[];
  failed: number;
  /** This shard's sweep.json, written again merged with the others' when it finishes the sweep; null: left as it is. */
  meta: SweepMeta | null;
  log: (line: string) => void;
}

/**
 * After a shard trained its runs: true when the sweep is to be finished here (unsharded, or the
 * last shard to end, which merges every shard's sweep.json); false when other shards' runs remain.
 */
export function finishesSweep(end: ShardEnd): boolean {
  const { sweepDir, shard, log } = end;
  if (!isSharded(shard)) return true;
  const unfinished = end.plan.filter((r) => !isFinished(runDir(sweepDir, r.runId))).length;
  if (unfinished > 0) {
    log(`toyscale: shard ${shardLabel(shard)} done; ${unfinished} run(s) of the sweep are not finished (other shards, or failed here). When every shard has ended: toyscale collect ${sweepDir} && toyscale fit ${sweepDir} && toyscale report ${sweepDir}`);
    if (end.failed > 0) throw new UserError(`${end.failed} run(s) of shard ${shardLabel(shard)} failed; see ${runPaths(runDir(sweepDir, '<id>')).error} and rerun this shard to retry them`);
    return false;
  }
  // The last shard to finish merges; two finishing together write the same files atomically.
  if (end.meta) writeSweepMeta(sweepDir, mergeShardMetas(sweepDir, shard, end.meta), null);
  log(`toyscale: shard ${shardLabel(shard)} finished the last runs of the sweep; collecting all shards`);
  return true;
}
