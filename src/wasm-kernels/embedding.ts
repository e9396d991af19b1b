/**
 * Token plus position embeddings (embed_forward and embed_backward in kernels.c) as tfjs kernels for
 * the wasm backend: a row copy and a scatter, where the one-hot matmul, cast, broadcast add and batch
 * sum they replace cost about 1 ms of a GPT a step. Bit for bit that path's results for finite
 * values (test/wasm-kernels/embedding.test.ts). Neither has a gradient: wasmEmbed
 * (src/ops/embedding.ts) pairs them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { wasmKernel } from './module.ts';

/** Sequence length T: row r of ids is position r mod T. */
export interface EmbedAttrs {
  time: number;
}

/** Checks ids [B·T], wte [V, d] and wpe [≥ T, d]; returns [rows, V, d]. */
function embedShapes(kernel: string, ids: tf.TensorInfo, wte: tf.TensorInfo, wpe: tf.TensorInfo, T: number): [number, number, number] {
  const [V, d] = wte.shape;
  const rows = tf.util.sizeFromShape(ids.shape);
  if (ids.shape.length !== 1 || wte.shape.length !== 2 || wpe.shape.length !== 2) throw new Error(`${kernel}: want ids [B·T], wte [V, d], wpe [T, d]; got [${ids.shape}], [${wte.shape}], [${wpe.shape}]`);
  if (!Number.isInteger(T) || T < 1 || rows % T !== 0) throw new Error(`${kernel}: time must be a positive integer dividing the ${rows} ids, got ${T}`);
  if (wpe.shape[1] !== d || wpe.shape[0] < T) throw new Error(`${kernel}: wpe [${wpe.shape}] must have ${d} columns and at least ${T} rows`);
  return [rows, V, d];
}

export const EMBED = 'ToyscaleEmbed';
/** wte[ids[r]] + wpe[r mod T], [B·T, d]. */
export const embedConfig = wasmKernel<EmbedAttrs>(
  EMBED,
  ['ids', 'wte', 'wpe'],
  ({ exports, address, output }, { ids, wte, wpe }, { time }) => {
    const [rows, V, d] = embedShapes(EMBED, ids, wte, wpe, time);
    const [out, at] = output([rows, d]);
    exports.embed_forward(address(ids), address(wte), address(wpe), at, rows, time, V, d);
    return out;
  },
  ['ids'],
);

export const EMBED_BACKWARD = 'ToyscaleEmbedBackward';
/** The shapes of wte [vocab, d] and wpe [positions, d], which the backward pass's outputs take. */
export interface EmbedBackwardAttrs extends EmbedAttrs {
  vocab: number;
  positions: number;
}
/** Outputs dwte [vocab, d] and dwpe [positions, d] from dy [B·T, d]. */
export const embedBackwardConfig = wasmKernel<EmbedBackwardAttrs>(
  EMBED_BACKWARD,
  ['ids', 'dy'],
  (kernels, { ids, dy }, { time, vocab: V, positions }) => {
    const [rows, d] = dy.shape;
    if (dy.shape.length !== 2 || ids.shape.length !== 1 || ids.shape[0] !== rows) throw new Error(`${EMBED_BACKWARD}: want ids [B·T] and dy [B·T, d], got [${ids.shape}] and [${dy.shape}]`);
    if (!Number.isInteger(time) || time < 1 || rows % time !== 0 || positions < time || !(V > 0)) throw new Error(`${EMBED_BACKWARD}: time ${time} must divide the ${rows} rows, with positions ${positions} >= time and vocab ${V} > 0`);
    const [dwte, dwteAt] = kernels.output([V, d]);
    const [dwpe, dwpeAt] = kernels.output([positions, d]);
    const at = kernels.address;
    // The work buffer: V slots (int32, read as such by the kernel), then a block of rows' sums.
    kernels.withWork(V + kernels.exports.block_rows() * d, (work) =>
      kernels.exports.embed_backward(at(ids), at(dy), dwteAt, dwpeAt, rows, time, positions, V, d, work, work + 4 * V),
    );
    return [dwte, dwpe];
  },
  ['ids'],
);

export const embeddingKernelConfigs = [embedConfig, embedBackwardConfig];
