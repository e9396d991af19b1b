/**
 * The optimizer step in a handful of dispatches: the global gradient norm, then AdamW with the
 * clip folded in, several parameter tensors per dispatch. tfjs's elementwise ops take 13 dispatches
 * per tensor (ops/adamw-update.ts); here a step of gpt-a's 37 tensors takes 3 + 19 on an
 * adapter with 16 storage buffers per shader stage, 6 + 37 with WebGPU's default 8.
 *
 * SUM_SQUARES: one workgroup adds the squares of up to `limit − 2` gradients to a running sum
 * (each thread its strided share of every tensor in order, then a fixed tree): the same bits on
 * every run. The last call of a step writes the norm, √sum, instead.
 * ADAMW: for each of its tensors, m ← β1·m + (1−β1)·s·g, v ← β2·v + (1−β2)·s²·g²,
 * p ← decay·p − step·m / (√v + ε̂), with s = clip / max(norm, clip); new buffers for p, m and v.
 */
import * as tf from '@tensorflow/tfjs-core';
import { webgpuInternals } from './backend-internals.ts';
import { webgpuKernel } from './kernel-config.ts';
import { runWgsl, workgroupGrid } from './run-kernel.ts';
import { ENTRY, groupsFor, inputs, outputs, REDUCE_SUM, uniforms, WORKGROUP } from './wgsl.ts';

/** Storage buffers a shader stage may bind on this device. */
export function storageBufferLimit(): number {
  return webgpuInternals().device.limits.maxStorageBuffersPerShaderStage;
}

function sumSquaresCode(sizes: number[], withRunning: boolean, root: boolean): string {
  const names = sizes.map((_, k) => `g${k}`);
  const loops = sizes.map((n, k) => `  for (var i = lid; i < ${n}u; i = i + ${WORKGROUP}u) { let x = g${k}[i]; acc = acc + x * x; }`).join('\n');
  return `${outputs(['result'])}
${inputs(1, [...(withRunning ? ['running'] : []), ...names])}
${REDUCE_SUM}
${ENTRY}
  var acc = 0.0f;
${loops}
  let total = ${withRunning ? 'running[0] + ' : ''}reduceSum(acc, lid);
  if (lid == 0u) { result[0] = ${root ? 'sqrt(total)' : 'total'}; }
}`;
}

/** The global L2 norm of the gradients, [1], in ⌈n / (limit − 2)⌉ dispatches. */
export function globalNorm(grads: tf.TensorInfo[], limit = storageBufferLimit()): tf.TensorInfo {
  let running: tf.TensorInfo | null = null;
  let at = 0;
  while (at < grads.length) {
    const take = Math.min(grads.length - at, limit - (running ? 2 : 1));
    const chunk = grads.slice(at, at + take);
    at += take;
    const last = at === grads.length;
    const code = sumSquaresCode(chunk.map((g) => tf.util.sizeFromShape(g.shape)), running !== null, last);
    const [next] = runWgsl({ name: 'ToyscaleWebGpuSumSquares', code, workgroups: [1, 1, 1] }, running ? [running, ...chunk] : chunk, [{ shape: [1] }]);
    if (running) webgpuInternals().disposeData(running.dataId);
    running = next;
  }
  if (!running) throw new Error('globalNorm: no gradients');
  return running;
}

export interface AdamWTensor {
  p: tf.TensorInfo;
  g: tf.TensorInfo;
  m: tf.TensorInfo;
  v: tf.TensorInfo;
  decay: number;
}

/** beta1, 1 − beta1, beta2, 1 − beta2, clip, step size, ε̂: one step's numbers, computed in float64 on the host. */
export interface AdamWNumbers {
  beta1: number;
  beta2: number;
  gradClip: number;
  stepSize: number;
  epsHat: number;
}

function adamwCode(sizes: number[], decays: boolean[]): string {
  const K = sizes.length;
  const outs = sizes.flatMap((_, k) => [`p${k}Out`, `m${k}Out`, `v${k}Out`]);
  const ins = sizes.flatMap((_, k) => [`p${k}`, `g${k}`, `m${k}`, `v${k}`]);
  let first = 0;
  const branches = sizes.map((n, k) => {
    const groups = groupsFor(n);
    const start = first;
    first += groups;
    const p = decays[k] ? `p${k}[i] * u.decay${k}` : `p${k}[i]`;
    return `  ${k > 0 ? 'else ' : ''}if (wg < ${start + groups}u) {
    let i = (wg - ${start}u) * ${WORKGROUP}u + lid;
    if (i < ${n}u) {
      let g = g${k}[i];
      let m = m${k}[i] * u.beta1 + g * gain1;
      let v = v${k}[i] * u.beta2 + (g * g) * gain2;
      m${k}Out[i] = m;
      v${k}Out[i] = v;
      p${k}Out[i] = ${p} - (m / (sqrt(v) + u.epsHat)) * u.step;
    }
  }`;
  });
  return `${outputs(outs)}
${inputs(outs.length, [...ins, 'norm'])}
${uniforms(outs.length + ins.length + 1, ['beta1', 'oneMinusBeta1', 'beta2', 'oneMinusBeta2', 'clip', 'step', 'epsHat', ...sizes.map((_, k) => `decay${k}`)])}
${ENTRY}
  let scale = u.clip / max(norm[0], u.clip);
  let gain1 = scale * u.oneMinusBeta1;
  let gain2 = (scale * scale) * u.oneMinusBeta2;
${branches.join('\n')}
}`;
}

/**
 * One AdamW step on every tensor, ⌊(limit − 1) / 7⌋ tensors per dispatch. Returns new p, m, v for
 * each tensor, in order.
 */
export function adamw(tensors: AdamWTensor[], norm: tf.TensorInfo, c: AdamWNumbers, limit = storageBufferLimit()): [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo][] {
  const perDispatch = Math.max(1, Math.floor((limit - 1) / 7));
  const results: [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo][] = [];
  for (let at = 0; at < tensors.length; at += perDispatch) {
    const chunk = tensors.slice(at, at + perDispatch);
    const sizes = chunk.map((t) => tf.util.sizeFromShape(t.p.shape));
    const code = adamwCode(sizes, chunk.map((t) => t.decay !== 1));
    const groups = sizes.reduce((sum, n) => sum + groupsFor(n), 0);
    const out = runWgsl(
      { name: ADAMW, code, workgroups: workgroupGrid(groups) },
      [...chunk.flatMap((t) => [t.p, t.g, t.m, t.v]), norm],
      chunk.flatMap((t) => [{ shape: t.p.shape }, { shape: t.p.shape }, { shape: t.p.shape }]),
      [c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.gradClip, c.stepSize, c.epsHat, ...chunk.map((t) => t.decay)],
    );
    for (let k = 0; k < chunk.length; k++) results.push([out[3 * k], out[3 * k + 1], out[3 * k + 2]]);
  }
  return results;
}

/** Inputs g0 … g{n−1}: the gradients' global norm, [1]. */
export const GLOBAL_NORM = 'ToyscaleWebGpuGlobalNorm';
/**
 * Inputs p{k}, g{k}, m{k}, v{k} for k < count, and norm; attrs count, beta1, beta2, gradClip,
 * stepSize, epsHat and decay{k}. Outputs p, m, v of tensor 0, then of tensor 1, …
 */
export const ADAMW = 'ToyscaleWebGpuAdamW';

export const adamwKernelConfigs = [
  webgpuKernel(GLOBAL_NORM, (inputs) => globalNorm(Object.keys(inputs).map((_, k) => inputs[`g${k}`]))),
  webgpuKernel(ADAMW, (inputs, a) => {
    const tensors = Array.from({ length: a.count }, (_, k) => ({ p: inputs[`p${k}`], g: inputs[`g${k}`], m: inputs[`m${k}`], v: inputs[`v${k}`], decay: a[`decay${k}`] }));
    return adamw(tensors, inputs.norm, { beta1: a.beta1, beta2: a.beta2, gradClip: a.gradClip, stepSize: a.stepSize, epsHat: a.epsHat }).flat();
  }),
];
