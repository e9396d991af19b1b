/**
 * How toyscale starts its child processes (a worker per run, the backend probe, the dry-run
 * timer): from a checkout, the child's TypeScript source under tsx's loader; in the offline bundle,
 * the bundle itself with `__child <name>`, which bundle-entry.ts dispatches.
 */
import { fileURLToPath } from 'node:url';
import { isBundled } from './bundled.ts';

export type ChildName = 'worker' | 'calibrate' | 'probe';

const SOURCES: Record<ChildName, string> = {
  worker: '../sweep/worker.ts',
  calibrate: '../sweep/calibrate-child.ts',
  probe: '../backend/probe-child.ts',
};

export interface ChildEntry {
  /** The script to run (for fork, the module path). */
  script: string;
  /** Node options before the script. */
  execArgv: string[];
  /** Arguments between the script and the child's own arguments. */
  args: string[];
}

export function childEntry(name: ChildName): ChildEntry {
  if (isBundled) return { script: fileURLToPath(import.meta.url), execArgv: [], args: ['__child', name] };
  return { script: fileURLToPath(new URL(SOURCES[name], import.meta.url)), execArgv: ['--import', import.meta.resolve('tsx')], args: [] };
}
