/**
 * Everything a report is made from, read once from the sweep folder: runs.csv, curves.csv,
 * fits.json (or fits.csv) and sweep.json. Nothing else is read, so every number in the report
 * and its plots comes from one of these files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../base/user-error.ts';
import { readCsv } from '../io/csv.ts';
import { readJsonFile } from '../io/formats/read-json.ts';
import { tunedLrFileSchema, type TunedLrFile } from '../io/formats/tuned-lr-file.ts';
import { readFits, type FitsData } from '../io/formats/fits-file.ts';
import { parseCurves, parseRuns, type CurvePoint, type RunRow } from './rows.ts';

/** The fields of sweep.json the report prints (written by `toyscale sweep`). */
export interface SweepMetaFile {
  name?: string;
  specFile?: string;
  backend?: string;
  device?: string;
  workers?: number;
  startedAt?: string;
  finishedAt?: string;
  wallSeconds?: number;
  runsPlanned?: number;
}

export interface ReportInputs {
  sweepDir: string;
  name: string;
  meta: SweepMetaFile;
  runs: RunRow[];
  curves: CurvePoint[];
  fits: FitsData;
  /** The tune stage's result, when the sweep had one (tuned-lr.json). */
  tuned: TunedLrFile | null;
}

export function loadReportInputs(sweepDir: string): ReportInputs {
  const runsFile = path.join(sweepDir, 'runs.csv');
  if (!fs.existsSync(runsFile)) throw new UserError(`${sweepDir}: no runs.csv (run toyscale collect ${sweepDir} first)`);
  const runs = parseRuns(runsFile, readCsv(runsFile));
  const curvesFile = path.join(sweepDir, 'curves.csv');
  const curves = fs.existsSync(curvesFile) ? parseCurves(curvesFile, readCsv(curvesFile)) : [];
  const metaFile = path.join(sweepDir, 'sweep.json');
  const meta = fs.existsSync(metaFile) ? readMeta(metaFile) : {};
  return { sweepDir, name: meta.name ?? path.basename(path.resolve(sweepDir)), meta, runs, curves, fits: readFits(sweepDir), tuned: readTuned(sweepDir) };
}

function readTuned(sweepDir: string): TunedLrFile | null {
  const read = readJsonFile(path.join(sweepDir, 'tuned-lr.json'), tunedLrFileSchema);
  if (read.state === 'invalid') throw new UserError(`${read.problem}: rerun toyscale sweep to write it again`);
  return read.state === 'ok' ? read.value : null;
}

function readMeta(file: string): SweepMetaFile {
  try {
    const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return raw !== null && typeof raw === 'object' ? (raw as SweepMetaFile) : {};
  } catch {
    return {};
  }
}
