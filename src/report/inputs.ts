/**
 * Everything a report is made from, read once from the sweep folder: runs.csv, curves.csv,
 * fits.json and sweep.json. Nothing else is read, so every number in the report and its plots
 * comes from one of these files. fits.csv and fits.json are taken only as the pair one fit wrote
 * for this runs.csv (sweep-files.ts fitsPairProblem); anything else is refused in one line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../base/user-error.ts';
import { readCsvTable } from '../io/csv.ts';
import type { TunedLrFile } from '../io/formats/tuned-lr-file.ts';
import type { FitsData } from '../io/formats/fits-file.ts';
import { fitsPairProblem, readFits, readTunedLr } from '../io/sweep-files.ts';
import { readJsonFile, valueOf } from '../io/formats/read-json.ts';
import { sweepMetaSchema, type SweepMeta } from '../io/formats/sweep-meta.ts';
import { sweepPaths } from '../io/sweep-folder.ts';
import { parseCurves, parseRuns, type CurvePoint, type RunRow } from './rows.ts';

/** The fields of sweep.json the report prints; any may be missing (an older or hand-made folder). */
export type ReportMeta = Partial<SweepMeta>;

export interface ReportInputs {
  sweepDir: string;
  name: string;
  meta: ReportMeta;
  runs: RunRow[];
  curves: CurvePoint[];
  fits: FitsData;
  /** The tune stage's result, when the sweep had one (tuned-lr.json). */
  tuned: TunedLrFile | null;
}

export function loadReportInputs(sweepDir: string): ReportInputs {
  const files = sweepPaths(sweepDir);
  const runsFile = files.runsCsv;
  if (!fs.existsSync(runsFile)) throw new UserError(`${sweepDir}: no runs.csv (run toyscale collect ${sweepDir} first)`);
  const pairProblem = fitsPairProblem(sweepDir);
  if (pairProblem) throw new UserError(`report: ${pairProblem}`);
  const runs = parseRuns(runsFile, readCsvTable(runsFile));
  const curvesFile = files.curvesCsv;
  const curves = fs.existsSync(curvesFile) ? parseCurves(curvesFile, readCsvTable(curvesFile)) : [];
  const meta: ReportMeta = valueOf(readJsonFile(files.sweepJson, sweepMetaSchema.partial())) ?? {};
  return { sweepDir, name: meta.name ?? path.basename(path.resolve(sweepDir)), meta, runs, curves, fits: readFits(sweepDir), tuned: readTuned(sweepDir) };
}

function readTuned(sweepDir: string): TunedLrFile | null {
  const read = readTunedLr(sweepDir);
  if (read.state === 'invalid') throw new UserError(`${read.problem}: rerun toyscale sweep to write it again`);
  return read.state === 'ok' ? read.value : null;
}
