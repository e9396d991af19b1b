/** End to end through the real bin: a smoke sweep, the stages rerun alone, and bad input. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv.ts';
import { smokeFixture, smokeSweepCopy } from '../helpers/smoke.ts';

const BIN = path.resolve('bin/toyscale.js');
/** The columns DESIGN.md promises users' scripts, in order ("Contracts worth keeping stable"): written out, not read from the code that writes them. */
const STABLE_RUNS_COLUMNS = [
  'run_id', 'sweep', 'task', 'family', 'n_params', 'n_nonembed', 'tokens', 'epochs', 'flops_6nd', 'flops',
  'final_eval_loss', 'best_eval_loss', 'status', 'seconds', 'tokens_per_s', 'backend', 'device', 'seed',
];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-cli-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function toyscale(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', timeout: 300_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under dir, so a failing command can be shown to have written nothing. */
function filesUnder(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) : [];
}

describe('toyscale sweep (smoke spec, end to end)', () => {
  const out = path.join(work, 'results');
  const sweepDir = path.join(out, 'smoke');

  it('trains, collects, fits and reports', () => {
    // The e2e project's global setup ran this very command once (sweep smoke --backend wasm
    // --workers 2 --progress lines) and kept its output; this file works on a copy of its folder.
    const r = smokeFixture();
    smokeSweepCopy(out);
    expect(r.stderr + r.stdout).not.toMatch(/Error:/);
    expect(r.code).toBe(0);
    const runs = readCsv(path.join(sweepDir, 'runs.csv'));
    expect(runs).toHaveLength(2);
    expect(Object.keys(runs[0]).slice(0, STABLE_RUNS_COLUMNS.length)).toEqual(STABLE_RUNS_COLUMNS);
    expect(Object.keys(runs[0])).toEqual(expect.arrayContaining(['regime', 'regime_reason', 'eval_loss_se']));
    for (const run of runs) {
      expect(run.status).toBe('done');
      expect(run.backend).toBe('wasm');
      expect(run.device).toMatch(/wasm/);
      expect(Number(run.final_eval_loss)).toBeGreaterThan(0);
      // Provenance: which code and which data trained it.
      expect(run.toyscale_version).toMatch(/^\d+\.\d+\.\d+/);
      expect(run.git_commit).toMatch(/^[0-9a-f]{12}(-dirty)?$/);
      expect(run.data_hash).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(new Set(runs.map((run) => run.data_hash)).size).toBe(1);
    expect(fs.existsSync(path.join(sweepDir, 'curves.csv'))).toBe(true);
    expect(fs.existsSync(path.join(sweepDir, 'report.md'))).toBe(true);
    expect(fs.readFileSync(path.join(sweepDir, 'report.md'), 'utf8')).toMatch(/wasm/);
    // Log mode: each evaluation of each run, with the sweep's elapsed time, ETA and that eval loss.
    const evals = r.stderr.split('\n').filter((l) => / run-progress /.test(l));
    expect(evals.length).toBeGreaterThanOrEqual(2 * 4);
    for (const line of evals) expect(line).toMatch(/^\[runs \d\/2, \d+%\] \S+ elapsed, ETA \S+ \| run-progress gpt-\S+ step \d+\/\d+, eval \d+\.\d{3}$/);
    expect(r.stderr).toMatch(/\| run-end gpt-\S+ finished, eval \d+\.\d{3}$/m);
  });

  it('resumes: a rerun trains nothing, reproduces runs.csv and keeps the recorded wall time', () => {
    const before = fs.readFileSync(path.join(sweepDir, 'runs.csv'), 'utf8');
    const meta = fs.readFileSync(path.join(sweepDir, 'sweep.json'), 'utf8');
    const report = fs.readFileSync(path.join(sweepDir, 'report.md'), 'utf8');
    const r = toyscale('sweep', path.resolve('experiments/smoke.ts'), '--out', out, '--backend', 'wasm', '--progress', 'lines');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/0 to train, 2 already finished/);
    expect(fs.readFileSync(path.join(sweepDir, 'runs.csv'), 'utf8')).toBe(before);
    expect(fs.readFileSync(path.join(sweepDir, 'sweep.json'), 'utf8')).toBe(meta);
    expect(fs.readFileSync(path.join(sweepDir, 'report.md'), 'utf8')).toBe(report);
  });

  it('--progress json: events on stderr, one JSON object (the fit) on stdout', () => {
    const r = toyscale('sweep', path.resolve('experiments/smoke.ts'), '--out', out, '--backend', 'wasm', '--progress', 'json');
    expect(r.code).toBe(0);
    const fit = JSON.parse(r.stdout) as { fits: unknown[] };
    expect(Array.isArray(fit.fits)).toBe(true);
    const events = r.stderr.trim().split('\n').map((line) => JSON.parse(line) as { event: string });
    expect(events.map((e) => e.event)).toEqual(['start', 'end']);
  });

  it('refuses to resume on another backend: its runs would not be the finished ones', () => {
    const before = fs.readFileSync(path.join(sweepDir, 'runs.csv'), 'utf8');
    const r = toyscale('sweep', path.resolve('experiments/smoke.ts'), '--out', out, '--backend', 'cpu', '--progress', 'lines');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/2 finished run\(s\) were trained on wasm .*would train on cpu.*--backend wasm to resume/);
    expect(fs.readFileSync(path.join(sweepDir, 'runs.csv'), 'utf8')).toBe(before);
  });

  it('reruns collect and report alone, without training', () => {
    fs.rmSync(path.join(sweepDir, 'runs.csv'));
    expect(toyscale('collect', sweepDir).code).toBe(0);
    expect(readCsv(path.join(sweepDir, 'runs.csv'))).toHaveLength(2);
    fs.rmSync(path.join(sweepDir, 'report.md'));
    expect(toyscale('report', sweepDir).code).toBe(0);
    expect(fs.existsSync(path.join(sweepDir, 'report.md'))).toBe(true);
  });

  it('a cut summary.json and an emptied config.json: the sweep goes on, retrains that run and rewrites the config', () => {
    const [first, second] = fs.readdirSync(path.join(sweepDir, 'runs')).sort();
    const config = fs.readFileSync(path.join(sweepDir, 'runs', second, 'config.json'), 'utf8');
    fs.writeFileSync(path.join(sweepDir, 'runs', first, 'summary.json'), '{"runId":');
    fs.writeFileSync(path.join(sweepDir, 'runs', second, 'config.json'), '');
    const r = toyscale('sweep', path.resolve('experiments/smoke.ts'), '--out', out, '--backend', 'wasm', '--progress', 'lines');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/1 to train, 1 already finished/);
    expect(fs.readFileSync(path.join(sweepDir, 'runs', second, 'config.json'), 'utf8')).toBe(config);
    expect(readCsv(path.join(sweepDir, 'runs.csv')).map((row) => row.status)).toEqual(['done', 'done']);
  });

  it('--dry-run prints the plan and writes nothing', () => {
    const dry = path.join(work, 'dry');
    const r = toyscale('sweep', path.resolve('experiments/smoke.ts'), '--out', dry, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 runs/);
    expect(filesUnder(dry)).toEqual([]);
  });
});

describe('bad input: one line, non-zero exit, nothing written', () => {
  const out = path.join(work, 'bad');
  const cases: Array<[string, string[], RegExp]> = [
    ['a missing spec file', ['sweep', 'no-such-spec.ts', '--out', out], /no-such-spec\.ts: no such spec file/],
    ['an unknown backend', ['sweep', path.resolve('experiments/smoke.ts'), '--out', out, '--backend', 'tpu'], /unknown backend "tpu"/],
    ['an unknown command', ['swep'], /unknown command "swep" \(did you mean "sweep"\?\)/],
    ['an unknown flag', ['sweep', path.resolve('experiments/smoke.ts'), '--wrokers', '2'], /wrokers/],
    ['a missing CSV', ['fit', 'missing.csv'], /missing\.csv/],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const r = toyscale(...args);
      expect(r.code).not.toBe(0);
      expect(r.code).not.toBeNull();
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(filesUnder(out)).toEqual([]);
    });
  }

  it('a spec that does not validate names the field and value', () => {
    const spec = path.join(work, 'invalid.ts');
    fs.writeFileSync(spec, `export default { name: 'x', task: { kind: 'brown' }, family: { kind: 'gpt' }, design: { kind: 'grid', n: [1000], d: [0] } };\n`);
    const r = toyscale('sweep', spec, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/design\.d\.0.*got 0/);
    expect(filesUnder(out)).toEqual([]);
  });

  it('an unreadable CSV', () => {
    const csv = path.join(work, 'broken.csv');
    fs.writeFileSync(csv, 'N,D,loss\n1000,"unterminated\n');
    const r = toyscale('fit', csv);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/broken\.csv/);
  });
});

describe('doctor', () => {
  it('reports every backend and picks a hardware backend or wasm on this machine', () => {
    const r = toyscale('doctor', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { auto: string; backends: Array<{ name: string; result: { ok: boolean; reason?: string } }> };
    expect(report.backends.map((b) => b.name)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']);
    for (const b of report.backends) if (!b.result.ok) expect(b.result.reason).toBeTruthy();
    // auto never takes a software WebGPU adapter, and this machine has no GPU.
    expect(['tensorflow-gpu', 'tensorflow', 'wasm']).toContain(report.auto);
  });
});
