/**
 * fits.csv and fits.json are one commit (issue 29 cases 8 and 10): report refuses a fits.json fitted
 * to another runs.csv (collect after fit; another sweep's file copied in), a pair of two different
 * fits (a crash between the two renames), and fits.csv alone; a dead fit's temp files are removed
 * by the next fit. On main, report accepted all of these and the temp stayed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fitCommand } from '../../src/cli/fit.ts';
import { writeReport } from '../../src/report/report.ts';
import { quietly } from '../report/quiet.ts';
import { gridRuns, writeSyntheticSweep } from '../report/synthetic.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-fits-pair-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const fit = (dir: string, ...extra: string[]) => quietly(() => fitCommand([dir, '--bootstrap', '8', ...extra]));
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;

describe('report reads fits.csv and fits.json only as the pair one fit wrote for this runs.csv', () => {
  it('reports a fresh pair', async () => {
    const dir = writeSyntheticSweep(work, 'fresh', gridRuns([3e3, 1e4, 3e4], [1e5, 3e5]));
    await fit(dir);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'fits.json'), 'utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({ runsCsvSha256: expect.stringMatching(/^[0-9a-f]{64}$/), fitsCsvSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(fs.readFileSync(await writeReport(dir), 'utf8')).toMatch(/Values are from fits\.json/);
  });

  it('case 8: refuses fits.json after runs.csv changed (collect without fit)', async () => {
    const dir = writeSyntheticSweep(work, 'collected', gridRuns([3e3, 1e4, 3e4], [1e5, 3e5]));
    await fit(dir);
    const runs = fs.readFileSync(path.join(dir, 'runs.csv'), 'utf8').split('\n');
    runs[1] = runs[1].replace(',done,', ',unfinished,');
    fs.writeFileSync(path.join(dir, 'runs.csv'), runs.join('\n'));
    await expect(writeReport(dir)).rejects.toThrow(/fits\.json was fitted to another runs\.csv.*run toyscale fit .* again/);
    await fit(dir);
    await expect(writeReport(dir)).resolves.toMatch(/report\.md$/);
  });

  it("case 8: refuses another sweep's fits.json copied in", async () => {
    const a = writeSyntheticSweep(work, 'a', gridRuns([3e3, 1e4, 3e4], [1e5, 3e5]));
    const b = writeSyntheticSweep(work, 'b', gridRuns([3e3, 1e4, 3e4, 1e5], [1e5, 3e5]));
    await fit(a);
    await fit(b);
    for (const f of ['fits.json', 'fits.csv']) fs.copyFileSync(path.join(a, f), path.join(b, f));
    await expect(writeReport(b)).rejects.toThrow(/fitted to another runs\.csv \(.*a\/runs\.csv/);
  });

  it('case 10: refuses a mixed pair (fits.csv of one fit, fits.json of another) and fits.csv alone', async () => {
    const dir = writeSyntheticSweep(work, 'mixed', gridRuns([3e3, 1e4, 3e4], [1e5, 3e5]));
    await fit(dir);
    const oldJson = fs.readFileSync(path.join(dir, 'fits.json'));
    await fit(dir, '--law', 'kaplan-n'); // a fit of one law: another fits.csv
    fs.writeFileSync(path.join(dir, 'fits.json'), oldJson); // as if the crash came between the renames
    await expect(writeReport(dir)).rejects.toThrow(/fits\.csv and .*fits\.json are of different fits/);
    fs.rmSync(path.join(dir, 'fits.json'));
    await expect(writeReport(dir)).rejects.toThrow(/fits\.csv has no fits\.json beside it/);
  });

  it("case 10: a dead fit's temp files are removed by the next fit", async () => {
    const dir = writeSyntheticSweep(work, 'temps', gridRuns([3e3, 1e4, 3e4], [1e5, 3e5]));
    const pid = deadPid();
    const temps = [`.fits.json.${pid}-0a1b2c3d4e5f.tmp`, `.fits.csv.${pid}-0a1b2c3d4e5f.tmp`];
    for (const t of temps) fs.writeFileSync(path.join(dir, t), 'half a fit');
    await fit(dir);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
