/**
 * Counts GPU dispatches: every runWebGPUProgram call that dispatches (tfjs's own kernels) and every
 * dispatch of toyscale's kernels (run-kernel.ts calls noteDispatch). On a GPU a toy model's step is
 * bound by this count, not by arithmetic: each dispatch costs tens of microseconds of JavaScript
 * and Dawn work whatever the GPU (docs/performance.md).
 */
import { webgpuInternals, type ProgramLike, type WebGpuBackendInternals } from './backend-internals.ts';

let total = 0;
let byProgram: Map<string, number> | null = null;
const instrumented = new WeakSet<object>();

/** Called once per dispatch by toyscale's own kernels. */
export function noteDispatch(name: string): void {
  total++;
  if (byProgram) byProgram.set(name, (byProgram.get(name) ?? 0) + 1);
}

/** Wraps the backend's runWebGPUProgram (once per backend) so that tfjs's own kernels are counted too. */
export function instrumentDispatches(backend: WebGpuBackendInternals = webgpuInternals()): void {
  if (instrumented.has(backend)) return;
  instrumented.add(backend);
  const run = backend.runWebGPUProgram.bind(backend);
  backend.runWebGPUProgram = (program: ProgramLike, inputs, dtype, uniforms, output) => {
    const result = run(program, inputs, dtype, uniforms, output);
    // An empty output short-circuits without a dispatch.
    if (result.shape.every((n) => n > 0)) noteDispatch(program.constructor.name);
    return result;
  };
}

export interface DispatchCount {
  dispatches: number;
  /** Dispatches per program (tfjs's program class names, toyscale's kernel names). */
  byProgram: Record<string, number>;
}

/** Runs fn (synchronously queued work only) and counts the dispatches it issued. */
export function countDispatches(fn: () => void): DispatchCount {
  instrumentDispatches();
  const start = total;
  byProgram = new Map();
  try {
    fn();
    return { dispatches: total - start, byProgram: Object.fromEntries([...byProgram].sort((a, b) => b[1] - a[1])) };
  } finally {
    byProgram = null;
  }
}
