/**
 * The op set of webgpu: toyscale's WGSL kernels (src/webgpu-kernels) where tfjs's op-by-op kernels
 * would cost many dispatches, and tfjs's own matmuls. On a GPU a toy model's step is bound by its
 * dispatch count (each costs tens of microseconds of JavaScript and Dawn work), not by arithmetic.
 */
import { registerWebGpuKernels } from '../../webgpu-kernels/register.ts';
import { oneHotEmbedWith, withPositions } from './embedding.ts';
import type { Ops } from './ops.ts';
import { tfjsOps } from './tfjs-ops.ts';
import { webgpuAdamwUpdate } from './webgpu-adamw.ts';

/** Registers toyscale's kernels with tfjs's webgpu backend (idempotent), then returns the op set. */
export function webgpuOps(): Ops {
  registerWebGpuKernels();
  return {
    ...tfjsOps,
    name: 'webgpu',
    embed: withPositions(oneHotEmbedWith(tfjsOps.matMul, tfjsOps.matMulAT)),
    adamwUpdate: webgpuAdamwUpdate,
  };
}
