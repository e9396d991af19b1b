/**
 * A small on-disk cache for derived text (the stripped Brown corpus), so that each training child
 * process reads one file instead of re-parsing hundreds.
 *
 * Format: one header line `toyscale-cache sha256=<hex> chars=<n>` then the text. A file that is
 * missing, truncated or altered fails the check and is rebuilt. Writes go through src/io/atomic-write.ts (a temp file
 * renamed into place), so processes that build the cache at the same time never read half a file.
 * Any failure to write (read-only install) is ignored: the cache is only a speed-up.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic-write.ts';

const HEADER = /^toyscale-cache sha256=([0-9a-f]{64}) chars=(\d+)\n/;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The cached text, or undefined when the file is missing or fails its check. */
export function readCachedText(path: string): string | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const header = HEADER.exec(raw);
  if (!header) return undefined;
  const text = raw.slice(header[0].length);
  if (text.length !== Number(header[2]) || sha256(text) !== header[1]) return undefined;
  return text;
}

/** Writes the cache through the one writer (atomic, never through a link); false when it cannot. */
export function writeCachedText(path: string, text: string): boolean {
  try {
    writeFileAtomic(path, `toyscale-cache sha256=${sha256(text)} chars=${text.length}\n${text}`);
    return true;
  } catch {
    return false;
  }
}

/** Cached text if valid, else build it, try to cache it, and return it. */
export function cachedText(path: string, build: () => string): { text: string; fromCache: boolean } {
  const cached = readCachedText(path);
  if (cached !== undefined) return { text: cached, fromCache: true };
  const text = build();
  writeCachedText(path, text);
  return { text, fromCache: false };
}
