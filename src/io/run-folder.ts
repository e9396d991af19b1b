/**
 * A run folder's state, read from its files: the one definition of a finished run, which execute
 * (what to train, what collect counts as done) and watch (what the page shows as done) both use.
 *
 * Finished means a summary.json that fits its schema, names this run, and was written after the
 * whole curve: a summary beside a curve of another size (a curve rewritten after the summary) does
 * not count, and the run is trained again. An unreadable summary (`{}`, cut JSON) is not finished.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readErrorReason } from './formats/error-file.ts';
import { parseJsonText, readJsonFile, type FileRead } from './formats/read-json.ts';
import { runSummarySchema, type RunSummary } from './formats/run-summary.ts';
import { RUN_FILES, runPaths } from './sweep-folder.ts';

export function isFinished(dir: string): boolean {
  return finishedSummary(dir).state === 'ok';
}

/** The summary of a finished run, or why the run does not count as finished. */
export function finishedSummary(dir: string): FileRead<RunSummary> {
  return finishedRule(dir, readSummary(dir), () => {
    try {
      return fs.statSync(runPaths(dir).curve).size;
    } catch {
      return null;
    }
  });
}

/**
 * The rule itself, on a summary already read and the curve's size (null: no curve), for a reader
 * that reads the folder its own way (the watch page: no links followed, no FIFO opened).
 */
export function finishedRule(dir: string, read: FileRead<RunSummary>, curveBytes: () => number | null): FileRead<RunSummary> {
  if (read.state !== 'ok') return read;
  const files = runPaths(dir);
  const summary = read.value;
  if (summary.runId !== path.basename(dir)) return { state: 'invalid', problem: `${files.summary}: runId "${summary.runId}" is another run's` };
  if (summary.curveBytes === undefined) return read;
  const size = curveBytes();
  if (size === null) return { state: 'invalid', problem: `${files.curve}: missing beside ${RUN_FILES.summary}` };
  if (size !== summary.curveBytes) return { state: 'invalid', problem: `${files.curve}: ${size} bytes, ${RUN_FILES.summary} was written after ${summary.curveBytes}` };
  return read;
}

/** summary.json's text against its schema (`text` null: missing). */
export function parseSummary(dir: string, text: string | null): FileRead<RunSummary> {
  return text === null ? { state: 'missing' } : parseJsonText(runPaths(dir).summary, text, runSummarySchema);
}

/** summary.json against its schema, finished or not. */
export function readSummary(dir: string): FileRead<RunSummary> {
  return readJsonFile(runPaths(dir).summary, runSummarySchema);
}

/** error.txt's first line, or null. */
export function readRunError(dir: string): string | null {
  return readErrorReason(runPaths(dir).error);
}
