import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executeRuns } from '../../src/execute/execute.ts';
import { isFinished, runDir } from '../../src/execute/run-files.ts';
import { startStandbyWorker } from '../../src/execute/standby.ts';
import { gptRunConfig } from '../helpers/run-config.ts';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-standby-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const exited = (child: { exitCode: number | null; signalCode: NodeJS.Signals | null; once(e: 'exit', f: () => void): unknown }) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('standby worker', () => {
  it('reports the backend it selected, then trains the first run it is handed, and only that one', async () => {
    const standby = startStandbyWorker('cpu');
    const probe = await standby.probe;
    expect(probe.ok && probe.backend.name).toBe('cpu');
    const shape = { vocabSize: 256, contextLength: 16, nLayer: 1, dModel: 16, nHead: 2, tiedEmbedding: true };
    const runs = ['first', 'second'].map((id) => ({ ...gptRunConfig(shape, 30, { batchSize: 4, evalTokens: 64, evalPoints: 1 }), runId: `standby-${id}` }));
    // Which process the sweep took: the standby's, for its first run; every later run is forked.
    let taken: ReturnType<typeof standby.take> = null;
    const result = await executeRuns({
      sweepDir: out,
      runs,
      backend: 'cpu',
      workers: 1,
      reporter: { report: () => {}, stop: () => {} },
      standby: {
        ...standby,
        take: (dir, backend) => {
          const worker = standby.take(dir, backend);
          taken ??= worker;
          return worker;
        },
      },
    });
    expect(result.failed).toEqual([]);
    for (const run of runs) expect(isFinished(runDir(out, run.runId))).toBe(true);
    expect(taken).not.toBeNull();
    // It trained one run and ended, as a forked worker does; asked again, it is gone.
    await exited(taken!.child);
    expect(taken!.child.exitCode).toBe(0);
    expect(standby.take(out, 'cpu')).toBeNull();
  }, 60_000);

  it('is stopped by dispose when no run took it, and cannot be taken afterwards', async () => {
    const standby = startStandbyWorker('cpu');
    expect((await standby.probe).ok).toBe(true);
    standby.dispose();
    expect(standby.take(out, 'cpu')).toBeNull();
    const alive = () => {
      try {
        process.kill(standby.pid!, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive()).toBe(false);
  }, 60_000);

  it('killed before it answers, leaves the answer to the plain probe child, and has nothing to give', async () => {
    const standby = startStandbyWorker('cpu');
    process.kill(standby.pid!, 'SIGKILL');
    const probe = await standby.probe;
    expect(probe.ok && probe.backend.name).toBe('cpu');
    expect(standby.take(out, 'cpu')).toBeNull();
  }, 60_000);

  it('says why when the backend cannot load, and then has nothing to give', async () => {
    const standby = startStandbyWorker('tensorflow');
    const probe = await standby.probe;
    expect(probe.ok).toBe(false);
    if (!probe.ok) expect(probe.reason).toMatch(/tensorflow|tfjs-node|libtensorflow/i);
    expect(standby.take(out, 'cpu')).toBeNull();
  }, 60_000);
});
