/**
 * The backend registry is the one list of backends: each record is complete, its package is one
 * package.json installs, and the names users type, selection, the worker pool and `doctor` all
 * read the registry rather than a list of their own.
 */
import fs from 'node:fs';
import os from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, isBackendRequest } from '../../src/backend/names.ts';
import type { Placement } from '../../src/backend/record.ts';
import { BACKEND_RECORDS, backendRecord, opsFor } from '../../src/backend/registry.ts';
import { checkRequest } from '../../src/backend/resolve.ts';
import { selectBackend } from '../../src/backend/select.ts';
import { doctorHelp } from '../../src/cli/doctor.ts';
import { defaultWorkers } from '../../src/execute/default-workers.ts';
import { tfjsOps } from '../../src/ops/tfjs-ops.ts';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; optionalDependencies?: Record<string, string> };
const installed = { ...pkg.dependencies, ...pkg.optionalDependencies };
const OP_NAMES = Object.keys(tfjsOps).filter((k) => k !== 'name');
const PLACEMENTS: Placement[] = [
  { device: 'test', parallelRuns: 'per-core' },
  { device: 'test', parallelRuns: 'per-gpu' },
  { device: 'test', parallelRuns: 'one' },
];

describe('the backend registry', () => {
  // Building an op set registers kernels, which asks tfjs for its backend: give it one.
  beforeAll(async () => void (await selectBackend('cpu')));

  it('has one record per name, each complete', () => {
    expect(new Set(BACKEND_RECORDS.map((r) => r.name)).size).toBe(BACKEND_RECORDS.length);
    for (const record of BACKEND_RECORDS) {
      expect(record.name, JSON.stringify(record)).toMatch(/^[a-z][a-z-]*$/);
      expect(record.tfjsName, record.name).toMatch(/^[a-z]+$/);
      for (const fn of [record.importPackage, record.place, record.ops, record.workers]) expect(typeof fn, record.name).toBe('function');
      for (const hook of [record.checkBefore, record.afterImport, record.checkAfter, record.explainImportFailure]) {
        expect(['undefined', 'function'], record.name).toContain(typeof hook);
      }
      expect(backendRecord(record.name)).toBe(record);
    }
  });

  it('names a package that package.json installs, and package.json installs no backend without a record', () => {
    for (const record of BACKEND_RECORDS) expect(installed[record.package], `${record.name}: ${record.package}`).toBeDefined();
    const backendPackages = Object.keys(installed).filter((p) => /^@tensorflow\/tfjs-(backend-|node)/.test(p));
    expect(backendPackages.sort()).toEqual(BACKEND_RECORDS.map((r) => r.package).sort());
  });

  it('gives each backend a complete op set', async () => {
    for (const record of BACKEND_RECORDS) {
      // As in a run, the op set is built once its package has loaded (here, if it can).
      await record.importPackage().catch(() => undefined);
      const ops = opsFor(record.name);
      expect(ops.name, record.name).toMatch(/^(tfjs|wasm|webgpu)$/);
      for (const op of OP_NAMES) expect(typeof (ops as unknown as Record<string, unknown>)[op], `${record.name}.${op}`).toBe('function');
    }
  });

  it('sizes a worker pool for every placement', () => {
    for (const record of BACKEND_RECORDS) {
      for (const placement of PLACEMENTS) {
        const plan = record.workers(placement, 3);
        expect(Number.isInteger(plan.workers) && plan.workers >= 1, `${record.name} ${placement.parallelRuns}`).toBe(true);
      }
    }
    expect(defaultWorkers({ name: 'cpu', ...PLACEMENTS[0] }).workers).toBe(os.availableParallelism());
  });

  it('is what the names users type, auto included, are', () => {
    expect(BACKENDS).toEqual(BACKEND_RECORDS.map((r) => r.name));
    for (const name of [...BACKENDS, 'auto']) expect(isBackendRequest(name), name).toBe(true);
    expect(isBackendRequest('tpu')).toBe(false);
    expect(() => checkRequest('tpu')).toThrow(`choose auto, ${BACKEND_RECORDS.map((r) => r.name).join(', ')}`);
  });

  it('is what selection records: the name and the record\'s placement', async () => {
    const active = await selectBackend('cpu');
    expect(active).toEqual({ name: 'cpu', ...backendRecord('cpu').place() });
  });

  it('is what doctor lists, in auto\'s order, with the GPU backends\' own hints', () => {
    expect(doctorHelp).toContain(`(${BACKEND_RECORDS.map((r) => r.name).join(', ')})`);
    const hinted = BACKEND_RECORDS.filter((r) => r.enableHint !== undefined);
    expect(hinted.length).toBeGreaterThan(0);
    for (const record of hinted) expect(record.enableHint?.trimStart().startsWith(`${record.name} (`), record.name).toBe(true);
  });
});
