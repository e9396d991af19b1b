/** error.txt: why a run failed. Its first line is the reason runs.csv shows; the rest is the stack. */
import fs from 'node:fs';
import { writeFileAtomic } from '../atomic-write.ts';

export function writeErrorFile(file: string, text: string): void {
  writeFileAtomic(file, text.endsWith('\n') ? text : `${text}\n`);
}

/** The first non-empty line, or null when there is no error.txt (or it is empty). */
export function readErrorReason(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').find((line) => line.trim() !== '')?.trim() ?? null;
  } catch {
    return null;
  }
}
