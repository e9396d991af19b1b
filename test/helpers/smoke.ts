/** The smoke sweep the e2e project's global setup trained (helpers/smoke-setup.ts), for a test to use. */
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import type { SmokeFixture } from './smoke-setup.ts';

export function smokeFixture(): SmokeFixture {
  return inject('smoke');
}

/** A private copy of the trained smoke sweep as <out>/smoke; returns that sweep folder. */
export function smokeSweepCopy(out: string): string {
  const target = path.join(out, 'smoke');
  fs.mkdirSync(out, { recursive: true });
  fs.cpSync(path.join(smokeFixture().out, 'smoke'), target, { recursive: true });
  return target;
}
