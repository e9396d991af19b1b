/**
 * sweep.json as one sweep command keeps it: its start (taken before a tune stage, whose time is
 * the sweep's too), the commands before it that trained in the folder, and this one added when it
 * ends or is interrupted. A resume with nothing left to train keeps the sweep.json that recorded
 * the real training time.
 */
import { isFinished, runDir } from '../execute/run-files.ts';
import { shardLabel } from '../execute/shard.ts';
import { previousInvocations, readSweepMeta, withInvocation, writeSweepMeta, type Invocation, type SweepMeta } from '../execute/sweep-meta.ts';
import type { Machine } from './backend-stage.ts';
import type { MainPlan, Planned } from './plan-stage.ts';
import { isSharded, previousMeta } from './shard-policy.ts';
import type { SweepRequest } from './sweep-request.ts';

export interface SweepClock {
  /** performance.now() at the start. */
  started: number;
  startedAt: string;
}

export function startClock(): SweepClock {
  return { started: performance.now(), startedAt: new Date().toISOString() };
}

export interface SweepRecord {
  meta: SweepMeta;
  earlier: Invocation[];
  /** False when nothing is left to train and a sweep.json exists: it is kept as it is. */
  write: boolean;
}

/** The record of this command, written at once (unless kept as it is). */
export function openRecord(req: SweepRequest, planned: Planned, main: MainPlan, machine: Machine, clock: SweepClock): SweepRecord {
  const { sweepDir, spec } = planned;
  const earlier = previousInvocations(previousMeta(sweepDir, req.shard));
  const write = !(main.runs.every((r) => isFinished(runDir(sweepDir, r.runId))) && readSweepMeta(sweepDir) !== null);
  const meta: SweepMeta = {
    name: spec.name,
    specFile: req.specFile,
    backend: machine.backend.name,
    device: machine.backend.device,
    workers: machine.pool.workers,
    startedAt: earlier[0]?.startedAt ?? clock.startedAt,
    runsPlanned: main.plan.length,
    shard: isSharded(req.shard) ? shardLabel(req.shard) : undefined,
    ...(earlier.length > 0 ? { invocations: earlier, wallSeconds: earlier.reduce((sum, i) => sum + i.wallSeconds, 0) } : {}),
  };
  const record = { meta, earlier, write };
  if (write) writeSweepMeta(sweepDir, meta, req.shard);
  return record;
}

/** The record with this command added, written (unless kept as it is) and returned. */
export function closeRecord(record: SweepRecord, req: SweepRequest, sweepDir: string, clock: SweepClock, interrupted: boolean): SweepMeta {
  const latest = { startedAt: clock.startedAt, finishedAt: new Date().toISOString(), wallSeconds: (performance.now() - clock.started) / 1000, ...(interrupted ? { interrupted } : {}) };
  const meta = withInvocation(record.meta, record.earlier, latest);
  if (record.write) writeSweepMeta(sweepDir, meta, req.shard);
  return meta;
}
