/**
 * A file that could not be written or read for a reason outside the program (disk full, read-only
 * folder, a path that names a file where a folder is needed). The CLI prints it as one line naming
 * the path and the cause, never as a stack trace.
 */
export class FileError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
    readonly action: 'write' | 'read' | 'open' | 'create folder',
  ) {
    super(`cannot ${action} ${file}: ${code}${ERRNO_TEXT[code] ? ` (${ERRNO_TEXT[code]})` : ''}`);
    this.name = 'FileError';
  }
}

const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a path component is a file, not a folder',
  EISDIR: 'is a folder',
  EEXIST: 'already exists',
  ENOENT: 'no such file or folder',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
};

/** Rethrows an errno error from the file system as a FileError about `file`; anything else as is. */
export function asFileError(error: unknown, file: string, action: FileError['action']): unknown {
  if (error instanceof FileError) return error;
  const raw = (error as NodeJS.ErrnoException | null)?.code;
  const code = raw === 'ERR_FS_EISDIR' ? 'EISDIR' : raw; // fs.rm's own name for a folder where a file was expected
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? new FileError(file, code, action) : error;
}

/**
 * An errno error from Node's fs (it carries the path and the system call) as a FileError; null for
 * anything else. The CLI's last net: a file error no stage mapped still prints as one line.
 */
export function fileErrorOf(error: unknown): FileError | null {
  const e = error as NodeJS.ErrnoException | null;
  if (typeof e?.code !== 'string' || !/^E[A-Z]+$/.test(e.code) || typeof e.path !== 'string') return null;
  const action: FileError['action'] = e.syscall === 'mkdir' ? 'create folder' : e.syscall === 'open' ? 'open' : READS.has(e.syscall ?? '') ? 'read' : 'write';
  return new FileError(e.path, e.code, action);
}

const READS = new Set(['read', 'scandir', 'stat', 'lstat', 'fstat', 'readlink', 'access']);
