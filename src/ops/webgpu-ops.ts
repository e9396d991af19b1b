/**
 * The op set of webgpu: toyscale's WGSL kernels (src/webgpu-kernels) for embeddings, GELU,
 * LayerNorm, attention, cross-entropy, column sums and AdamW, and tfjs's own matmuls (the bias
 * added in their epilogue). On a GPU a toy model's step is bound by its dispatch count (each costs
 * tens of microseconds of JavaScript and Dawn work), not by arithmetic: gpt-a's step takes about
 * a sixth of the dispatches of tfjs's op-by-op kernels (docs/performance.md). Every kernel sums in
 * a fixed order, without atomics, so two runs of one seed agree to the bit.
 */
import { registerWebGpuKernels } from '../webgpu-kernels/register.ts';
import { webgpuAttention } from './attention.ts';
import { webgpuColumnSum } from './column-sum.ts';
import { webgpuCrossEntropy } from './cross-entropy.ts';
import { oneHotEmbedWith, WEBGPU_EMBED_MAX_VOCAB, webgpuEmbed, withPositions } from './embedding.ts';
import { webgpuGelu } from './gelu.ts';
import { webgpuLayerNorm } from './layer-norm.ts';
import type { Ops } from './ops.ts';
import { tfjsOps } from './tfjs-ops.ts';
import { webgpuAdamwUpdate } from './webgpu-adamw.ts';

/** Large vocabularies: a one-hot matmul, whose gradient has no atomics either (gather's has). */
const oneHotEmbed = withPositions(oneHotEmbedWith(tfjsOps.matMul, tfjsOps.matMulAT));

/** Registers toyscale's kernels with tfjs's webgpu backend (idempotent), then returns the op set. */
export function webgpuOps(): Ops {
  registerWebGpuKernels();
  return {
    ...tfjsOps,
    name: 'webgpu',
    embed: (ids, wte, wpe, time) => (wte.shape[0] <= WEBGPU_EMBED_MAX_VOCAB ? webgpuEmbed : oneHotEmbed)(ids, wte, wpe, time),
    columnSum: webgpuColumnSum,
    gelu: webgpuGelu,
    layerNorm: webgpuLayerNorm,
    crossEntropy: webgpuCrossEntropy,
    // The mask is causal by construction (createGpt), so the kernel applies it as it normalises.
    causalAttention: (q, k, v, _mask, shape) => webgpuAttention(q, k, v, shape),
    adamwUpdate: webgpuAdamwUpdate,
  };
}
