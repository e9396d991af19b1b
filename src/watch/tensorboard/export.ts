/**
 * `toyscale export tensorboard`: each run's curve.csv as a TensorBoard event file in
 * <out>/<runId>/, scalars train_loss, eval_loss, lr and tokens at step = the training step, so
 * `tensorboard --logdir <out>` shows a sweep beside other work. A run still training is exported as
 * far as its curve goes; exporting again replaces the run's file (same name, written atomically)
 * and removes older toyscale event files of that run, so TensorBoard never shows a curve twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCurve, type CurvePoint } from '../curve-parse.ts';
import { plainSubdirs, readFileSafe } from '../safe-read.ts';
import { fileVersionEvent, scalarsEvent, type Scalar } from './event.ts';
import { tfRecord } from './tfrecord.ts';

/** Ends every file name this writes: tells our files from the user's own event files. */
const FILE_SUFFIX = '.toyscale';
const TAGS = ['train_loss', 'eval_loss', 'lr', 'tokens'] as const;

export interface ExportedRun {
  runId: string;
  file: string;
  steps: number;
}

export function exportTensorboard(sweepDir: string, outDir: string): ExportedRun[] {
  const runsDir = path.join(sweepDir, 'runs');
  const exported: ExportedRun[] = [];
  for (const runId of plainSubdirs(runsDir)) {
    const curveText = readFileSafe(path.join(runsDir, runId, 'curve.csv'));
    const points = curveText === null ? [] : parseCurve(curveText);
    if (points.length === 0) continue;
    const start = startTime(path.join(runsDir, runId), points);
    const runOut = path.join(outDir, runId);
    const file = path.join(runOut, `events.out.tfevents.${Math.floor(start)}${FILE_SUFFIX}`);
    writeBytesAtomic(file, eventFile(points, start));
    removeOtherExports(runOut, path.basename(file));
    exported.push({ runId, file, steps: points.length });
  }
  return exported;
}

/** The bytes of one run's event file: the version record, then one record per curve row. */
export function eventFile(points: readonly CurvePoint[], startSeconds: number): Buffer {
  const records = [tfRecord(fileVersionEvent(startSeconds))];
  for (const point of points) {
    const scalars: Scalar[] = TAGS.flatMap((tag) => (point[tag] === null ? [] : [{ tag, value: point[tag] }]));
    records.push(tfRecord(scalarsEvent(startSeconds + (point.seconds ?? 0), point.step, scalars)));
  }
  return Buffer.concat(records);
}

/**
 * When the run started, in Unix seconds: its end (summary.json finishedAt, else curve.csv's
 * mtime) less the seconds of its last row. Taken from the files, so exporting twice writes the
 * same bytes.
 */
function startTime(runDir: string, points: readonly CurvePoint[]): number {
  const lastSeconds = points[points.length - 1].seconds ?? 0;
  let end = Number.NaN;
  try {
    const summary = JSON.parse(readFileSafe(path.join(runDir, 'summary.json')) ?? 'null') as { finishedAt?: unknown } | null;
    if (typeof summary?.finishedAt === 'string') end = Date.parse(summary.finishedAt) / 1000;
  } catch {
    // no summary yet: the curve's mtime below
  }
  if (!Number.isFinite(end)) {
    try {
      end = fs.statSync(path.join(runDir, 'curve.csv')).mtimeMs / 1000;
    } catch {
      end = lastSeconds;
    }
  }
  return end - lastSeconds;
}

function removeOtherExports(dir: string, keep: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (name !== keep && name.startsWith('events.out.tfevents.') && name.endsWith(FILE_SUFFIX)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** Temp file, fsync, rename: TensorBoard reading the folder meanwhile sees the old file or the new. */
function writeBytesAtomic(file: string, bytes: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
