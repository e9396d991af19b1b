import { defineConfig } from 'vitest/config';

/**
 * Four projects; `npm test` (what CI runs) runs all of them:
 * - unit: pure code in this process on small inputs, seconds in all (`npm run test:unit`): the
 *   quick loop;
 * - integration: tests that train a model, start a process, a sweep's worker or the fitter's
 *   threads, load a GPU backend, or run kernels and fits at size (`npm run test:integration`);
 * - e2e: the CLI through its bin, sweeps, the bundle, the watch page, faults; the smoke sweep they
 *   read is trained once, in a global setup (test/helpers/smoke-setup.ts) (`npm run test:e2e`);
 * - kill: SIGKILL at random moments of a real sweep, and of each command that writes a sweep's
 *   files (test/hostile/command-kill.test.ts), minutes on its own (`npm run test:kill`).
 */
const INTEGRATION = [
  'test/train/train-run.test.ts',
  'test/train/train-mlp.test.ts',
  'test/train/webgpu-train.test.ts',
  'test/webgpu-kernels/**/*.test.ts',
  'test/backend/select.test.ts',
  'test/backend/webgpu.test.ts',
  'test/backend/auto-choice.test.ts',
  'test/fit-threads/**/*.test.ts',
  'test/models/ops.test.ts',
  'test/wasm-kernels/builds.test.ts',
  'test/wasm-kernels/strided-matmul-*.test.ts',
  'test/sweep/standby.test.ts',
  'test/sweep/execute-idle.test.ts',
  'test/sweep/run-lock.test.ts',
  'test/sweep/experiments.test.ts',
  'test/fit/cli.test.ts',
  'test/hostile/fit-cost.test.ts',
  'test/hostile/fits-pair.test.ts',
  'test/hostile/watch.test.ts',
];
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
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...INTEGRATION, ...E2E, ...KILL], testTimeout: 60_000, hookTimeout: 60_000 } },
      { extends: true, test: { name: 'integration', include: INTEGRATION, testTimeout: 60_000, hookTimeout: 60_000 } },
      { extends: true, test: { name: 'e2e', include: E2E, exclude: KILL, globalSetup: ['test/helpers/smoke-setup.ts'], testTimeout: 300_000, hookTimeout: 300_000 } },
      { extends: true, test: { name: 'kill', include: KILL, testTimeout: 600_000, hookTimeout: 600_000 } },
    ],
  },
});
