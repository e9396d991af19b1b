/** toyscale fit's CSV input: named columns, duplicates, size caps, and toyscale's own runs.csv. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fitCommand } from '../../src/cli/fit.ts';
import { UserError } from '../../src/base/user-error.ts';
import { averageReplicates } from '../../src/fit/validate.ts';
import { captureStdout } from '../helpers/capture-stdout.ts';
import { logspace } from './synth.ts';

const dir = mkdtempSync(join(tmpdir(), 'toyscale-fit-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const stdout = captureStdout();

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const kaplanRows = logspace(1e5, 1e9, 6).map((N) => `${N},1e9,${(8.8e13 / N) ** 0.076}`);

async function userError(p: Promise<void>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  expect((e as Error).message).not.toContain('\n');
  return (e as Error).message;
}

describe('toyscale fit CSV input', () => {
  it('a column named twice is an error, not the last one silently', async () => {
    const path = write('twice.csv', `N,D,loss,loss\n${kaplanRows.map((r) => `${r},9`).join('\n')}\n`);
    expect(await userError(fitCommand([path, '--law', 'kaplan-n', '--bootstrap', '0']))).toMatch(/twice\.csv: column "loss" appears twice/);
  });

  it('an identical row twice is an error, and --average-duplicates merges it', async () => {
    const path = write('dup.csv', `N,D,loss\n${kaplanRows.join('\n')}\n${kaplanRows[2]}\n`);
    expect(await userError(fitCommand([path, '--law', 'kaplan-n', '--bootstrap', '0']))).toMatch(/duplicated point/);
    await fitCommand([path, '--law', 'kaplan-n', '--bootstrap', '0', '--average-duplicates', '--json']);
    expect(JSON.parse(stdout()).stats.points).toBe(6);
  });

  it('--keep-duplicates fits exact duplicate rows as given, with a warning naming how many', async () => {
    const path = write('dup-keep.csv', `N,D,loss\n${kaplanRows.join('\n')}\n${kaplanRows[2]}\n${kaplanRows[4]}\n`);
    const stderr: string[] = [];
    const write0 = process.stderr.write;
    process.stderr.write = ((chunk: string) => (stderr.push(chunk), true)) as typeof process.stderr.write;
    try {
      await fitCommand([path, '--law', 'kaplan-n', '--bootstrap', '0', '--keep-duplicates', '--json']);
    } finally {
      process.stderr.write = write0;
    }
    const r = JSON.parse(stdout());
    expect(r.stats.points).toBe(8);
    expect(r.stats.designPoints).toBe(6);
    expect(r.warnings.join(' ')).toMatch(/2 exact duplicate row\(s\) kept as given/);
    expect(stderr.join('')).toMatch(/dup-keep\.csv: warning: 2 exact duplicate row\(s\) kept as given/);
    expect(await userError(fitCommand([path, '--keep-duplicates', '--average-duplicates']))).toMatch(/exclude each other/);
  });

  it('averages replicate seeds to their mean loss', () => {
    const merged = averageReplicates([
      { N: 1, D: 2, loss: 3 },
      { N: 1, D: 2, loss: 5 },
      { N: 2, D: 2, loss: 1 },
    ]);
    expect(merged).toEqual([
      { N: 1, D: 2, loss: 4 },
      { N: 2, D: 2, loss: 1 },
    ]);
  });

  it('refuses an absurd --bootstrap and a file over the size cap, each in one line', async () => {
    const path = write('ok.csv', `N,D,loss\n${kaplanRows.join('\n')}\n`);
    expect(await userError(fitCommand([path, '--bootstrap', '1000000']))).toMatch(/--bootstrap 1000000 is more than 20000/);
    expect(await userError(fitCommand([path, '--max-mb', '0.0001']))).toMatch(/ok\.csv: 0 MB is more than fit reads \(0\.0001 MB\).*--max-mb/);
  });

  it('fits toyscale\'s own runs.csv without column options (done runs only)', async () => {
    const header = 'run_id,task,family,n_params,n_nonembed,tokens,flops_6nd,final_eval_loss,status';
    const rows = logspace(1e4, 1e7, 6).map((N, i) => `r${i},brown-char,gpt,${N + 100},${N},1e7,${6 * N * 1e7},${(8.8e13 / N) ** 0.076},done`);
    const path = write('runs.csv', `${header}\n${rows.join('\n')}\nr9,brown-char,gpt,5,1,1,6,,failed\n`);
    await fitCommand([path, '--bootstrap', '0']);
    const text = stdout();
    expect(text).toMatch(/a toyscale runs\.csv: N = n_nonembed/);
    expect(text).toMatch(/kaplan-n: .*6 points/);
  });
});
