/**
 * Global setup of the e2e project: the smoke sweep (experiments/smoke.ts on wasm, two workers,
 * progress lines) trained once, through the real bin, for every e2e file that reads a trained
 * sweep. Its exit status, stdout and stderr are kept, so cli.test.ts checks the training command's
 * own output. Tests take a private copy (smokeSweepCopy), never the shared folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export interface SmokeFixture {
  /** The folder holding smoke/ (the sweep's --out). */
  out: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    smoke: SmokeFixture;
  }
}

export default function setup(project: TestProject): () => void {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-smoke-fixture-'));
  const r = spawnSync(process.execPath, [path.resolve('bin/toyscale.js'), 'sweep', path.resolve('experiments/smoke.ts'), '--out', out, '--backend', 'wasm', '--workers', '2', '--progress', 'lines'], {
    cwd: out,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`the shared smoke sweep failed (${r.status}): ${r.stderr}`);
  project.provide('smoke', { out, code: r.status, stdout: r.stdout, stderr: r.stderr });
  return () => fs.rmSync(out, { recursive: true, force: true });
}
