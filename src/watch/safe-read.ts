/**
 * Reads a file of a sweep folder for the watch server, which must never be led outside the folder
 * nor hang: O_NOFOLLOW refuses a symlink as the last component (symlinked folders are refused by
 * the caller, which lists entries with lstat), O_NONBLOCK keeps a FIFO from blocking the open, and
 * fstat refuses anything but a regular file or one over the size limit. Every failure is null: a
 * file being written, deleted or replaced is "not there yet", never an error.
 */
import fs from 'node:fs';

/** Larger than any curve a sweep writes (a 100k-step curve is ~10 MB); a bigger file is not ours. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export function readFileSafe(file: string, maxBytes = MAX_FILE_BYTES): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > maxBytes) return null;
    return fs.readFileSync(fd, 'utf8');
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** True when `file` is there as a regular file of its own (not a symlink). */
export function isPlainFile(file: string): boolean {
  try {
    return fs.lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/** The size of `file` when it is a regular file of its own (not a symlink, not a FIFO); else null. */
export function plainFileSize(file: string): number | null {
  try {
    const stat = fs.lstatSync(file);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

/** Names of the real sub-folders of `dir` (symlinks, files and unreadable entries left out). */
export function plainSubdirs(dir: string): string[] {
  try {
    if (!fs.lstatSync(dir).isDirectory()) return [];
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}
