/** Ctrl-C: runs in flight stay unfinished, nothing is half-written, the exit says how to resume. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv.ts';

const BIN = path.resolve('bin/toyscale.js');
const SPEC = path.resolve('test/sweep/fixtures/kill-spec.ts');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-sigint-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function workerCount(pid: number): number {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.filter((c) => fs.readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('worker.ts')).length;
  } catch {
    return 0;
  }
}

describe('Ctrl-C', () => {
  const args = ['sweep', SPEC, '--out', work, '--backend', 'wasm', '--workers', '2', '--progress', 'lines'];

  it('stops the sweep and its workers, leaves in-flight runs unfinished, and exits 130', async () => {
    // detached: its own process group, so the signal reaches sweep and workers as a terminal's would.
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const pid = child.pid as number;
    for (let i = 0; i < 400 && workerCount(pid) < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(workerCount(pid)).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    process.kill(-pid, 'SIGINT');
    expect(await exit).toBe(130); // 128 + SIGINT, as a shell reports it (issue 29 case 13: it was 2)
    expect(stderr).toMatch(/interrupted: .*rerun the same command to resume/);

    const runs = path.join(work, 'kill', 'runs');
    const folders = fs.readdirSync(runs);
    const unfinished = folders.filter((f) => !fs.existsSync(path.join(runs, f, 'summary.json')));
    expect(unfinished.length).toBeGreaterThanOrEqual(1);
    for (const folder of folders) {
      // Only whole files: no temp files, no locks of dead workers.
      for (const file of fs.readdirSync(path.join(runs, folder))) expect(['config.json', 'curve.csv', 'summary.json', 'error.txt']).toContain(file);
      expect(fs.existsSync(path.join(runs, folder, 'error.txt'))).toBe(false);
    }
    expect(fs.existsSync(path.join(work, 'kill', 'runs.csv'))).toBe(false);
  });

  it('a rerun resumes and finishes', () => {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/\d to train, \d already finished/);
    const rows = readCsv(path.join(work, 'kill', 'runs.csv'));
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.status).toBe('done');
  });
});
