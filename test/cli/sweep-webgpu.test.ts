/**
 * The smoke sweep end to end through the real bin on webgpu (in CI, on the software Vulkan), against
 * the same sweep on wasm: same runs, every run done, final losses within 0.01 nats.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv.ts';
import { webgpuAvailability } from '../helpers/webgpu.ts';

const BIN = path.resolve('bin/toyscale.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-webgpu-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function sweep(backend: string): Array<Record<string, string>> {
  const out = path.join(work, backend);
  const r = spawnSync(process.execPath, [BIN, 'sweep', path.resolve('experiments/smoke.ts'), '--out', out, '--backend', backend, '--progress', 'lines'], { encoding: 'utf8', timeout: 300_000 });
  expect(r.status, r.stderr).toBe(0);
  return readCsv(path.join(out, 'smoke', 'runs.csv'));
}

describe.runIf(webgpuAvailability().ok)('toyscale sweep --backend webgpu', () => {
  it('trains the smoke sweep, records the adapter, and matches wasm within 0.01 nats', { timeout: 400_000 }, () => {
    const gpu = sweep('webgpu');
    const wasm = sweep('wasm');
    expect(gpu.map((r) => r.run_id).sort()).toEqual(wasm.map((r) => r.run_id).sort());
    for (const run of gpu) {
      expect(run.status).toBe('done');
      expect(run.backend).toBe('webgpu');
      expect(run.device).toBe(webgpuAvailability().reason);
      const twin = wasm.find((r) => r.run_id === run.run_id)!;
      expect(Math.abs(Number(run.final_eval_loss) - Number(twin.final_eval_loss))).toBeLessThan(0.01);
    }
  });
});
