/** `npm run bench -- --json` with a tiny time budget: the JSON shape, not the speed. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

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
      // torch is optional (absent in CI): a positive number or null.
      expect(r.torch_tokens_per_s === null || (typeof r.torch_tokens_per_s === 'number' && r.torch_tokens_per_s > 0)).toBe(true);
    }
  });
});
