/**
 * toyscale as a user installs it: `npm pack`, then `npm install <tarball>` in an empty folder of
 * the user's own, then `npx toyscale doctor` and a sweep whose spec imports defineSweep from
 * 'toyscale'. Needs the npm registry for the dependencies (reachable here and in CI).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-pack-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' } });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('an installed package', () => {
  it('packs only what a user needs, installs into an empty folder, and runs a spec that imports toyscale', () => {
    const packed = run('npm', ['pack', '--pack-destination', work, '--json'], path.resolve('.'));
    expect(packed.code, packed.out).toBe(0);
    const [info] = JSON.parse(packed.out.slice(packed.out.indexOf('['), packed.out.lastIndexOf(']') + 1)) as { filename: string; files: { path: string }[] }[];
    const files = info.files.map((f) => f.path);
    expect(files).toContain('bin/toyscale.js');
    expect(files).toContain('src/index.ts');
    expect(files.some((f) => f.startsWith('results/') || f.startsWith('test/'))).toBe(false);

    const user = path.join(work, 'my-project');
    fs.mkdirSync(user);
    fs.writeFileSync(path.join(user, 'package.json'), JSON.stringify({ name: 'my-project', private: true }));
    const installed = run('npm', ['install', path.join(work, info.filename)], user);
    expect(installed.code, installed.out).toBe(0);

    const doctor = run('npx', ['--no-install', 'toyscale', 'doctor'], user);
    expect(doctor.code, doctor.out).toBe(0);
    expect(doctor.out).toMatch(/wasm\s+@tensorflow\/tfjs-backend-wasm\s+usable/);

    fs.writeFileSync(
      path.join(user, 'mine.ts'),
      `import { defineSweep } from 'toyscale';
export default defineSweep({
  name: 'mine',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', nLayer: 1, headDim: 8 },
  design: { kind: 'grid', n: [1_000, 3_000], d: [65_536] },
  train: { batchSize: 8, contextLength: 32, evalTokens: 2_048, evalPoints: 2 },
});
`,
    );
    const sweep = run('npx', ['--no-install', 'toyscale', 'sweep', 'mine.ts', '--backend', 'wasm', '--progress', 'quiet'], user);
    expect(sweep.code, sweep.out).toBe(0);
    const runs = readCsv(path.join(user, 'runs', 'mine', 'runs.csv'));
    expect(runs.map((r) => r.status)).toEqual(['done', 'done']);
  });
});
