/**
 * One-pass kernels over rows and elements: GELU each way, the bias gradient (column sums), and
 * cross-entropy's backward pass. Each is one dispatch where tfjs's op-by-op form takes 2 to 8.
 */
import * as tf from '@tensorflow/tfjs-core';
import { webgpuKernel } from './kernel-config.ts';
import { runWgsl, workgroupGrid } from './run-kernel.ts';
import { ENTRY, f32, groupsFor, inputs, outputs } from './wgsl.ts';

const size = (t: tf.TensorInfo) => tf.util.sizeFromShape(t.shape);

/** 2·√(2/π) and 2·√(2/π)·0.044715: GELU's tanh form as x·σ(x·(A + B·x²)), as ops/gelu.ts writes it. */
const A = 2 * Math.sqrt(2 / Math.PI);
const B = A * 0.044715;

/** GELU (tanh form): y = x·σ(x·(A + B·x²)). The backward pass recomputes σ from x. */
export const GELU = 'ToyscaleWebGpuGelu';
export const GELU_BACKWARD = 'ToyscaleWebGpuGeluBackward';

function geluCode(n: number, backward: boolean): string {
  const body = backward
    ? `let slope = (x * (s - s * s)) * (x * x * ${f32(3 * B)} + ${f32(A)});
    dx[gid] = dy[gid] * (s + slope);`
    : `y[gid] = x * s;`;
  return `${outputs([backward ? 'dx' : 'y'])}
${inputs(1, backward ? ['xs', 'dy'] : ['xs'])}
${ENTRY}
  if (gid < ${n}u) {
    let x = xs[gid];
    let s = 1.0f / (1.0f + exp(-(x * (x * x * ${f32(B)} + ${f32(A)}))));
    ${body}
  }
}`;
}

/** Column sums of x [m, n] → [n]: one thread per column, rows added in order. */
export const COLUMN_SUM = 'ToyscaleWebGpuColumnSum';

function columnSumCode(rows: number, cols: number): string {
  return `${outputs(['result'])}
${inputs(1, ['x'])}
${ENTRY}
  if (gid < ${cols}u) {
    var acc = 0.0f;
    for (var r = 0u; r < ${rows}u; r = r + 1u) { acc = acc + x[r * ${cols}u + gid]; }
    result[gid] = acc;
  }
}`;
}

/** Cross-entropy's gradient: dz = (p − onehot(targets)) · dloss / M for p [M, V]. */
export const CROSS_ENTROPY_BACKWARD = 'ToyscaleWebGpuCrossEntropyBackward';

function crossEntropyBackwardCode(rows: number, vocab: number): string {
  return `${outputs(['dz'])}
${inputs(1, ['p', 'targets:i32', 'dloss'])}
${ENTRY}
  if (gid < ${rows * vocab}u) {
    let row = gid / ${vocab}u;
    let col = gid - row * ${vocab}u;
    let hot = select(0.0f, 1.0f, u32(targets[row]) == col);
    dz[gid] = (p[gid] - hot) * (dloss[0] / ${f32(rows)});
  }
}`;
}

export const elementwiseKernelConfigs = [
  webgpuKernel(GELU, ({ x }) => runWgsl({ name: GELU, code: geluCode(size(x), false), workgroups: workgroupGrid(groupsFor(size(x))) }, [x], [{ shape: x.shape }])),
  webgpuKernel(GELU_BACKWARD, ({ x, dy }) => runWgsl({ name: GELU_BACKWARD, code: geluCode(size(x), true), workgroups: workgroupGrid(groupsFor(size(x))) }, [x, dy], [{ shape: x.shape }])),
  webgpuKernel(COLUMN_SUM, ({ x }) => {
    const [rows, cols] = x.shape;
    return runWgsl({ name: COLUMN_SUM, code: columnSumCode(rows, cols), workgroups: workgroupGrid(groupsFor(cols)) }, [x], [{ shape: [cols] }]);
  }),
  webgpuKernel(CROSS_ENTROPY_BACKWARD, ({ p, targets, dloss }) => {
    const [rows, vocab] = p.shape;
    return runWgsl({ name: CROSS_ENTROPY_BACKWARD, code: crossEntropyBackwardCode(rows, vocab), workgroups: workgroupGrid(groupsFor(rows * vocab)) }, [p, targets, dloss], [{ shape: p.shape }]);
  }),
];
