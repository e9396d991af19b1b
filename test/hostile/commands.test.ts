/**
 * Every command as a hostile user drives it (issue 29, cases 1–5, 9 and 13): links planted at every
 * name a command writes, a final name or a temp name (the old `.name.<pid>.tmp` for the next
 * pids); --out naming a file; a read-only or full disk; stdout closed early; a spec that loops at
 * import; SIGTERM while training and in the tune stage. Each ends as the issue says it must: no
 * file outside the output touched, one line naming the path and the cause, exit 128 + signal.
 * On main, export and the worker followed the links (cases 1, 2), compare wrote its PNG through
 * one (case 3), printed stacks (case 4), export aborted on 1e39 (case 5), the loop spec ignored
 * SIGTERM (case 9) and a stopped sweep exited 2 (case 13).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smokeSweepCopy } from '../helpers/smoke.ts';

const BIN = path.resolve('bin/toyscale.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-hostile-'));
const mounts: string[] = [];
afterAll(() => {
  for (const dir of mounts.reverse()) spawnSync('umount', [dir]);
  fs.rmSync(work, { recursive: true, force: true });
});

function toyscale(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const regenerate = (results: string) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/regenerate.ts', '--results', results, '--no-readme'], { encoding: 'utf8', timeout: 300_000 });
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at |Node\.js v\d/m);
const temps = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tmp$/.test(path.basename(f)));

function tmpfs(name: string, bytes: number): string | null {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]).status !== 0) return null;
  mounts.push(dir);
  return dir;
}
const canMount = tmpfs('probe', 4096) !== null;

/** How many runs the committed default experiment has. */
const DEFAULT_RUNS = fs.readdirSync('results/default/runs').length;

/** A copy of results/default, fitted by this toyscale (fits.json records its runs.csv). */
function fittedDefault(name: string): string {
  const dir = path.join(work, name, 'default');
  fs.cpSync('results/default', dir, { recursive: true });
  const r = toyscale('fit', dir, '--bootstrap', '8');
  expect(r.code, r.stderr).toBe(0);
  return dir;
}

// ------------------------------------------------------------------ links at every name written

const victims: string[] = [];
/** Replaces `file` (or plants at its name) a link to a fresh victim outside the output. */
function plantLink(file: string): void {
  const victim = path.join(work, 'victims', `${victims.length}.txt`);
  fs.mkdirSync(path.dirname(victim), { recursive: true });
  fs.writeFileSync(victim, 'keep me\n');
  victims.push(victim);
  fs.rmSync(file, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.symlinkSync(victim, file);
}
/** The old temp names (`.name.<pid>.tmp`) for the next pids, all linking to one victim. */
function plantOldTemps(file: string, count = 400): void {
  const victim = path.join(work, 'victims', `${victims.length}.txt`);
  fs.mkdirSync(path.dirname(victim), { recursive: true });
  fs.writeFileSync(victim, 'keep me\n');
  victims.push(victim);
  const last = Number(fs.readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8'));
  for (let pid = last + 1; pid <= last + count; pid++) {
    try {
      fs.symlinkSync(victim, path.join(path.dirname(file), `.${path.basename(file)}.${pid}.tmp`));
    } catch {
      // already planted
    }
  }
}
const expectRegular = (file: string) => expect(fs.lstatSync(file).isFile(), `${file} is a regular file`).toBe(true);
const plantedOldTemps = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.\d+\.tmp$/.test(f));
function clearOldTemps(dir: string): void {
  for (const f of plantedOldTemps(dir)) fs.rmSync(path.join(dir, f));
}

describe('a link planted at any name a command writes is never followed (cases 1–3)', () => {
  let sweep: string;
  beforeAll(() => {
    sweep = fittedDefault('links');
  });
  afterAll(() => {
    for (const victim of victims) expect(fs.readFileSync(victim, 'utf8'), victim).toBe('keep me\n');
  });

  it('collect, fit and report', () => {
    expect(toyscale('report', sweep).code).toBe(0);
    const outputs = ['runs.csv', 'curves.csv', 'fits.csv', 'fits.json', 'report.md', ...fs.readdirSync(path.join(sweep, 'plots')).map((f) => path.join('plots', f))].map((f) => path.join(sweep, f));
    for (const file of outputs) {
      plantLink(file);
      plantOldTemps(file, 300);
    }
    for (const command of ['collect', 'fit', 'report']) {
      const r = toyscale(command, sweep);
      expect(r.code, `${command}: ${r.stderr}`).toBe(0);
    }
    for (const file of outputs) expectRegular(file);
    clearOldTemps(sweep);
    expect(temps(sweep)).toEqual([]);
  });

  it('export tensorboard (case 1)', () => {
    const out = path.join(work, 'links-tb');
    expect(toyscale('export', 'tensorboard', sweep, '--out', out).code).toBe(0);
    const files = fs.readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.toyscale')).map((f) => path.join(out, f));
    expect(files).toHaveLength(DEFAULT_RUNS);
    for (const file of files) {
      plantLink(file);
      plantOldTemps(file);
    }
    const r = toyscale('export', 'tensorboard', sweep, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    for (const file of files) expectRegular(file);
    clearOldTemps(out);
    expect(temps(out)).toEqual([]);
  });

  it('compare (case 3)', () => {
    const other = fittedDefault('links-other');
    const out = path.join(work, 'links-compare');
    for (const name of ['compare.svg', 'compare.png']) {
      plantLink(path.join(out, name));
      plantOldTemps(path.join(out, name));
    }
    const r = toyscale('compare', sweep, other, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    for (const name of ['compare.svg', 'compare.png']) expectRegular(path.join(out, name));
    expect(fs.readFileSync(path.join(out, 'compare.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it("the worker's curve.csv and summary.json, in a sweep that retrains a run (case 2)", () => {
    const out = path.join(work, 'links-sweep');
    const smoke = smokeSweepCopy(out);
    const [id] = fs.readdirSync(path.join(smoke, 'runs')).sort();
    const run = path.join(smoke, 'runs', id);
    fs.rmSync(path.join(run, 'summary.json'));
    for (const name of ['curve.csv', 'summary.json', 'error.txt']) plantLink(path.join(run, name));
    // And every file of the sweep folder the sweep rewrites after training.
    const sweepFiles = ['sweep.json', 'plan.json', 'runs.csv', 'curves.csv', 'fits.csv', 'fits.json', 'report.md'].map((f) => path.join(smoke, f));
    for (const file of sweepFiles) plantLink(file);
    const r = toyscale('sweep', path.resolve('experiments/smoke.ts'), '--out', out, '--backend', 'wasm', '--workers', '1', '--progress', 'quiet');
    expect(r.code, r.stderr).toBe(0);
    for (const file of [...['curve.csv', 'summary.json'].map((name) => path.join(run, name)), ...sweepFiles.filter((f) => fs.existsSync(f))]) expectRegular(file);
    expect(fs.readFileSync(path.join(run, 'curve.csv'), 'utf8')).toMatch(/^step,tokens,/);
  });

  it('regenerate', () => {
    const results = path.join(work, 'links-results');
    fs.mkdirSync(results);
    fs.cpSync(sweep, path.join(results, 'default'), { recursive: true });
    const outputs = ['README.md', 'exponents.svg', 'exponents.png', 'default/fits.json', 'default/report.md'].map((f) => path.join(results, f));
    for (const file of outputs) plantLink(file);
    const r = regenerate(results);
    expect(r.status, r.stderr).toBe(0);
    for (const file of outputs.filter((f) => fs.existsSync(f))) expectRegular(file);
  });
});

// ------------------------------------------------------------------ one error path (cases 4, 5)

describe('file-system errors are one line naming the path and the cause (case 4)', () => {
  it('export tensorboard --out naming a file', () => {
    const sweep = fittedDefault('enotdir');
    const file = path.join(work, 'a-file');
    fs.writeFileSync(file, 'hello\n');
    const r = toyscale('export', 'tensorboard', sweep, '--out', file);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(new RegExp(`^toyscale: cannot create folder ${file}/\\S+: ENOTDIR`));
    noStack(r.stderr);
    expect(fs.readFileSync(file, 'utf8')).toBe('hello\n');
  });

  it('compare --out naming a file', () => {
    const sweep = fittedDefault('compare-enotdir');
    const file = path.join(work, 'another-file');
    fs.writeFileSync(file, 'hello\n');
    const r = toyscale('compare', sweep, sweep, '--out', file);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(new RegExp(`^toyscale: cannot create folder ${file}: ENOTDIR`));
    noStack(r.stderr);
  });

  it('fit --json | head -c 50 ends quietly (EPIPE)', () => {
    const sweep = fittedDefault('epipe');
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" fit "${sweep}" --json --bootstrap 8 | head -c 50 > /dev/null`], { encoding: 'utf8', timeout: 300_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.skipIf(!canMount)('export and compare on a full disk: one line, exit 1, no temp, no partial file', () => {
    const sweep = fittedDefault('full');
    const disk = tmpfs('full-disk', 64 * 1024)!;
    const free = fs.statfsSync(disk);
    fs.writeFileSync(path.join(disk, 'filler'), Buffer.alloc(free.bavail * free.bsize - 4096));
    for (const args of [['export', 'tensorboard', sweep, '--out', path.join(disk, 'tb')], ['compare', sweep, sweep, '--out', path.join(disk, 'cmp')]]) {
      const r = toyscale(...args);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trim()).toMatch(/^toyscale: cannot write \/\S+: ENOSPC \(no space left on device\)$/);
      expect(temps(disk)).toEqual([]);
    }
    expect(fs.existsSync(path.join(disk, 'cmp', 'compare.png'))).toBe(false);
  });

  it.skipIf(!canMount)('export from a read-only sweep says EROFS', () => {
    const disk = tmpfs('ro-sweep', 4 * 1024 * 1024)!;
    fs.cpSync(fittedDefault('ro-source'), path.join(disk, 'default'), { recursive: true });
    expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);
    const r = toyscale('export', 'tensorboard', path.join(disk, 'default'));
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(new RegExp(`^toyscale: cannot create folder ${disk}/default/tensorboard\\S*: EROFS \\(read-only file system\\)$`));
  });

  it('export tensorboard goes on past a value float32 cannot hold (case 5)', () => {
    const sweep = fittedDefault('float32');
    const [first] = fs.readdirSync(path.join(sweep, 'runs')).sort();
    const curve = path.join(sweep, 'runs', first, 'curve.csv');
    fs.writeFileSync(curve, fs.readFileSync(curve, 'utf8').replace(/\n(\d+),(\d+),([^,]*),([^,]*),([^,]*),([^,]*),/, '\n$1,$2,$3,$4,-1e308,1e39,'));
    const r = toyscale('export', 'tensorboard', sweep, '--out', path.join(work, 'float32-tb'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`export: ${DEFAULT_RUNS} runs`);
    expect(r.stderr).toMatch(new RegExp(`${first}: 2 value\\(s\\) beyond float32`));
  });
});

// ------------------------------------------------------------------ signals win (cases 9, 13)

async function stopWith(signal: NodeJS.Signals, args: string[], when: (pid: number) => boolean, group = false): Promise<{ code: number | null; ms: number; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], detached: group });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const pid = child.pid as number;
  for (let i = 0; i < 2400 && !when(pid); i++) await new Promise((r) => setTimeout(r, 25));
  const sent = performance.now();
  process.kill(group ? -pid : pid, signal);
  const timeout = setTimeout(() => process.kill(group ? -pid : pid, 'SIGKILL'), 20_000);
  const code = await exit;
  clearTimeout(timeout);
  return { code, ms: performance.now() - sent, stderr };
}

function busyFor(pid: number, ms: number): boolean {
  const [utime, stime] = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ').slice(11, 13).map(Number);
  return ((utime + stime) * 1000) / 100 > ms;
}
const workersOf = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter((c) => c && fs.readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('worker.ts')).length;
  } catch {
    return 0;
  }
};

describe('signals always win (cases 9, 13)', () => {
  const loop = path.join(work, 'loop-spec.ts');
  beforeAll(() => fs.writeFileSync(loop, `while (true) {}\nexport default {};\n`));

  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`a spec that loops at import: ${signal} ends toyscale sweep within 5 s with exit ${code}`, async () => {
      const r = await stopWith(signal, ['sweep', loop, '--out', path.join(work, 'loop-out')], (pid) => busyFor(pid, 1500));
      expect(r.code).toBe(code);
      expect(r.ms).toBeLessThan(5000);
      expect(r.stderr).toMatch(new RegExp(`stopped by ${signal}`));
    });
  }

  it('a spec that loops at import is stopped at its deadline, even with --dry-run', () => {
    const started = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'sweep', loop, '--dry-run', '--out', path.join(work, 'loop-out')], { cwd: work, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TOYSCALE_SPEC_TIMEOUT_S: '2' } });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/loop-spec\.ts: did not finish loading within 2 s \(a loop at import\?\); stopped/);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('SIGTERM while training exits 143', async () => {
    const r = await stopWith('SIGTERM', ['sweep', path.resolve('test/sweep/fixtures/kill-spec.ts'), '--out', path.join(work, 'term-train'), '--backend', 'wasm', '--workers', '2', '--progress', 'quiet'], (pid) => workersOf(pid) >= 2, true);
    expect(r.code).toBe(143);
    expect(r.stderr).toMatch(/interrupted/);
  });

  it('SIGTERM in the tune stage exits 143', async () => {
    const spec = path.join(work, 'tune-spec.ts');
    fs.writeFileSync(
      spec,
      `export default {
  name: 'tiny-tune',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', aspectRatio: 32, headDim: 16, tiedEmbedding: true },
  design: { kind: 'grid', n: [2_000, 8_000], d: [8_192] },
  train: { batchSize: 8, contextLength: 32, evalTokens: 1_024, evalPoints: 2 },
  tune: { learningRates: { min: 1e-3, max: 3e-2, points: 3 }, tokens: 8_192 },
  seeds: [0],
};\n`,
    );
    // Signalled once a tune run has started its curve (the standby worker starts before the stage).
    const tuneRuns = path.join(work, 'term-tune', 'tiny-tune', 'tune', 'runs');
    const tuning = () => fs.existsSync(tuneRuns) && fs.readdirSync(tuneRuns).some((id) => fs.existsSync(path.join(tuneRuns, id, 'curve.csv')));
    const r = await stopWith('SIGTERM', ['sweep', spec, '--out', path.join(work, 'term-tune'), '--backend', 'wasm', '--workers', '2', '--progress', 'quiet'], tuning, true);
    expect(r.code).toBe(143);
    expect(r.stderr).toMatch(/tune stage interrupted/);
  });
});
