/**
 * One reader and one writer per file of a sweep folder (paths: sweep-folder.ts; formats:
 * formats/). A reader answers a state (read-json.ts FileRead: ok, missing, or invalid with a
 * one-line reason naming the file) and never throws for a bad file; a writer goes through
 * atomic-write.ts, so a reader never sees half a file. A reader that must not follow links or open
 * FIFOs (the watch page) passes its own `ReadText`.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.ts';
import { readCsv } from './csv.ts';
import { fitsFromCsv, fitsJsonText, manifestSchema, parseFitsJson, type FitsData } from './formats/fits-file.ts';
import { parseJsonText, readJsonFile, type FileRead } from './formats/read-json.ts';
import { planFileSchema, type PlanFile } from './formats/plan-file.ts';
import { sweepMetaSchema, type SweepMeta } from './formats/sweep-meta.ts';
import { tunedLrFileSchema, type TunedLrFile } from './formats/tuned-lr-file.ts';
import { shardMetaPath, sweepPaths, SWEEP_FILES } from './sweep-folder.ts';

/** A file's text, or null when it is not there (or, for a careful reader, not a plain file). */
export type ReadText = (file: string) => string | null;

function readJson<S extends Parameters<typeof readJsonFile>[1]>(file: string, schema: S, readText?: ReadText): ReturnType<typeof readJsonFile<S>> {
  if (!readText) return readJsonFile(file, schema);
  const text = readText(file);
  return text === null ? { state: 'missing' } : parseJsonText(file, text, schema);
}

/** plan.json: the current plan's run ids, written before training. */
export function readPlanFile(sweepDir: string, readText?: ReadText): FileRead<PlanFile> {
  return readJson(sweepPaths(sweepDir).planJson, planFileSchema, readText);
}

export function writePlanFile(sweepDir: string, plan: PlanFile): void {
  writeJsonAtomic(sweepPaths(sweepDir).planJson, plan);
}

/** sweep.json (or a shard's own, `shards/<I>-of-<N>.json`). */
export function readSweepJson(sweepDir: string, readText?: ReadText): FileRead<SweepMeta> {
  return readJson(sweepPaths(sweepDir).sweepJson, sweepMetaSchema, readText);
}

export function writeSweepJson(sweepDir: string, meta: SweepMeta, shard: { index: number; count: number } | null = null): void {
  writeJsonAtomic(shard && shard.count > 1 ? shardMetaPath(sweepDir, shard.index, shard.count) : sweepPaths(sweepDir).sweepJson, meta);
}

/** tuned-lr.json: the tune stage's result. */
export function readTunedLr(sweepDir: string, readText?: ReadText): FileRead<TunedLrFile> {
  return readJson(sweepPaths(sweepDir).tunedLr, tunedLrFileSchema, readText);
}

export function writeTunedLr(sweepDir: string, file: TunedLrFile): void {
  writeJsonAtomic(sweepPaths(sweepDir).tunedLr, file);
}

/** stale-runs.txt: the run ids (folder names) collect left out; empty when there is none. */
export function readStaleRuns(sweepDir: string, readText: ReadText = readTextOrNull): Set<string> {
  const text = readText(sweepPaths(sweepDir).staleRuns);
  if (text === null) return new Set();
  return new Set(text.split('\n').map((line) => line.trim()).filter((line) => line !== '').map((line) => path.basename(line)));
}

/** stale-runs.txt holds one run folder per line; with none, the file is removed. */
export function writeStaleRuns(sweepDir: string, folders: readonly string[]): void {
  const file = sweepPaths(sweepDir).staleRuns;
  if (folders.length > 0) writeFileAtomic(file, `${folders.join('\n')}\n`);
  else fs.rmSync(file, { force: true });
}

/** A fits.json file (a sweep's, or one a user names), parsed against its schema. */
export function readFitsJsonFile(file: string, readText: ReadText = readTextOrNull): FileRead<FitsData> {
  let text: string | null;
  try {
    text = readText(file);
  } catch (error) {
    return { state: 'invalid', problem: `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  if (text === null) return { state: 'missing' };
  const parsed = parseFitsJson(text);
  return typeof parsed === 'string' ? { state: 'invalid', problem: `${file}: ${parsed}` } : { state: 'ok', value: parsed };
}

/** The sweep's fits.json. */
export function readFitsJson(sweepDir: string, readText?: ReadText): FileRead<FitsData> {
  return readFitsJsonFile(sweepPaths(sweepDir).fitsJson, readText);
}

/** fits.csv, then fits.json (the pair's manifest, renamed last): see fitsPairProblem. */
export function writeFitsPair(sweepDir: string, fitsCsv: string, fitsJson: unknown): void {
  const files = sweepPaths(sweepDir);
  writeFileAtomic(files.fitsCsv, fitsCsv);
  writeFileAtomic(files.fitsJson, fitsJsonText(fitsJson));
}

/**
 * What the report shows: fits.json, or fits.csv when the JSON is missing or unreadable (`problems`
 * says why fits.json was not used).
 */
export function readFits(sweepDir: string): FitsData {
  const files = sweepPaths(sweepDir);
  const problems: string[] = [];
  if (fs.existsSync(files.fitsJson)) {
    // The reason without the folder's path: report.md quotes it, and must not depend on where the sweep lies.
    const parsed = parseFitsJson(fs.readFileSync(files.fitsJson, 'utf8'));
    if (typeof parsed !== 'string') return parsed;
    problems.push(`${SWEEP_FILES.fitsJson}: ${parsed}`);
  }
  if (fs.existsSync(files.fitsCsv)) return { ...fitsFromCsv(readCsv(files.fitsCsv)), problems };
  return { fits: [], skipped: [], nested: [], conventions: null, origin: null, problems };
}

/** Why the sweep's fits.csv/fits.json may not be reported beside its runs.csv; null when they may (or there are none). */
export function fitsPairProblem(sweepDir: string): string | null {
  const { fitsJson: jsonFile, fitsCsv: csvFile, runsCsv } = sweepPaths(sweepDir);
  const rerun = `run toyscale fit ${sweepDir} again`;
  if (!fs.existsSync(jsonFile)) return fs.existsSync(csvFile) ? `${csvFile} has no fits.json beside it (a fit that was interrupted?): ${rerun}` : null;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
  } catch (error) {
    return `${jsonFile}: not JSON (${(error as Error).message.split('\n')[0]}): ${rerun}`;
  }
  const manifest = manifestSchema.safeParse(raw);
  if (!manifest.success) return `${jsonFile} does not record which runs.csv and fits.csv it belongs to (written by an older toyscale, or by hand): ${rerun}`;
  const { source, runsCsvSha256, fitsCsvSha256 } = manifest.data;
  if (fileSha256(runsCsv) !== runsCsvSha256) {
    return `${jsonFile} was fitted to another runs.csv (${source}; runs.csv changed since, e.g. collect ran after fit, or the file is another sweep's): ${rerun}`;
  }
  if (fileSha256(csvFile) !== fitsCsvSha256) return `${csvFile} and ${jsonFile} are of different fits (a fit that was interrupted between them?): ${rerun}`;
  return null;
}

/** fit removes fits.json first (the manifest), so a crash between leaves fits.csv alone, which the report refuses. */
export function removeFitsPair(sweepDir: string, remove: (file: string) => void): void {
  const files = sweepPaths(sweepDir);
  for (const file of [files.fitsJson, files.fitsCsv]) remove(file);
}

function fileSha256(file: string): string | null {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

/** The text of a file, null when it does not exist; other errors throw (a reader turns them into a state). */
function readTextOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
