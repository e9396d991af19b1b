/**
 * The fit's cost is bounded (issue 29 case 12): on main, kaplan-n on 10⁶ unique rows with
 * --max-mb 50 and 10 resamples had not finished after 120 s (3.1 GB). A law is now fitted to at
 * most MAX_FIT_POINTS points, thinned evenly with a warning; over a million rows is refused before
 * the file is parsed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { fitCommand } from '../../src/cli/fit.ts';
import { MAX_FIT_POINTS } from '../../src/fit/index.ts';
import { captureStdout } from '../helpers/capture-stdout.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-fit-cost-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const stdout = captureStdout();

function rows(n: number): string {
  const lines = ['N,D,loss'];
  const random = seedrandom('fit-cost');
  for (let i = 0; i < n; i++) {
    const N = 1e4 * Math.exp(6 * random());
    const D = 1e6 * Math.exp(5 * random());
    lines.push(`${N.toPrecision(12)},${D.toPrecision(12)},${(1.7 + 400 / N ** 0.34 + 410 / D ** 0.28).toPrecision(10)}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('fit on a million rows', () => {
  it('kaplan-n with 10 resamples ends in well under a minute, thinned with a warning', async () => {
    const file = path.join(work, 'million.csv');
    fs.writeFileSync(file, rows(1_000_000));
    const started = performance.now();
    await fitCommand([file, '--law', 'kaplan-n', '--bootstrap', '10', '--max-mb', '50', '--json']);
    expect(performance.now() - started).toBeLessThan(45_000);
    const result = JSON.parse(stdout()) as { stats: { points: number }; warnings: string[] };
    expect(result.stats.points).toBe(MAX_FIT_POINTS);
    expect(result.warnings.join('\n')).toMatch(/1000000 points is more than a fit takes \(20000\): every 50th point fitted/);
  }, 60_000);

  it('more than a million rows is refused before parsing', async () => {
    const file = path.join(work, 'too-many.csv');
    fs.writeFileSync(file, `N,D,loss\n${'1,1,1\n'.repeat(1_000_001)}`);
    const started = performance.now();
    await expect(fitCommand([file, '--max-mb', '50'])).rejects.toThrow(/more than 1000000 data rows is more than fit takes/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
