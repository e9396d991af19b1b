/**
 * Mean cross-entropy (nats) of logits z [M, V] against integer targets [M], one dispatch: one
 * workgroup, each thread takes rows lid, lid + 256, …, writes their softmax p (kept for the
 * backward pass, elementwise.ts) and adds their losses log Σ exp(z − max z) + max z − z[target];
 * the threads' sums are then added in a fixed tree. tfjs's ops take 10 dispatches.
 */
import { webgpuKernel } from './kernel-config.ts';
import { runWgsl } from './run-kernel.ts';
import { ENTRY, f32, inputs, outputs, REDUCE_SUM, WORKGROUP } from './wgsl.ts';

export const CROSS_ENTROPY = 'ToyscaleWebGpuCrossEntropy';

function forwardCode(rows: number, vocab: number): string {
  return `${outputs(['loss', 'p'])}
${inputs(2, ['z', 'targets:i32'])}
${REDUCE_SUM}
${ENTRY}
  var total = 0.0f;
  for (var row = lid; row < ${rows}u; row = row + ${WORKGROUP}u) {
    let base = row * ${vocab}u;
    var top = z[base];
    for (var c = 1u; c < ${vocab}u; c = c + 1u) { top = max(top, z[base + c]); }
    var sum = 0.0f;
    for (var c = 0u; c < ${vocab}u; c = c + 1u) { let e = exp(z[base + c] - top); p[base + c] = e; sum = sum + e; }
    for (var c = 0u; c < ${vocab}u; c = c + 1u) { p[base + c] = p[base + c] / sum; }
    total = total + ((log(sum) + top) - z[base + u32(targets[row])]);
  }
  let all = reduceSum(total, lid);
  if (lid == 0u) { loss[0] = all / ${f32(rows)}; }
}`;
}

export const crossEntropyKernelConfigs = [
  webgpuKernel(CROSS_ENTROPY, ({ z, targets }) => {
    const [rows, vocab] = z.shape;
    return runWgsl({ name: CROSS_ENTROPY, code: forwardCode(rows, vocab), workgroups: [1, 1, 1] }, [z, targets], [{ shape: [] }, { shape: z.shape }]);
  }),
];
