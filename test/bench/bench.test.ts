/** `npm run bench -- --json` with a tiny time budget: the JSON shape, not the speed. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('bench --json', () => {
  it('prints one JSON object with a result per model and backend, torch figures or null', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--json', '--seconds', '0.2', '--rounds', '1', '--backends', 'wasm', '--torch-threads', '1'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const report = JSON.parse(out) as { results: Record<string, unknown>[] };
    expect(report.results.map((r) => r.model)).toEqual(['gpt-a', 'gpt-b', 'mlp']);
    for (const r of report.results) {
      expect(r.backend).toBe('wasm');
      expect(r.tokens_per_s).toBeGreaterThan(0);
      expect(r.gflop_per_s).toBeGreaterThan(0);
      // torch is optional (absent in CI): a positive number or null.
      expect(r.torch_tokens_per_s === null || (typeof r.torch_tokens_per_s === 'number' && r.torch_tokens_per_s > 0)).toBe(true);
    }
  });
});
