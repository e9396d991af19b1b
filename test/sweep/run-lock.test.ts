import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { identityOf, isAlive } from '../../src/execute/process-identity.ts';
import { acquireRunLock, FOREIGN_STALE_MS, lockPath, type LockHolder } from '../../src/execute/run-lock.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-lock-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let n = 0;
const freshDir = () => fs.mkdirSync(path.join(work, `run-${n++}`), { recursive: true }) as string;

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

function writeLock(dir: string, holder: LockHolder): void {
  fs.writeFileSync(lockPath(dir), JSON.stringify(holder));
}

describe('run folder lock', () => {
  it('is taken, refused to a second taker while its holder lives, and released', async () => {
    const dir = freshDir();
    const first = await acquireRunLock(dir);
    expect(first.ok).toBe(true);
    const second = await acquireRunLock(dir);
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.why).toMatch(new RegExp(`pid ${process.pid}`));
    if (first.ok) first.lock.release();
    expect(fs.existsSync(lockPath(dir))).toBe(false);
    expect((await acquireRunLock(dir)).ok).toBe(true);
  });

  it('breaks the lock of a dead worker', async () => {
    const dir = freshDir();
    const dead = identityOf(deadPid());
    writeLock(dir, { worker: { ...dead, start: dead.start ?? 1 }, sweep: identityOf(process.pid), since: 'then' });
    const taken = await acquireRunLock(dir);
    expect(taken.ok).toBe(true);
    expect(JSON.parse(fs.readFileSync(lockPath(dir), 'utf8')).worker.pid).toBe(process.pid);
  });

  it('kills an orphaned worker (its sweep is dead) before taking its folder', async () => {
    const dir = freshDir();
    const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => orphan.on('exit', (_code, signal) => resolve(signal)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const worker = identityOf(orphan.pid as number);
    expect(isAlive(worker)).toBe(true);
    writeLock(dir, { worker, sweep: identityOf(deadPid()), since: 'then' });
    const taken = await acquireRunLock(dir);
    expect(taken.ok).toBe(true);
    expect(await exited).toBe('SIGKILL');
  });

  it('leaves a live worker of a live sweep alone', async () => {
    const dir = freshDir();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    writeLock(dir, { worker: identityOf(other.pid as number), sweep: identityOf(process.pid), since: 'now' });
    const taken = await acquireRunLock(dir);
    expect(taken.ok).toBe(false);
    expect(isAlive(identityOf(other.pid as number))).toBe(true);
    other.kill('SIGKILL');
  });

  it('honours a lock from another host while its heartbeat is fresh', async () => {
    const dir = freshDir();
    const elsewhere = { pid: 1, start: 1, host: 'another-host' };
    writeLock(dir, { worker: elsewhere, sweep: elsewhere, since: 'now' });
    expect((await acquireRunLock(dir)).ok).toBe(false);
    const old = new Date(Date.now() - FOREIGN_STALE_MS - 60_000);
    fs.utimesSync(lockPath(dir), old, old);
    expect((await acquireRunLock(dir)).ok).toBe(true);
  });

  it('tells a reused pid from the process that wrote the lock', () => {
    const me = identityOf(process.pid);
    expect(isAlive(me)).toBe(true);
    if (me.start !== null) expect(isAlive({ ...me, start: me.start + 1 })).toBe(false);
  });
});
