/**
 * The one writer of every file toyscale writes. Two ways to write, both safe against a link
 * planted at any name they use and against a crash at any moment:
 *
 * - writeFileAtomic: readers see the old content or the whole new one, never a torn file. A temp
 *   file is created exclusively (O_CREAT | O_EXCL | O_NOFOLLOW, under an unguessable name) in the
 *   target's own folder, written in full, fsynced, renamed over the target, and the folder fsynced.
 *   A link planted at the temp name makes the create fail; one planted at the target is replaced by
 *   the rename, never followed. Temps left by dead writers of the same target (kill -9 between
 *   create and rename) are removed first.
 * - createNewFile: a file written as it grows (a run's curve.csv): whatever is at the name (a file
 *   of an earlier attempt, a planted link) is unlinked and the file created exclusively, so no write
 *   ever goes through a link.
 *
 * Any failure (disk full, read-only folder) removes the temp file, leaves the previous file
 * untouched, and throws a FileError naming the target and the cause.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asFileError } from '../base/file-error.ts';

const EXCLUSIVE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);

/**
 * `.name.<pid>-<host><random>.tmp` (<host>: 8 hex digits of this host's name's hash): the pid and
 * host let a later process on the same host remove it once its writer is dead; a temp of another
 * host sharing the folder (a shard) is never judged by a pid of this one.
 */
export function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${HOST_TAG}${randomBytes(6).toString('hex')}.tmp`);
}

const HOST_TAG = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);

/** Temp files being written by this process, removed on a signal (see removeLiveTemps). */
const live = new Set<string>();

export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  writeFileAtomicWith(file, (fd) => writeAll(fd, content));
}

/**
 * writeFileAtomic for content another writer produces: `fill` writes it to the temp file's
 * descriptor (a child process's stdout, as the bundle's tar), then fsync and rename as above.
 */
export function writeFileAtomicWith(file: string, fill: (fd: number) => void): void {
  const dir = path.dirname(file);
  ensureDir(dir);
  removeDeadTemps(file);
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
      fill(fd);
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

/** A file being written as it grows (createNewFile); every method throws a FileError naming it. */
export interface NewFile {
  /** Writes all of `content` at the end. */
  append(content: string | Uint8Array): void;
  /** fsync, then the file's size in bytes. */
  sync(): number;
  close(): void;
}

/** Starts `file` afresh: whatever is at that name (a file, a link) is unlinked, never followed. */
export function createNewFile(file: string): NewFile {
  ensureDir(path.dirname(file));
  const fd = onFile(file, () => {
    fs.rmSync(file, { force: true });
    return fs.openSync(file, EXCLUSIVE, 0o644);
  });
  return {
    append: (content) => onFile(file, () => writeAll(fd, content)),
    sync: () =>
      onFile(file, () => {
        fs.fsyncSync(fd);
        return fs.fstatSync(fd).size;
      }),
    close: () => onFile(file, () => fs.closeSync(fd)),
  };
}

/** Removes `file`, or a link at its name (never what the link points to); absent is fine. */
export function removeFile(file: string): void {
  onFile(file, () => fs.rmSync(file, { force: true }));
}

function onFile<T>(file: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw asFileError(error, file, 'write');
  }
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
 * A recursive mkdir on a read-only file system says ENOENT (or EEXIST where a file is in the
 * way); creating the first missing folder alone gives the real cause (EROFS, EACCES, ENOTDIR).
 */
function realMkdirError(dir: string): unknown {
  let missing = path.resolve(dir);
  while (!fs.existsSync(path.dirname(missing)) && path.dirname(missing) !== missing) missing = path.dirname(missing);
  try {
    if (fs.existsSync(missing) && !fs.statSync(missing).isDirectory()) return Object.assign(new Error(), { code: 'ENOTDIR' });
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

/**
 * The pid in a temp name of ours for `base` written on this host: `.base.<pid>-<host><hex>.tmp`,
 * or the older forms without the host (`.base.<pid>-<12 hex>.tmp`, `.base.<pid>.tmp`), taken as
 * this host's; null for anything else (another host's temp included).
 */
function tempOwner(name: string, base: string): number | null {
  const prefix = `.${base}.`;
  if (!name.startsWith(prefix) || !name.endsWith('.tmp')) return null;
  const m = /^(\d+)(?:-([0-9a-f]+))?$/.exec(name.slice(prefix.length, -'.tmp'.length));
  if (!m || (m[2] !== undefined && m[2].length !== 12 && !m[2].startsWith(HOST_TAG))) return null;
  return Number(m[1]);
}

/**
 * Temp files of `file` left by a writer on this host that died before its rename (kill -9, power
 * loss): any of ours whose pid is not a live process. Another host's temps are left alone.
 */
export function removeDeadTemps(file: string): void {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = tempOwner(name, base);
    if (pid === null || pid === process.pid || pidAlive(pid)) continue;
    try {
      if (!fs.lstatSync(path.join(dir, name)).isDirectory()) fs.rmSync(path.join(dir, name), { force: true });
    } catch {
      // gone already, or not ours to remove: the write itself says so if it matters
    }
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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
