/** Shards: each trains its part into one shared folder; collect merges; the result equals one process's. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareCsv, TIMING_COLUMNS } from '../../scripts/compare-csv.ts';
import { smokeFixture } from '../helpers/smoke.ts';

const BIN = path.resolve('bin/toyscale.js');
const SMOKE = path.resolve('experiments/smoke.ts');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-shard-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function toyscale(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function toyscaleAsync(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const sweepArgs = (out: string, ...more: string[]) => ['sweep', SMOKE, '--out', out, '--backend', 'wasm', '--workers', '1', '--progress', 'lines', ...more];

describe('sharded sweep', () => {
  const shared = path.join(work, 'shared', 'smoke');
  // The single-process reference: the smoke sweep the e2e project's global setup trained.
  const single = path.join(smokeFixture().out, 'smoke');

  it('two shards at once fill one folder; collect merges it into the single-process runs.csv', async () => {
    const [one, two] = await Promise.all([
      toyscaleAsync(sweepArgs(path.join(work, 'shared'), '--shard', '1/2')),
      toyscaleAsync(sweepArgs(path.join(work, 'shared'), '--shard', '2/2')),
    ]);
    for (const r of [one, two]) expect(r.stderr).not.toMatch(/Error:/);
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(one.stderr).toMatch(/shard 1\/2 .*1 of 2 runs/);
    expect(two.stderr).toMatch(/shard 2\/2 .*1 of 2 runs/);
    expect(fs.readdirSync(path.join(shared, 'runs'))).toHaveLength(2);
    expect(fs.readdirSync(path.join(shared, 'shards')).sort()).toEqual(['1-of-2.json', '2-of-2.json']);

    fs.rmSync(path.join(shared, 'runs.csv'), { force: true });
    expect(toyscale(['collect', shared]).code).toBe(0);
    expect(compareCsv(path.join(shared, 'runs.csv'), path.join(single, 'runs.csv'), TIMING_COLUMNS)).toEqual([]);
    expect(compareCsv(path.join(shared, 'curves.csv'), path.join(single, 'curves.csv'), TIMING_COLUMNS)).toEqual([]);
  });

  it('takes the shard from Slurm or Kubernetes variables', () => {
    const slurm = toyscale(['sweep', SMOKE, '--out', path.join(work, 'dry'), '--dry-run', '--no-estimate'], { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2' });
    expect(slurm.code).toBe(0);
    expect(slurm.stdout).toMatch(/shard 2\/2 \(SLURM_ARRAY_TASK_ID=1 of 2\): sweep smoke: 1 runs/);
    const k8s = toyscale(['sweep', SMOKE, '--out', path.join(work, 'dry'), '--dry-run', '--no-estimate'], { JOB_COMPLETION_INDEX: '0', TOYSCALE_SHARD_COUNT: '2' });
    expect(k8s.stdout).toMatch(/shard 1\/2 \(JOB_COMPLETION_INDEX=0 of 2\): sweep smoke: 1 runs/);
    const ids = (text: string) => text.split('\n').filter((l) => l.startsWith('gpt-')).map((l) => l.split(' ')[0]);
    expect(new Set([...ids(slurm.stdout), ...ids(k8s.stdout)]).size).toBe(2);
    expect(fs.existsSync(path.join(work, 'dry'))).toBe(false);
  });

  it('rejects a bad shard in one line, writing nothing', () => {
    const r = toyscale(['sweep', SMOKE, '--out', path.join(work, 'bad'), '--shard', '3/2']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--shard must be I\/N/);
    expect(fs.existsSync(path.join(work, 'bad'))).toBe(false);
  });
});
