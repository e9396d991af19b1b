/**
 * The op set of wasm: toyscale's kernels (src/wasm-kernels). tfjs's wasm BatchMatMul is fast only
 * untransposed with batch 1 (XNNPACK) and a naive loop otherwise (29 ms for dy·wᵀ against 2.2 ms),
 * and its elementwise kernels cost a full pass and tfjs's overhead each. So matmuls read operands
 * through strides (no transpose is ever materialised, attention reads heads in place), and GELU,
 * LayerNorm, attention, cross-entropy, column sums and AdamW are one fused pass each. Token and
 * position embeddings are a row copy forward and a scatter backward (wasm has no gradient kernel
 * for gather).
 */
import { registerWasmKernels } from '../wasm-kernels/register.ts';
import { wasmAdamwUpdate } from './adamw-update.ts';
import { fusedAttention } from './attention.ts';
import { wasmColumnSum } from './column-sum.ts';
import { wasmCrossEntropy } from './cross-entropy.ts';
import { wasmEmbed } from './embedding.ts';
import { wasmGelu } from './gelu.ts';
import { fusedWasmLayerNorm, layerNormWith } from './layer-norm.ts';
import type { Ops } from './ops.ts';
import { matMul2d } from './wasm-kernels.ts';

const matMul: Ops['matMul'] = (a, b, bias) => matMul2d(a, b, false, false, bias);
const matMulAT: Ops['matMulAT'] = (a, b) => matMul2d(a, b, true, false);
const unfusedLayerNorm = layerNormWith(wasmColumnSum);

/** Registers toyscale's kernels with tfjs's wasm backend (idempotent), then returns the op set. */
export function wasmOps(): Ops {
  registerWasmKernels();
  return {
    name: 'wasm',
    embed: wasmEmbed,
    matMul,
    matMulBT: (a, b) => matMul2d(a, b, false, true),
    matMulAT,
    columnSum: wasmColumnSum,
    gelu: wasmGelu,
    // The fused kernel reads rows four floats at a time.
    layerNorm: (x, gain, bias) => (x.shape[1] % 4 === 0 ? fusedWasmLayerNorm(x, gain, bias) : unfusedLayerNorm(x, gain, bias)),
    crossEntropy: wasmCrossEntropy,
    // The mask is causal by construction (createGpt), so the kernel applies it as it normalises.
    causalAttention: (q, k, v, _mask, shape) => fusedAttention(q, k, v, shape),
    adamwUpdate: wasmAdamwUpdate,
  };
}
