/**
 * Resume with nothing lost: kill -9 the sweep and its workers at random moments, rerun, and
 * compare with an uninterrupted sweep (scripts/kill-test.ts; run it longer by hand for more kills).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SPEC, killTest } from '../../scripts/kill-test.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-kill-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('sweep resume after kill -9', () => {
  it('ends every round with runs.csv and curves.csv equal to the uninterrupted sweep\'s', async () => {
    const seed = Number(process.env.TOYSCALE_KILL_SEED ?? Date.now() % 100_000);
    const log: string[] = [];
    // Count-driven, not time-boxed: keeps killing until 4 kills (about 40 s on a quiet machine), so
    // a busy machine makes it slower, never weaker.
    const result = await killTest({ spec: DEFAULT_SPEC, work, seconds: 20, maxSeconds: 240, minKills: 4, seed, killsPerRound: 1000, log: (line) => log.push(line) });
    console.log(`kill test (seed ${seed}): ${result.kills} kills (${result.parentKills} sweep, ${result.workerKills} worker), ${result.sweeps} sweeps, ${result.rounds} round(s)\n${log.join('\n')}`);
    expect(result.problems).toEqual([]);
    expect(result.kills).toBeGreaterThanOrEqual(4);
  }, 300_000);
});
