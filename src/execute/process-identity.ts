/**
 * Who a process is, robustly enough to decide whether a lock holder is still alive: a pid alone
 * can be reused, so on Linux we also compare the start time from /proc/<pid>/stat. Elsewhere the
 * start time is null and liveness falls back to kill(pid, 0).
 */
import fs from 'node:fs';
import os from 'node:os';

export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot (Linux), or null where /proc is absent. */
  start: number | null;
  host: string;
}

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and ")". */
function statFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

export function identityOf(pid: number): ProcessIdentity {
  const fields = statFields(pid);
  // Field 22 of stat is the start time; after the name, that is index 19 (state is index 0).
  return { pid, start: fields ? Number(fields[19]) : null, host: os.hostname() };
}

export const selfIdentity = (): ProcessIdentity => identityOf(process.pid);

/** Alive on this host and the same process (not a reused pid, not a zombie). */
export function isAlive(who: ProcessIdentity): boolean {
  const fields = statFields(who.pid);
  if (fields) return fields[0] !== 'Z' && fields[0] !== 'X' && (who.start === null || Number(fields[19]) === who.start);
  if (fs.existsSync('/proc/self/stat')) return false; // Linux, and the pid is gone
  try {
    process.kill(who.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGKILLs a process and waits (up to timeoutMs) until it is gone. */
export async function killAndWait(who: ProcessIdentity, timeoutMs = 10_000): Promise<boolean> {
  if (!isAlive(who)) return true; // never signal a pid that now belongs to someone else
  try {
    process.kill(who.pid, 'SIGKILL');
  } catch {
    return !isAlive(who);
  }
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!isAlive(who)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !isAlive(who);
}
