/**
 * Run folders with broken files: a cut or empty summary.json, an unparsable config.json, no
 * finished run at all, a link planted at a temp file's name. Each is unfinished and reported,
 * never done, never a crash; and committed fits are never deleted before their replacement.
 * Works on a copy of the committed results/default run folders: no training.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv.ts';

const BIN = path.resolve('bin/toyscale.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-runfolders-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const results = path.join(work, 'results');
const sweepDir = path.join(results, 'default');
const runIds = fs.readdirSync('results/default/runs').sort();
const [broken] = runIds;

beforeEach(() => {
  fs.rmSync(results, { recursive: true, force: true });
  fs.cpSync('results/default', sweepDir, { recursive: true });
});

function run(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const toyscale = (...args: string[]) => run([BIN, ...args]);
const regenerate = () => run(['--import', 'tsx', 'scripts/regenerate.ts', '--results', results, '--no-readme']);
const statusOf = (id: string) => readCsv(path.join(sweepDir, 'runs.csv')).find((r) => r.run_id === id);
const write = (id: string, file: string, text: string) => fs.writeFileSync(path.join(sweepDir, 'runs', id, file), text);

describe('a summary.json that fails its schema', () => {
  for (const [what, text] of [['cut JSON', '{"runId":'], ['{}', '{}']]) {
    it(`(${what}): dry-run, collect, fit and report go on, and the run is unfinished`, () => {
      write(broken, 'summary.json', text);
      const dry = toyscale('sweep', 'experiments/default.ts', '--out', results, '--dry-run', '--no-estimate');
      expect(dry.stderr).toBe('');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain(`${runIds.length} runs (${runIds.length - 1} already finished)`);
      expect(dry.stdout.split('\n').find((l) => l.startsWith(broken))).not.toMatch(/done$/);

      const collect = toyscale('collect', sweepDir);
      expect(collect.code).toBe(0);
      expect(collect.stderr).toMatch(new RegExp(`${broken}/summary\\.json: .*counts as unfinished`));
      expect(readCsv(path.join(sweepDir, 'runs.csv'))).toHaveLength(runIds.length);
      expect(statusOf(broken)).toMatchObject({ status: 'unfinished', final_eval_loss: '', reason: expect.stringMatching(/summary\.json/) });

      expect(toyscale('fit', sweepDir).code).toBe(0);
      expect(toyscale('report', sweepDir).code).toBe(0);
      expect(fs.readFileSync(path.join(sweepDir, 'report.md'), 'utf8')).toContain(`${runIds.length}: ${runIds.length - 1} done, 0 diverged, 0 failed, 1 unfinished`);
    });
  }

  it('regenerate fails with one line naming the run, and leaves every committed file as it was (issue 29 case 11)', () => {
    const committed = ['fits.csv', 'fits.json', 'runs.csv', 'report.md'].map((f) => [f, fs.readFileSync(path.join(sweepDir, f))] as const);
    write(broken, 'summary.json', '{"runId":');
    const r = regenerate();
    expect(r.stderr).not.toMatch(/SyntaxError|    at /);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`${broken}/summary\\.json: not JSON.*nothing was written`));
    for (const [f, bytes] of committed) expect(fs.readFileSync(path.join(sweepDir, f)), f).toEqual(bytes);
  });

  it('regenerate with every summary unreadable keeps the committed fits too (it used to delete them)', () => {
    for (const id of runIds) write(id, 'summary.json', '{}');
    const r = regenerate();
    expect(r.code).toBe(2);
    expect(fs.existsSync(path.join(sweepDir, 'fits.json'))).toBe(true);
    expect(fs.existsSync(path.join(sweepDir, 'fits.csv'))).toBe(true);
  });
});

describe('a config.json that fails its schema', () => {
  it('is named by collect, and neither dry-run nor regenerate crashes', () => {
    write(broken, 'config.json', '{"runId": "');
    const dry = toyscale('sweep', 'experiments/default.ts', '--out', results, '--dry-run', '--no-estimate');
    expect(dry.code).toBe(0);
    const collect = toyscale('collect', sweepDir);
    expect(collect.code).toBe(0);
    expect(collect.stderr).toMatch(new RegExp(`${broken}/config\\.json: not JSON`));
    expect(readCsv(path.join(sweepDir, 'runs.csv')).map((r) => r.run_id)).not.toContain(broken);
    const regen = regenerate();
    expect(regen.code).toBe(2);
    expect(regen.stderr).toMatch(/config\.json: not JSON/);
  });
});

describe('fit on a sweep with no finished run', () => {
  it('removes the old fits, so the report shows no law beside runs none of which is done', () => {
    for (const id of runIds) write(id, 'summary.json', '{}');
    expect(toyscale('collect', sweepDir).code).toBe(0);
    const fit = toyscale('fit', sweepDir);
    expect(fit.code).toBe(0);
    expect(fit.stdout).toContain(`no runs with status done (of ${runIds.length})`);
    expect(fs.existsSync(path.join(sweepDir, 'fits.json'))).toBe(false);
    expect(fs.existsSync(path.join(sweepDir, 'fits.csv'))).toBe(false);
    expect(toyscale('report', sweepDir).code).toBe(0);
    const report = fs.readFileSync(path.join(sweepDir, 'report.md'), 'utf8');
    expect(report).toMatch(/No law was fitted to these runs/);
    expect(report).toContain(`${runIds.length}: 0 done, 0 diverged, 0 failed, ${runIds.length} unfinished`);
  });
});

describe('a link planted at a temp file name', () => {
  it('is never followed by collect', () => {
    const victim = path.join(work, 'victim.txt');
    fs.writeFileSync(victim, 'keep me\n');
    // The old temp name was `.runs.csv.<pid>.tmp`: plant it for every pid the next process may get.
    const last = Number(fs.readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8'));
    for (let pid = last + 1; pid < last + 3000; pid++) {
      for (const name of ['runs.csv', 'curves.csv']) fs.symlinkSync(victim, path.join(sweepDir, `.${name}.${pid}.tmp`));
    }
    expect(toyscale('collect', sweepDir).code).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(readCsv(path.join(sweepDir, 'runs.csv'))).toHaveLength(runIds.length);
  });
});
