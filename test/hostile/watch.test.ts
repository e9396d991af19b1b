/**
 * The watch server against a sweep folder as a hostile or unlucky user leaves it (issue 29 cases
 * 6 and 7): stale run folders after a spec edit, a lock whose worker died with its sweep (kill -9),
 * and a curve.csv of 70 MB. On main the page counted stale runs and fitted through them, showed the
 * dead-locked run as running, and answered each state.json with the whole curve (90 MB, seconds per
 * request) or, above 64 MB, an unfinished run with no reason.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { identityOf } from '../../src/execute/process-identity.ts';
import { startWatchServer } from '../../src/watch/server.ts';
import type { WatchState } from '../../src/watch/sweep-state.ts';
import { rawRequest } from '../watch/http-raw.ts';
import { summaryText } from '../helpers/finished-run.ts';

const HEADER = 'step,tokens,flops_6nd,flops,train_loss,eval_loss,lr,seconds\n';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-hostile-watch-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function writeRun(sweep: string, id: string, files: Record<string, string>): string {
  const dir = path.join(sweep, 'runs', id);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

const doneRun = (id: string, n: number, loss: number) => ({
  'config.json': JSON.stringify({ counts: { nNonembed: n }, tokens: 1000 }),
  'curve.csv': `${HEADER}0,0,0,0,,5,0.001,0.1\n1,1000,1,1,4,${loss},0.001,0.2\n`,
  'summary.json': summaryText(id, { finalEvalLoss: loss, tokensTrained: 1000 }),
});

async function withServer<T>(sweep: string, use: (state: () => Promise<{ state: WatchState; bytes: number }>) => Promise<T>): Promise<T> {
  const server = await startWatchServer({ sweepDir: sweep, host: '127.0.0.1', port: 0 });
  try {
    return await use(async () => {
      const response = await rawRequest(server.port, '/state.json');
      expect(response.status).toBe(200);
      return { state: JSON.parse(response.body) as WatchState, bytes: response.body.length };
    });
  } finally {
    await server.close();
  }
}

describe('watch honours the plan and checks locks (case 6)', () => {
  it('leaves out run folders the current plan does not hold, and fits nothing through them', async () => {
    const sweep = path.join(work, 'planned');
    writeRun(sweep, 'current', doneRun('current', 1000, 4));
    writeRun(sweep, 'stale-a', doneRun('stale-a', 3000, 3.5));
    writeRun(sweep, 'stale-b', doneRun('stale-b', 9000, 3.2));
    fs.writeFileSync(path.join(sweep, 'plan.json'), JSON.stringify({ sweep: 'planned', specFile: 'x.ts', runIds: ['current'] }));
    fs.writeFileSync(path.join(sweep, 'sweep.json'), JSON.stringify({ name: 'planned', runsPlanned: 3 }));
    await withServer(sweep, async (read) => {
      const { state } = await read();
      expect(state.runs.map((r) => r.id)).toEqual(['current']);
      expect(state.counts.done).toBe(1);
      expect(state.runsPlanned).toBe(1);
      expect(state.staleRuns).toBe(2);
      expect(state.provisional).toEqual([]); // one point: nothing to fit, never the stale runs
    });
  });

  it('shows a run whose lock names dead pids as unfinished, saying why', async () => {
    const sweep = path.join(work, 'dead-lock');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const holder = { worker: { pid: dead, start: 1, host: os.hostname() }, sweep: { pid: dead, start: 1, host: os.hostname() }, since: '2026-01-01T00:00:00Z' };
    writeRun(sweep, 'killed', { 'config.json': '{}', lock: JSON.stringify(holder), 'curve.csv': `${HEADER}0,0,0,0,,5,0.001,0.1\n` });
    const live = { worker: identityOf(process.pid), sweep: identityOf(process.pid), since: '2026-01-01T00:00:00Z' };
    writeRun(sweep, 'training', { 'config.json': '{}', lock: JSON.stringify(live), 'curve.csv': `${HEADER}0,0,0,0,,5,0.001,0.1\n` });
    writeRun(sweep, 'torn', { 'config.json': '{}', 'summary.json': '{"status": "do' });
    await withServer(sweep, async (read) => {
      const { state } = await read();
      const run = (id: string) => state.runs.find((r) => r.id === id);
      expect(run('killed')).toMatchObject({ status: 'unfinished', reason: expect.stringMatching(new RegExp(`worker pid ${dead} .*no longer running`)) });
      expect(run('training')).toMatchObject({ status: 'running', reason: null });
      expect(run('torn')).toMatchObject({ status: 'unfinished', reason: expect.stringMatching(/summary\.json cannot be read/) });
    });
  });
});

describe('watch reads curves incrementally, within a budget (case 7)', () => {
  it('a 70 MB curve: each state.json is small and quick, the run is shown running, and later requests catch up', async () => {
    const sweep = path.join(work, 'huge');
    const live = { worker: identityOf(process.pid), sweep: identityOf(process.pid), since: '2026-01-01T00:00:00Z' };
    const dir = writeRun(sweep, 'long', { 'config.json': '{}', lock: JSON.stringify(live) });
    const rows: string[] = [HEADER];
    const row = (i: number) => `${i},${i * 4096},${i * 6e9},${i * 8e9},3.${String(i).padStart(9, '0')},3.${String(i).padStart(9, '0')},0.000300000,${i / 10}\n`;
    let size = HEADER.length;
    let steps = 0;
    while (size < 70 * 2 ** 20) {
      const line = row(steps++);
      rows.push(line);
      size += line.length;
    }
    fs.writeFileSync(path.join(dir, 'curve.csv'), rows.join(''));
    writeRun(sweep, 'small', doneRun('small', 1000, 4));
    await withServer(sweep, async (read) => {
      const started = performance.now();
      const first = await read();
      expect(performance.now() - started).toBeLessThan(5000);
      expect(first.bytes).toBeLessThan(1_000_000);
      const long = first.state.runs.find((r) => r.id === 'long');
      expect(long?.status).toBe('running');
      expect(long?.reason).toMatch(/curve\.csv read up to .* MB from its end/);
      expect(long?.points.length).toBeLessThanOrEqual(2001);
      let caught = first.state;
      for (let i = 0; i < 6 && caught.runs.find((r) => r.id === 'long')?.reason?.includes('read up to'); i++) caught = (await read()).state;
      const all = caught.runs.find((r) => r.id === 'long');
      expect(all?.reason).toMatch(/every few rows shown/);
      expect(all?.points[all.points.length - 1].step).toBe(steps - 1); // the latest row, always
      // Appended rows arrive without rereading the file.
      fs.appendFileSync(path.join(dir, 'curve.csv'), row(steps));
      const again = await read();
      expect(again.state.runs.find((r) => r.id === 'long')?.points.at(-1)?.step).toBe(steps);
      // Parallel requests are all answered.
      const answers = await Promise.all(Array.from({ length: 20 }, () => read()));
      expect(answers.every((a) => a.bytes < 1_000_000)).toBe(true);
    });
  });
});
