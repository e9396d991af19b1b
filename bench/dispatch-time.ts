/**
 * The fixed cost of one GPU dispatch on webgpu: a chain of n tiny element-wise adds ([4096] floats,
 * above tfjs's threshold for running small ops on the CPU instead; each reads the previous result,
 * so none can be skipped), queued and then waited for once;
 * seconds per dispatch = wall time / dispatches counted. A toy model's step costs about
 * dispatches_per_step times this on a GPU, whatever its arithmetic.
 */
import * as tf from '@tensorflow/tfjs-core';
import { countDispatches } from '../src/webgpu-kernels/dispatch-count.ts';

export interface DispatchTime {
  dispatches: number;
  seconds_per_dispatch: number;
}

export async function measureDispatchTime(n = 2000): Promise<DispatchTime> {
  if (tf.getBackend() !== 'webgpu') throw new Error(`measureDispatchTime needs the webgpu backend, active: ${tf.getBackend()}`);
  const chain = (steps: number): tf.Tensor => {
    let x: tf.Tensor = tf.zeros([4096]);
    for (let i = 0; i < steps; i++) {
      const next = tf.add(x, 1);
      x.dispose();
      x = next;
    }
    return x;
  };
  const warm = chain(50);
  await warm.data();
  warm.dispose();
  const start = performance.now();
  let last: tf.Tensor | undefined;
  const { dispatches } = countDispatches(() => {
    last = chain(n);
  });
  await last!.data();
  const seconds = (performance.now() - start) / 1000;
  last!.dispose();
  return { dispatches, seconds_per_dispatch: seconds / dispatches };
}
