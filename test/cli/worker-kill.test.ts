/**
 * A worker killed outright (SIGKILL, as the out-of-memory killer does) leaves no error.txt: the
 * sweep records why, so the run is in runs.csv as failed with its reason, and a rerun retrains it.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv.ts';

const BIN = path.resolve('bin/toyscale.js');
const SMOKE = path.resolve('experiments/smoke.ts');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-workerkill-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const sweepDir = path.join(work, 'smoke');
const args = ['sweep', SMOKE, '--out', work, '--backend', 'wasm', '--workers', '1'];

describe('a worker killed by SIGKILL', () => {
  it('is a failed run in runs.csv, with the reason, and the report counts it', async () => {
    const sweep = spawn(process.execPath, [BIN, ...args, '--progress', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let killed = '';
    sweep.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (killed) return;
      const progress = stderr.split('\n').find((line) => line.includes('"event":"run-progress"'));
      if (!progress) return;
      killed = (JSON.parse(progress) as { runId: string }).runId;
      // The sweep's worker processes only: with a cold tsx cache the sweep also has esbuild's service as a child.
      const children = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(sweep.pid)], { encoding: 'utf8' }).stdout.trim().split('\n');
      const workers = children.filter((line) => line.includes('worker.ts')).map((line) => Number(line.trim().split(/\s+/)[0]));
      expect(workers).toHaveLength(1);
      process.kill(workers[0], 'SIGKILL');
    });
    const code = await new Promise<number | null>((resolve) => sweep.on('exit', resolve));
    expect(killed).not.toBe('');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n').pop()).toMatch(/1 run\(s\) failed/);
    const rows = readCsv(path.join(sweepDir, 'runs.csv'));
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.run_id === killed)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/worker killed by SIGKILL/) });
    expect(rows.find((r) => r.run_id !== killed)?.status).toBe('done');
    expect(fs.readFileSync(path.join(sweepDir, 'report.md'), 'utf8')).toMatch(/2: 1 done, 0 diverged, 1 failed/);
  }, 300_000);

  it('a rerun trains it again', () => {
    const r = spawnSync(process.execPath, [BIN, ...args, '--progress', 'quiet'], { encoding: 'utf8', timeout: 300_000 });
    expect(r.status).toBe(0);
    expect(readCsv(path.join(sweepDir, 'runs.csv')).map((row) => row.status)).toEqual(['done', 'done']);
    expect(fs.readdirSync(sweepDir + '/runs', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('error.txt'))).toEqual([]);
  }, 300_000);
});
