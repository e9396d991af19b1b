/** `npm run bench -- --json` with a tiny time budget: the JSON shape, not the speed. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { webgpuAvailability } from '../helpers/webgpu.ts';

describe('bench --json', () => {
  it('prints one JSON object with a result per model and backend, torch figures or null', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--json', '--seconds', '0.2', '--rounds', '1', '--backends', 'wasm', '--torch-threads', '1'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const report = JSON.parse(out) as { results: Record<string, unknown>[]; peak_gflop_per_s: { mulAdd: number; fma: number | null } };
    expect(report.peak_gflop_per_s.mulAdd).toBeGreaterThan(0);
    expect(report.results.map((r) => r.model)).toEqual(['gpt-a', 'gpt-b', 'mlp']);
    for (const r of report.results) {
      expect(r.backend).toBe('wasm');
      expect(r.tokens_per_s).toBeGreaterThan(0);
      expect(r.gflop_per_s).toBeGreaterThan(0);
      // A share of the measured peak: a training step cannot beat the core's multiply-add rate.
      expect(r.fraction_of_peak).toBeGreaterThan(0);
      expect(r.fraction_of_peak).toBeLessThan(1.2);
      expect(r.dispatches_per_step).toBeNull(); // counted on webgpu only
      // torch is optional (absent in CI): a positive number or null.
      expect(r.torch_tokens_per_s === null || (typeof r.torch_tokens_per_s === 'number' && r.torch_tokens_per_s > 0)).toBe(true);
    }
  });
});

describe.runIf(webgpuAvailability().ok)('bench --backends webgpu --json', () => {
  it('reports dispatches per training step and tokens/s per model', { timeout: 300_000 }, () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--json', '--seconds', '0.5', '--rounds', '1', '--backends', 'webgpu', '--models', 'gpt-a,mlp', '--no-torch'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const report = JSON.parse(out) as { results: { model: string; backend: string; tokens_per_s: number; dispatches_per_step: number | null }[] };
    expect(report.results.map((r) => [r.model, r.backend])).toEqual([['gpt-a', 'webgpu'], ['mlp', 'webgpu']]);
    for (const r of report.results) expect(r.tokens_per_s).toBeGreaterThan(0);
    // The ceilings of issue 28 (test/webgpu-kernels/dispatches.test.ts holds all three models to them).
    expect(report.results[0].dispatches_per_step).toBeGreaterThan(20);
    expect(report.results[0].dispatches_per_step).toBeLessThanOrEqual(200);
    expect(report.results[1].dispatches_per_step).toBeLessThanOrEqual(40);
  });
});
