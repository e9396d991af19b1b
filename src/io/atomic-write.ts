/**
 * Writes a file so that readers see either the old content or the whole new one, never a torn
 * file: write a temp file beside it, fsync it, rename it over the target, fsync the folder.
 *
 * The temp file is created exclusively (O_CREAT | O_EXCL | O_NOFOLLOW, under an unguessable name)
 * in the target's own folder, so a link planted at its name is never followed, and the rename never
 * crosses a file system. Any failure (disk full, read-only folder) removes the temp file, leaves
 * the previous file untouched, and throws a FileError naming the target and the cause.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { asFileError } from '../base/file-error.ts';

const EXCLUSIVE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);

/** `.name.<pid>-<random>.tmp`: the pid lets a later process remove it once its writer is dead. */
export function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** Temp files being written by this process, removed on a signal (see removeLiveTemps). */
const live = new Set<string>();

export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const dir = path.dirname(file);
  ensureDir(dir);
  const tmp = tempNameFor(file);
  let fd: number;
  try {
    fd = fs.openSync(tmp, EXCLUSIVE, 0o644);
  } catch (error) {
    throw asFileError(error, file, 'write');
  }
  live.add(tmp);
  try {
    try {
      writeAll(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw asFileError(error, file, 'write');
  } finally {
    live.delete(tmp);
  }
  syncDir(dir);
}

export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Creates a folder (and its parents); a file in the way or a read-only parent is a FileError. */
export function ensureDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw asFileError(realMkdirError(dir) ?? error, dir, 'create folder');
  }
  if (!fs.statSync(dir).isDirectory()) throw asFileError(Object.assign(new Error(), { code: 'ENOTDIR' }), dir, 'create folder');
}

/**
 * A recursive mkdir on a read-only file system says ENOENT; creating the first missing folder
 * alone gives the real cause (EROFS, EACCES).
 */
function realMkdirError(dir: string): unknown {
  let missing = path.resolve(dir);
  while (!fs.existsSync(path.dirname(missing)) && path.dirname(missing) !== missing) missing = path.dirname(missing);
  try {
    fs.mkdirSync(missing);
    fs.rmdirSync(missing);
    return null;
  } catch (error) {
    return error;
  }
}

/** Removes the temp files this process is writing: called from a signal handler before exiting. */
export function removeLiveTemps(): void {
  for (const tmp of live) fs.rmSync(tmp, { force: true });
  live.clear();
}

/** writeSync may write less than asked (a full disk, a signal): loop until all is out or it throws. */
function writeAll(fd: number, content: string | Uint8Array): void {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  let offset = 0;
  while (offset < bytes.length) {
    const n = fs.writeSync(fd, bytes, offset, bytes.length - offset);
    if (n <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
    offset += n;
  }
}

function syncDir(dir: string): void {
  try {
    const dirFd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // Some file systems refuse fsync on a folder; the rename itself has happened.
  }
}
