/**
 * The offline bundle (scripts/bundle.ts), built and unpacked into an empty folder, runs the smoke
 * sweep with its own Node, with no other Node on PATH and nothing from the checkout, bit-identical
 * to the checkout's on wasm (same kernels); and a one-run spec from outside the bundle, on webgpu
 * where a Vulkan driver is present (in CI, the software one), within 0.01 nats of wasm.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv.ts';
import { webgpuAvailability } from '../helpers/webgpu.ts';
import { smokeFixture } from '../helpers/smoke.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-bundle-test-'));
const tarball = path.join(work, 'toyscale.tar.gz');
const unpacked = path.join(work, 'unpacked');
/** A PATH with only the tools the launcher uses (this machine's Node sits in /usr/bin, so not that). */
const BARE_PATH = path.join(work, 'bin');
let launcher = '';

beforeAll(() => {
  fs.mkdirSync(BARE_PATH);
  for (const tool of ['sh', 'dirname']) fs.symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), path.join(BARE_PATH, tool));
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bundle.ts', '--out', tarball], { stdio: ['ignore', 'ignore', 'pipe'] });
  fs.mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
  const [folder] = fs.readdirSync(unpacked);
  launcher = path.join(unpacked, folder, 'toyscale');
}, 300_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function bundled(args: string[]) {
  // From the output folder, with a bare environment: nothing of the checkout or its Node leaks in.
  const r = spawnSync(launcher, args, { cwd: work, encoding: 'utf8', timeout: 600_000, env: { HOME: work, PATH: BARE_PATH, CI: process.env.CI ?? '' } });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

function smoke(backend: string): Array<Record<string, string>> {
  const r = bundled(['sweep', path.join(path.dirname(launcher), 'experiments/smoke.ts'), '--backend', backend, '--out', path.join(work, backend), '--progress', 'lines']);
  expect(r.code, r.out).toBe(0);
  return readCsv(path.join(work, backend, 'smoke', 'runs.csv'));
}

describe('offline bundle', () => {
  it('has no Node on the bare PATH the tests give it', () => {
    expect(spawnSync(path.join(BARE_PATH, 'sh'), ['-c', 'command -v node'], { env: { PATH: BARE_PATH } }).status).not.toBe(0);
  });

  it('runs with its own Node: doctor lists the backends', () => {
    const r = bundled(['doctor']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/wasm\s+@tensorflow\/tfjs-backend-wasm\s+usable/);
    expect(r.out).toMatch(/node v24\./);
  });

  it('trains the smoke sweep on wasm, with figures, bit-identical to the checkout', { timeout: 300_000 }, () => {
    const runs = smoke('wasm');
    expect(runs).toHaveLength(2);
    for (const run of runs) expect(run.status).toBe('done');
    expect(fs.existsSync(path.join(work, 'wasm', 'smoke', 'plots', 'curves.png'))).toBe(true);
    // The same sweep from the checkout: the one the e2e project's global setup trained.
    const reference = readCsv(path.join(smokeFixture().out, 'smoke', 'runs.csv'));
    const loss = (rows: Array<Record<string, string>>) => Object.fromEntries(rows.map((r) => [r.run_id, r.final_eval_loss]));
    expect(loss(runs)).toEqual(loss(reference));
  });

  // One small run (sweep-webgpu.test.ts trains the whole smoke sweep on webgpu from the checkout).
  it.runIf(webgpuAvailability().ok)('trains on webgpu within 0.01 nats of wasm', { timeout: 400_000 }, () => {
    const lossOn = (backend: string) => {
      const r = bundled(['sweep', tinySpec(), '--backend', backend, '--out', path.join(work, `tiny-${backend}`), '--progress', 'lines']);
      expect(r.code, r.out).toBe(0);
      const [run] = readCsv(path.join(work, `tiny-${backend}`, 'tiny', 'runs.csv'));
      expect(run.backend).toBe(backend);
      return Number(run.final_eval_loss);
    };
    expect(Math.abs(lossOn('webgpu') - lossOn('wasm'))).toBeLessThan(0.01);
  });

  it('loads a spec outside the bundle that imports defineSweep from "toyscale"', () => {
    const r = bundled(['sweep', tinySpec(), '--dry-run', '--no-estimate', '--out', path.join(work, 'tiny')]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/sweep tiny: 1 runs/);
  });
});

/** A one-run spec outside the bundle, importing defineSweep as a user's spec would. */
function tinySpec(): string {
  const spec = path.join(work, 'elsewhere', 'tiny.ts');
  if (fs.existsSync(spec)) return spec;
  fs.mkdirSync(path.dirname(spec), { recursive: true });
  fs.writeFileSync(
    spec,
    `import { defineSweep } from 'toyscale';\nconst n: number[] = [2_000];\nexport default defineSweep({ name: 'tiny', task: { kind: 'brown', tokenizer: 'char' }, family: { kind: 'gpt' }, design: { kind: 'grid', n, d: [8_192] }, train: { batchSize: 8, contextLength: 32, evalTokens: 1_024, evalPoints: 2 } });\n`,
  );
  return spec;
}
