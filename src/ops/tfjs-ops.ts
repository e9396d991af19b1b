/**
 * The op set of cpu, tensorflow and tensorflow-gpu: tfjs's own kernels, whose matMul takes transpose
 * flags and batches natively, and gather for embeddings (all three have its gradient).
 */
import { tfjsAdamwUpdate } from './adamw-update.ts';
import { batchedAttention } from './attention.ts';
import { tfjsColumnSum } from './column-sum.ts';
import { crossEntropy } from './cross-entropy.ts';
import { gatherEmbed, withPositions } from './embedding.ts';
import { tfjsGelu } from './gelu.ts';
import { layerNormWith } from './layer-norm.ts';
import { tfjsMatMul, tfjsMatMulAT, tfjsMatMulBT } from './matmul.ts';
import type { Ops } from './ops.ts';

export const tfjsOps: Ops = {
  name: 'tfjs',
  embed: withPositions(gatherEmbed),
  matMul: tfjsMatMul,
  matMulBT: tfjsMatMulBT,
  matMulAT: tfjsMatMulAT,
  columnSum: tfjsColumnSum,
  gelu: tfjsGelu,
  layerNorm: layerNormWith(tfjsColumnSum),
  crossEntropy,
  causalAttention: batchedAttention,
  adamwUpdate: tfjsAdamwUpdate(Number.POSITIVE_INFINITY),
};
