import { defineConfig } from 'vitest/config';

/**
 * Three projects; `npm test` (what CI runs) runs all of them:
 * - unit: pure code and single-process training, seconds per file (`npm run test:unit`);
 * - e2e: the CLI through its bin, sweeps, the bundle, the watch page, faults; the smoke sweep they
 *   read is trained once, in a global setup (test/helpers/smoke-setup.ts) (`npm run test:e2e`);
 * - kill: SIGKILL at random moments of a real sweep, and of each command that writes a sweep's
 *   files (test/hostile/command-kill.test.ts), minutes on its own (`npm run test:kill`).
 */
const E2E = [
  'test/cli/**/*.test.ts',
  'test/bundle/**/*.test.ts',
  'test/bench/**/*.test.ts',
  'test/watch/smoke-sweep.test.ts',
  'test/watch/page-states.test.ts',
  'test/report/regenerate.test.ts',
  'test/sweep/runs-per-gpu.test.ts',
  'test/hostile/commands.test.ts',
];
const KILL = ['test/cli/sweep-kill.test.ts', 'test/hostile/command-kill.test.ts'];
// TOYSCALE_WASM_KERNELS=relaxed-simd on Node 20 gives the test processes the flag that build needs
// there (vitest's --execArgv does not reach projects).
const relaxedOnNode20 = process.env.TOYSCALE_WASM_KERNELS === 'relaxed-simd' && Number(process.versions.node.split('.')[0]) < 21;

export default defineConfig({
  test: {
    // Separate processes: each test file picks its tfjs backend once, as a real run does.
    pool: 'forks',
    maxWorkers: 2,
    execArgv: relaxedOnNode20 ? ['--experimental-wasm-relaxed-simd'] : [],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...E2E, ...KILL], testTimeout: 60_000, hookTimeout: 60_000 } },
      { extends: true, test: { name: 'e2e', include: E2E, exclude: KILL, globalSetup: ['test/helpers/smoke-setup.ts'], testTimeout: 300_000, hookTimeout: 300_000 } },
      { extends: true, test: { name: 'kill', include: KILL, testTimeout: 600_000, hookTimeout: 600_000 } },
    ],
  },
});
