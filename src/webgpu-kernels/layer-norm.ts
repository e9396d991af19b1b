/**
 * LayerNorm over the last axis of x [M, d], one workgroup per row, sums in a fixed tree order.
 * Forward: y = x̂·gain + bias with x̂ = (x − mean)·rstd, rstd = 1/√(var + eps); outputs y, x̂ and
 * rstd [M] for the backward pass. Backward, one dispatch: workgroups 0 … M−1 write a row of
 * dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·gain; the next ⌈d/256⌉ sum the gain and bias
 * gradients, Σ dy·x̂ and Σ dy over rows, one thread per column. tfjs's ops take 9 dispatches
 * forward and 14 backward.
 */
import { webgpuKernel } from './kernel-config.ts';
import { runWgsl, workgroupGrid } from './run-kernel.ts';
import { entry, f32, inputs, outputs, reduceSum } from './wgsl.ts';

/** Threads per row: a row is d ≥ 32 floats in the models trained here; a wider workgroup idles at barriers. */
const ROW = 32;

export const LAYER_NORM = 'ToyscaleWebGpuLayerNorm';
export const LAYER_NORM_BACKWARD = 'ToyscaleWebGpuLayerNormBackward';

function forwardCode(rows: number, d: number, eps: number): string {
  return `${outputs(['y', 'xhat', 'rstd'])}
${inputs(3, ['x', 'gain', 'bias'])}
${reduceSum(ROW)}
${entry(ROW)}
  let row = wg;
  if (row >= ${rows}u) { return; }
  let base = row * ${d}u;
  var s = 0.0f;
  for (var c = lid; c < ${d}u; c = c + ${ROW}u) { s = s + x[base + c]; }
  let mean = reduceSum(s, lid) / ${f32(d)};
  var q = 0.0f;
  for (var c = lid; c < ${d}u; c = c + ${ROW}u) { let e = x[base + c] - mean; q = q + e * e; }
  let r = 1.0f / sqrt(reduceSum(q, lid) / ${f32(d)} + ${f32(eps)});
  for (var c = lid; c < ${d}u; c = c + ${ROW}u) {
    let h = (x[base + c] - mean) * r;
    xhat[base + c] = h;
    y[base + c] = h * gain[c] + bias[c];
  }
  if (lid == 0u) { rstd[row] = r; }
}`;
}

function backwardCode(rows: number, d: number): string {
  return `${outputs(['dx', 'dgain', 'dbias'])}
${inputs(3, ['dy', 'xhat', 'rstd', 'gain'])}
${reduceSum(ROW)}
${entry(ROW)}
  if (wg < ${rows}u) {
    let base = wg * ${d}u;
    var sg = 0.0f;
    var sgx = 0.0f;
    for (var c = lid; c < ${d}u; c = c + ${ROW}u) {
      let g = dy[base + c] * gain[c];
      sg = sg + g;
      sgx = sgx + g * xhat[base + c];
    }
    let meanG = reduceSum(sg, lid) / ${f32(d)};
    let meanGX = reduceSum(sgx, lid) / ${f32(d)};
    let r = rstd[wg];
    for (var c = lid; c < ${d}u; c = c + ${ROW}u) {
      let g = dy[base + c] * gain[c];
      dx[base + c] = r * ((g - meanG) - xhat[base + c] * meanGX);
    }
    return;
  }
  let col = (wg - ${rows}u) * ${ROW}u + lid;
  if (col < ${d}u) {
    var a = 0.0f;
    var b = 0.0f;
    for (var r = 0u; r < ${rows}u; r = r + 1u) {
      let g = dy[r * ${d}u + col];
      a = a + g * xhat[r * ${d}u + col];
      b = b + g;
    }
    dgain[col] = a;
    dbias[col] = b;
  }
}`;
}

export const layerNormKernelConfigs = [
  webgpuKernel(LAYER_NORM, ({ x, gain, bias }, { eps }) => {
    const [rows, d] = x.shape;
    return runWgsl({ name: LAYER_NORM, code: forwardCode(rows, d, eps), workgroups: workgroupGrid(rows) }, [x, gain, bias], [{ shape: x.shape }, { shape: x.shape }, { shape: [rows] }]);
  }),
  webgpuKernel(LAYER_NORM_BACKWARD, ({ dy, xhat, rstd, gain }) => {
    const [rows, d] = dy.shape;
    return runWgsl({ name: LAYER_NORM_BACKWARD, code: backwardCode(rows, d), workgroups: workgroupGrid(rows + Math.ceil(d / ROW)) }, [dy, xhat, rstd, gain], [{ shape: dy.shape }, { shape: [d] }, { shape: [d] }]);
  }),
];
