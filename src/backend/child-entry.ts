/**
 * How toyscale starts its child processes (a worker per run, the backend probe, the dry-run
 * timer): from a checkout, the child's TypeScript source under tsx's loader; in the offline bundle,
 * the bundle itself with `__child <name>`, which child-dispatch.ts dispatches. Either way Node 20
 * gets the flag that lets it run the relaxed-SIMD (FMA) kernels, so every child, the probe
 * included, runs the same kernel build.
 */
import { fileURLToPath } from 'node:url';
import { isBundled } from '../io/bundled.ts';
import { relaxedSimdExecArgv } from '../wasm-kernels/kernel-build.ts';

export type ChildName = 'worker' | 'calibrate' | 'probe';

export interface ChildEntry {
  /** The script to run (for fork, the module path). */
  script: string;
  /** Node options before the script. */
  execArgv: string[];
  /** Arguments between the script and the child's own arguments. */
  args: string[];
}

/**
 * `source` is the child's TypeScript file, named by its caller beside it (`new URL('./worker.ts',
 * import.meta.url)`), so no layer names a file of a layer above it; `name` is what the bundle
 * dispatches on.
 */
export function childEntry(name: ChildName, source: URL): ChildEntry {
  if (isBundled) return { script: fileURLToPath(import.meta.url), execArgv: relaxedSimdExecArgv(), args: ['__child', name] };
  return { script: fileURLToPath(source), execArgv: [...relaxedSimdExecArgv(), '--import', import.meta.resolve('tsx')], args: [] };
}
