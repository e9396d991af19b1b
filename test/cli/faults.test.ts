/**
 * Disk and permission faults, end to end: a full disk (a small tmpfs, where this machine lets us
 * mount one), a read-only folder, --out naming a file, SIGTERM in the middle of a report. Each
 * ends with one line naming the path and the cause, a non-zero exit, no temp file, and the
 * previous complete files untouched. (An injected full disk is in test/io/atomic-write.test.ts.)
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/toyscale.js');
const SMOKE = path.resolve('experiments/smoke.ts');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-faults-'));
const mounts: string[] = [];
afterAll(() => {
  for (const dir of mounts.reverse()) spawnSync('umount', [dir]);
  fs.rmSync(work, { recursive: true, force: true });
});

function toyscale(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A tmpfs of `bytes` at a new folder, or null where this machine does not allow mounting. */
function tmpfs(name: string, bytes: number, readOnly = false): string | null {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}${readOnly ? ',ro' : ''}`, 'tmpfs', dir]);
  if (r.status !== 0) return null;
  mounts.push(dir);
  return dir;
}
const canMount = (() => {
  const probe = tmpfs('probe', 4096);
  return probe !== null;
})();

/** Every file under dir with its bytes, to show that nothing complete was touched. */
function snapshot(dir: string): Map<string, string> {
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  return new Map(files.sort().map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]));
}
const temps = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tmp|\.new$|\.stale$/.test(path.basename(f)));
const oneLine = (stderr: string) => stderr.trim().split('\n').pop() ?? '';
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at |Node\.js v\d/m);

describe.skipIf(!canMount)('a full disk (tmpfs)', () => {
  it('during report: one line naming the file, exit 1, no temp file, every old file as it was', () => {
    const used = Number(spawnSync('du', ['-sb', 'results/default'], { encoding: 'utf8' }).stdout.split('\t')[0]);
    // Room for the old files and a few pages more, less than a plot needs.
    const disk = tmpfs('full-report', Math.ceil(used / 4096) * 4096 + 400 * 4096)!;
    const sweep = path.join(disk, 'default');
    fs.cpSync('results/default', sweep, { recursive: true });
    fs.writeFileSync(path.join(disk, 'filler'), Buffer.alloc(Math.max(0, Number(spawnSync('df', ['-B1', '--output=avail', disk], { encoding: 'utf8' }).stdout.split('\n')[1]) - 60_000)));
    const before = snapshot(sweep);
    const r = toyscale('report', sweep);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(new RegExp(`^toyscale: cannot write ${sweep}/\\S+: ENOSPC \\(no space left on device\\)$`));
    expect(temps(sweep)).toEqual([]);
    expect(snapshot(sweep)).toEqual(before);
  });

  it('during a sweep: the runs fail naming ENOSPC and the file, then one last line, and no temp or lock file is left', () => {
    const disk = tmpfs('full-sweep', 20 * 1024)!;
    const r = toyscale('sweep', SMOKE, '--out', disk, '--backend', 'wasm', '--workers', '2', '--progress', 'quiet');
    expect(r.code).toBe(1);
    noStack(r.stderr);
    for (const line of r.stderr.split('\n').filter((l) => / failed: /.test(l))) expect(line).toMatch(/failed: cannot write \/\S+: ENOSPC/);
    expect(oneLine(r.stderr)).toMatch(/^toyscale: cannot write \/\S+: ENOSPC \(no space left on device\)$/);
    expect(temps(disk)).toEqual([]);
    expect(fs.readdirSync(disk, { recursive: true, encoding: 'utf8' }).filter((f) => /(^|\/)lock/.test(f))).toEqual([]);
  });
});

describe('a read-only or wrong --out', () => {
  it('a read-only --out: one line, exit 1, nothing written', () => {
    const ro = tmpfs('ro', 64 * 1024, true) ?? (() => {
      const dir = path.join(work, 'ro-chmod');
      fs.mkdirSync(dir, { mode: 0o555 });
      return dir;
    })();
    const r = toyscale('sweep', SMOKE, '--out', ro, '--backend', 'wasm', '--progress', 'quiet');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').filter((l) => !/^toyscale: sweep smoke: /.test(l))).toEqual([
      expect.stringMatching(new RegExp(`^toyscale: cannot (create folder|write) ${ro}/smoke\\S*: (EROFS|EACCES) `)),
    ]);
    expect(fs.readdirSync(ro)).toEqual([]);
  });

  it.skipIf(!canMount)('collect in a sweep folder that became read-only: one line, exit 1, files untouched', () => {
    const disk = tmpfs('remount', 4 * 1024 * 1024)!;
    const sweep = path.join(disk, 'default');
    fs.cpSync('results/default', sweep, { recursive: true });
    expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);
    const before = snapshot(sweep);
    const r = toyscale('collect', sweep);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(new RegExp(`^toyscale: cannot write ${sweep}/runs\\.csv: EROFS \\(read-only file system\\)$`));
    expect(snapshot(sweep)).toEqual(before);
  });

  it.skipIf(!canMount)('regenerate on a read-only results folder: one line, exit 1, files untouched', () => {
    const disk = tmpfs('regen-ro', 4 * 1024 * 1024)!;
    fs.cpSync('results/default', path.join(disk, 'default'), { recursive: true });
    expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);
    const before = snapshot(disk);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/regenerate.ts', '--results', disk, '--no-readme'], { encoding: 'utf8', timeout: 300_000 });
    expect(r.status).toBe(1);
    noStack(r.stderr);
    expect(oneLine(r.stderr)).toBe(`regenerate: cannot write ${disk}/default/runs.csv: EROFS (read-only file system)`);
    expect(snapshot(disk)).toEqual(before);
  });

  it('--out naming a file: one line naming it, exit 1', () => {
    const file = path.join(work, 'not-a-folder');
    fs.writeFileSync(file, 'hello\n');
    const r = toyscale('sweep', SMOKE, '--out', file, '--backend', 'wasm', '--progress', 'quiet');
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toMatch(new RegExp(`^toyscale: cannot create folder ${file}/smoke\\S*: ENOTDIR`));
    noStack(r.stderr);
    expect(fs.readFileSync(file, 'utf8')).toBe('hello\n');
  });
});

describe('SIGTERM in the middle of a report', () => {
  it('stops with one line and exit 143; report.md links only figures that exist; no temp file', async () => {
    // Time one whole report here and now, then stop copies of it with SIGTERM, searching for the
    // window where figures are being rendered: a copy that finished (exit 0) was signalled too late,
    // one still loading its modules (killed by the signal) too early. On a loaded machine the
    // window moves, so the delay is bisected between the two rather than fixed.
    const source = 'results/mlp-teacher-student';
    const timing = path.join(work, 'term-timing');
    fs.cpSync(source, timing, { recursive: true });
    const started = performance.now();
    expect(toyscale('report', timing).code).toBe(0);
    let [early, late] = [0, (performance.now() - started) * 1.2];
    let stopped = 0;
    for (let attempt = 0; attempt < 8 && stopped === 0; attempt++) {
      const delay = Math.round(attempt === 0 ? late * 0.6 : (early + late) / 2);
      const sweep = path.join(work, `term-${attempt}`);
      fs.cpSync(source, sweep, { recursive: true });
      const child = spawn(process.execPath, [BIN, 'report', sweep], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<[number | null, string | null]>((resolve) => child.on('exit', (code, signal) => resolve([code, signal])));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      if (code === 143) {
        stopped++;
        expect(stderr.trim()).toMatch(new RegExp(`^toyscale: report ${sweep} stopped by SIGTERM; files already written are complete, none is half-written$`));
      } else if (code === null) {
        expect(signal).toBe('SIGTERM'); // still loading its modules: nothing was written yet
        expect(snapshot(sweep)).toEqual(snapshot(source));
        early = delay;
      } else {
        expect(code).toBe(0); // finished before the signal came
        late = delay;
      }
      expect(temps(sweep)).toEqual([]);
      const report = fs.readFileSync(path.join(sweep, 'report.md'), 'utf8');
      const linked = [...report.matchAll(/\]\((plots\/[^)]+)\)/g)].map((m) => m[1]);
      expect(linked.length).toBeGreaterThan(0);
      for (const file of linked) expect(fs.existsSync(path.join(sweep, file)), file).toBe(true);
    }
    expect(stopped).toBeGreaterThan(0);
  }, 300_000);
});
