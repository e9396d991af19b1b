/**
 * One writer per run folder. A worker takes `<runDir>/lock` before it touches the folder; the lock
 * names the worker and its parent sweep (pid + start time + host). A later worker that finds it:
 * - holder dead (killed, crashed): the lock is stale and is broken;
 * - holder alive but its sweep dead (an orphan left by a kill -9 of the sweep): the orphan is
 *   SIGKILLed first, so it can never write into a folder that is being retrained;
 * - holder and sweep alive: another sweep is training this run right now; the run is left alone.
 * Locks from another host (a shared filesystem) cannot be checked by pid: they are honoured while
 * their heartbeat (the lock's mtime, touched at every logged row) is recent.
 */
import fs from 'node:fs';
import os from 'node:os';
import { asFileError } from '../base/file-error.ts';
import { runPaths } from '../io/sweep-folder.ts';
import { identityOf, isAlive, killAndWait, selfIdentity, type ProcessIdentity } from './process-identity.ts';

export interface LockHolder {
  worker: ProcessIdentity;
  sweep: ProcessIdentity;
  since: string;
}

export type LockResult = { ok: true; lock: RunLock } | { ok: false; holder: LockHolder; why: string };

export interface RunLock {
  heartbeat(): void;
  release(): void;
}

/** A foreign-host lock not touched for this long is taken to belong to a dead process. */
export const FOREIGN_STALE_MS = 15 * 60_000;

export const lockPath = (dir: string): string => runPaths(dir).lock;

/** `sweepPid`: the sweep that started this worker (its parent), recorded so orphans are recognised. */
export async function acquireRunLock(dir: string, sweepPid = process.ppid): Promise<LockResult> {
  const file = lockPath(dir);
  const mine: LockHolder = { worker: selfIdentity(), sweep: identityOf(sweepPid), since: new Date().toISOString() };
  const content = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (createExclusive(file, content)) return { ok: true, lock: ownLock(file) };
    const found = readHolder(file);
    if (found === 'gone') continue;
    if (found === 'unreadable') {
      await sleep(50);
      continue;
    }
    const verdict = classify(file, found);
    if (verdict === 'busy') return { ok: false, holder: found, why: `trained by pid ${found.worker.pid} on ${found.worker.host} (sweep pid ${found.sweep.pid}) since ${found.since}` };
    if (verdict === 'orphan' && !(await killAndWait(found.worker))) {
      return { ok: false, holder: found, why: `orphaned worker pid ${found.worker.pid} would not die` };
    }
    breakLock(file, found);
  }
  throw new Error(`${file}: could not take the lock after 50 attempts`);
}

/** link() a complete temp file into place: the lock appears whole or not at all, never torn. */
function createExclusive(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}.new`;
  fs.rmSync(tmp, { force: true }); // only this process uses this name; never follow what is there
  try {
    fs.writeFileSync(tmp, content, { flag: 'wx' });
    fs.linkSync(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw asFileError(error, file, 'write');
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function readHolder(file: string): LockHolder | 'gone' | 'unreadable' {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable';
  }
}

function classify(file: string, holder: LockHolder): 'stale' | 'orphan' | 'busy' {
  if (holder.worker.host !== os.hostname()) {
    const age = Date.now() - safeMtime(file);
    return age > FOREIGN_STALE_MS ? 'stale' : 'busy';
  }
  if (!isAlive(holder.worker)) return 'stale';
  return isAlive(holder.sweep) ? 'busy' : 'orphan';
}

/**
 * Moves a stale lock aside; if what was moved is not the lock we judged (another worker replaced
 * it meanwhile), puts it back. Two sweeps racing for one stale lock is the only case this guards.
 */
function breakLock(file: string, judged: LockHolder): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return; // someone else broke it first
  }
  const moved = readHolder(aside);
  const same = typeof moved === 'object' && moved.worker.pid === judged.worker.pid && moved.worker.start === judged.worker.start && moved.since === judged.since;
  if (!same) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // a third lock is already there; it wins
    }
  }
  fs.rmSync(aside, { force: true });
}

/** The sweep removes a lock its worker left when it died (killed, Ctrl-C): tidy, not needed. */
export function releaseLockOf(dir: string, workerPid: number): void {
  const file = lockPath(dir);
  const holder = readHolder(file);
  if (typeof holder === 'object' && holder.worker.pid === workerPid && holder.worker.host === os.hostname()) fs.rmSync(file, { force: true });
}

function ownLock(file: string): RunLock {
  return {
    heartbeat() {
      const now = new Date();
      try {
        fs.lutimesSync(file, now, now); // a link put in its place is touched itself, never what it points to
      } catch {
        // a missing lock is noticed by whoever looks next; the heartbeat is advisory
      }
    },
    release() {
      const holder = readHolder(file);
      if (typeof holder === 'object' && holder.worker.pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}

function safeMtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whether a run folder's lock stands for a live worker, judged as a worker taking the lock judges
 * it (pids and start times on this host, the heartbeat for another host's): for the watch page,
 * which must not show a run as running whose worker died with its sweep (kill -9).
 */
export type LockState = { state: 'none' } | { state: 'live' } | { state: 'dead'; why: string };

export function lockState(dir: string): LockState {
  const file = lockPath(dir);
  const holder = readHolderNoFollow(file);
  if (holder === 'gone') return { state: 'none' };
  // An unreadable lock (another writer's, hand-made) cannot be judged: taken as live, as a worker would wait on it.
  if (holder === 'unreadable' || typeof holder?.worker?.pid !== 'number' || typeof holder.sweep?.pid !== 'number') return { state: 'live' };
  const verdict = classify(file, holder);
  if (verdict === 'busy') return { state: 'live' };
  if (verdict === 'orphan') return { state: 'dead', why: `its lock names worker pid ${holder.worker.pid}, whose sweep (pid ${holder.sweep.pid}) is gone; the worker stops without writing` };
  return { state: 'dead', why: `its lock names worker pid ${holder.worker.pid} on ${holder.worker.host}, which is no longer running (stopped or killed): rerun the sweep to train it` };
}

/** readHolder for a reader that must not be led anywhere: no link followed, no FIFO waited on. */
function readHolderNoFollow(file: string): LockHolder | 'gone' | 'unreadable' {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable';
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > 64 * 1024) return 'unreadable';
    return JSON.parse(fs.readFileSync(fd, 'utf8')) as LockHolder;
  } catch {
    return 'unreadable';
  } finally {
    fs.closeSync(fd);
  }
}
