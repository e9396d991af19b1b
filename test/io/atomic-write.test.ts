/** Atomic writes under faults: a full disk (injected here; a real tmpfs in test/cli/faults), links planted at temp names. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createNewFile, removeDeadTemps, removeLiveTemps, tempNameFor, writeFileAtomic } from '../../src/io/atomic-write.ts';
import { FileError } from '../../src/base/file-error.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-atomic-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

describe('writeFileAtomic', () => {
  it('on a full disk: throws a FileError naming the file, leaves the old content and no temp file', () => {
    const dir = path.join(work, 'full');
    const file = path.join(dir, 'report.md');
    writeFileAtomic(file, 'old, complete\n');
    // Half of the new content goes out, then the disk is full.
    let calls = 0;
    const real = fs.writeSync;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Uint8Array, offset?: number, length?: number) => {
      if (calls++ === 0) return real(fd, buffer, offset ?? 0, Math.floor((length ?? buffer.length) / 2));
      throw enospc();
    }) as typeof fs.writeSync);
    let thrown: unknown;
    try {
      writeFileAtomic(file, 'x'.repeat(20_000));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FileError);
    expect((thrown as Error).message).toBe(`cannot write ${file}: ENOSPC (no space left on device)`);
    expect(fs.readFileSync(file, 'utf8')).toBe('old, complete\n');
    expect(fs.readdirSync(dir)).toEqual(['report.md']);
  });

  it('writes all of a large buffer even when the kernel takes it in pieces', () => {
    const file = path.join(work, 'pieces', 'big.bin');
    const real = fs.writeSync;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Uint8Array, offset?: number, length?: number) =>
      real(fd, buffer, offset ?? 0, Math.min(4096, length ?? buffer.length))) as typeof fs.writeSync);
    const content = Buffer.alloc(50_000, 7);
    writeFileAtomic(file, content);
    expect(fs.readFileSync(file).equals(content)).toBe(true);
  });

  it('never follows a link planted where its temp file goes, nor overwrites what it points to', () => {
    const dir = path.join(work, 'links');
    fs.mkdirSync(dir);
    const victim = path.join(work, 'victim.txt');
    fs.writeFileSync(victim, 'keep me\n');
    const file = path.join(dir, 'runs.csv');
    // Every name this process could choose is unguessable, so plant at a predictable one and make
    // the writer pick it: the exclusive create must refuse it, not write through it.
    const planted = tempNameFor(file);
    fs.symlinkSync(victim, planted);
    const names = vi.fn(() => planted);
    const open = fs.openSync;
    vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) =>
      open(String(p).endsWith('.tmp') ? names() : p, flags ?? 'r', mode)) as typeof fs.openSync);
    expect(() => writeFileAtomic(file, 'a,b\n')).toThrow(/cannot write .*runs\.csv: EEXIST/);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('names the folder when the target\'s folder is a file', () => {
    const blocker = path.join(work, 'a-file');
    fs.writeFileSync(blocker, '');
    expect(() => writeFileAtomic(path.join(blocker, 'sweep', 'sweep.json'), '{}')).toThrow(
      new RegExp(`^cannot create folder ${blocker}/sweep: ENOTDIR`),
    );
  });

  it('removeLiveTemps has nothing to remove once writes have returned', () => {
    const dir = path.join(work, 'live');
    writeFileAtomic(path.join(dir, 'a.txt'), 'a');
    removeLiveTemps();
    expect(fs.readdirSync(dir)).toEqual(['a.txt']);
  });

  it("removes the temps its target's dead writers on this host left, and nobody else's", () => {
    const dir = path.join(work, 'dead-temps');
    fs.mkdirSync(dir);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const mine = path.basename(tempNameFor(path.join(dir, 'fits.json')));
    const ours = (pid: number) => mine.replace(`.${process.pid}-`, `.${pid}-`);
    const otherHost = `.fits.json.${dead}-${mine.split('-')[1].startsWith('ffffffff') ? '00000000' : 'ffffffff'}0a1b2c3d4e5f.tmp`;
    const names = [ours(dead), `.fits.json.${dead}.tmp`, `.fits.json.${dead}-0a1b2c3d4e5f.tmp`, ours(process.ppid), otherHost, `.fits.csv.${dead}-0a1b2c3d4e5f.tmp`, 'notes.tmp'];
    for (const name of names) fs.writeFileSync(path.join(dir, name), 'x');
    removeDeadTemps(path.join(dir, 'fits.json'));
    expect(fs.readdirSync(dir).sort()).toEqual([ours(process.ppid), otherHost, `.fits.csv.${dead}-0a1b2c3d4e5f.tmp`, 'notes.tmp'].sort());
  });
});

describe('createNewFile (a file written as it grows: curve.csv)', () => {
  it('replaces a link planted at its name, never writing through it (issue 29 case 2)', () => {
    const dir = path.join(work, 'grow');
    fs.mkdirSync(dir);
    const victim = path.join(work, 'grow-victim.txt');
    fs.writeFileSync(victim, 'keep me\n');
    const file = path.join(dir, 'curve.csv');
    fs.symlinkSync(victim, file);
    const out = createNewFile(file);
    out.append('step,tokens\n');
    out.append(Buffer.from('0,0\n'));
    expect(out.sync()).toBe(16);
    out.close();
    expect(fs.lstatSync(file).isFile()).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('step,tokens\n0,0\n');
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me\n');
  });

  it('a full disk while appending is a FileError naming the file', () => {
    const file = path.join(work, 'grow-full', 'curve.csv');
    const out = createNewFile(file);
    vi.spyOn(fs, 'writeSync').mockImplementation((() => {
      throw enospc();
    }) as typeof fs.writeSync);
    expect(() => out.append('x')).toThrow(new RegExp(`^cannot write ${file}: ENOSPC`));
    vi.restoreAllMocks();
    out.close();
  });
});
