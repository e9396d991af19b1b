/**
 * Registers tfjs-core's gradients for the tfjs kernels toyscale's models differentiate through
 * (everything else has a hand-written backward pass, see ops/custom-grad.ts).
 *
 * tfjs-core's Node bundle has no gradients: they come with the union package `@tensorflow/tfjs`,
 * whose import also loads layers, converter, data and the WebGL backend (≈ 0.3 s of every run's
 * start-up), or from tfjs-core's ESM sources, which Node cannot import as published (extensionless
 * specifiers) and which cost 0.6–0.9 s more through a resolve hook (a second copy of the ops). So
 * each function below is tfjs-core 4.22's own (`dist/gradients/<Kernel>_grad.js`), with its
 * imports turned into tfjs-core's public API: the same ops in the same order, so the same bits
 * (test/train/tfjs-gradients.test.ts compares each with tfjs-core's original, bit for bit).
 *
 * A model that starts using another tfjs kernel fails its first backward pass with tfjs's
 * "gradient function not found for <Kernel>": add that kernel's gradient here, copied the same way.
 */
import * as tf from '@tensorflow/tfjs-core';

type Attrs = Record<string, unknown>;
type Grads = Record<string, () => tf.Tensor>;

const { assertAndGetBroadcastShape, getReductionAxes, getUndoAxesPermutation, computeOutAndReduceShapes } = tf.backend_util;

/** dy summed over the axes that broadcasting added to x, reshaped to x's shape (Add_grad.js). */
function unbroadcast(dy: tf.Tensor, shape: number[], outShape: number[]): tf.Tensor {
  const axes = getReductionAxes(shape, outShape);
  return tf.reshape(axes.length > 0 ? tf.sum(dy, axes) : dy, shape);
}

const add: tf.GradConfig = {
  kernelName: tf.Add,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const outShape = assertAndGetBroadcastShape(a.shape, b.shape);
    return { a: () => unbroadcast(dy as tf.Tensor, a.shape, outShape), b: () => unbroadcast(dy as tf.Tensor, b.shape, outShape) };
  },
};

const multiply: tf.GradConfig = {
  kernelName: tf.Multiply,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const outShape = assertAndGetBroadcastShape(a.shape, b.shape);
    // Unlike Add, a product that was not broadcast is returned without a reshape.
    const der = (x: tf.Tensor, other: tf.Tensor) => () => {
      const res = tf.mul(dy as tf.Tensor, tf.cast(other, 'float32'));
      const axes = getReductionAxes(x.shape, outShape);
      return axes.length > 0 ? tf.reshape(tf.sum(res, axes), x.shape) : res;
    };
    return { a: der(a, b), b: der(b, a) };
  },
};

const squaredDifference: tf.GradConfig = {
  kernelName: tf.SquaredDifference,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const two = tf.scalar(2);
    return { a: () => tf.mul(dy as tf.Tensor, tf.mul(two, tf.sub(a, b))), b: () => tf.mul(dy as tf.Tensor, tf.mul(two, tf.sub(b, a))) };
  },
};

const mean: tf.GradConfig = {
  kernelName: tf.Mean,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const axes = tf.util.parseAxisParam((attrs as Attrs).axis as number | number[], x.shape);
    const reduceSize = tf.util.sizeFromShape(computeOutAndReduceShapes(x.shape, axes)[1]);
    return {
      x: () => {
        const expandedDyShape = x.shape.slice();
        for (const axis of axes) expandedDyShape[axis] = 1;
        return tf.div(tf.mul(tf.reshape(dy as tf.Tensor, expandedDyShape), tf.ones(x.shape, 'float32')), reduceSize);
      },
    };
  },
};

const reshape: tf.GradConfig = {
  kernelName: tf.Reshape,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => tf.reshape(dy as tf.Tensor, x.shape) };
  },
};

const transpose: tf.GradConfig = {
  kernelName: tf.Transpose,
  gradFunc: (dy, _saved, attrs) => {
    const undoPerm = getUndoAxesPermutation((attrs as Attrs).perm as number[]);
    return { x: () => tf.transpose(dy as tf.Tensor, undoPerm) };
  },
};

const batchMatMul: tf.GradConfig = {
  kernelName: tf.BatchMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dyInfo, saved, attrs) => {
    const dy = dyInfo as tf.Tensor;
    const [a, b] = saved;
    const { transposeA, transposeB } = attrs as Attrs;
    if (!transposeA && !transposeB) return { a: () => tf.matMul(dy, b, false, true), b: () => tf.matMul(a, dy, true, false) };
    if (!transposeA && transposeB) return { a: () => tf.matMul(dy, b, false, false), b: () => tf.matMul(dy, a, true, false) };
    if (transposeA && !transposeB) return { a: () => tf.matMul(b, dy, false, true), b: () => tf.matMul(a, dy, false, false) };
    return { a: () => tf.matMul(b, dy, true, true), b: () => tf.matMul(dy, a, true, true) };
  },
};

const softmax: tf.GradConfig = {
  kernelName: tf.Softmax,
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [y] = saved;
    const dyTimesY = tf.mul(dy as tf.Tensor, y);
    return { logits: () => tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [(attrs as Attrs).dim as number], true), y)) };
  },
};

const range = (start: number, stop: number) => Array.from({ length: Math.max(0, stop - start) }, (_, i) => start + i);

const gatherV2: tf.GradConfig = {
  kernelName: tf.GatherV2,
  inputsToSave: ['x', 'indices'],
  gradFunc: (dyInfo, saved, attrs) => {
    const dy = dyInfo as tf.Tensor;
    const [x, indices] = saved;
    const { axis, batchDims } = attrs as { axis: number; batchDims: number };
    const parsedAxis = tf.util.parseAxisParam(axis, x.shape)[0];
    const derXBatch = (x: tf.Tensor, indices: tf.Tensor, dy: tf.Tensor) => () => {
      const paramsShape = x.shape;
      const indicesSize = indices.size;
      const outerShape = paramsShape.slice(0, parsedAxis);
      const outerDims = outerShape.length;
      // tfjs slices at `axis` here, not `parsedAxis` (they differ only for a negative axis).
      const innerShape = paramsShape.slice(axis, paramsShape.length).slice(1);
      const innerDims = innerShape.length;
      const values = tf.reshape(dy, [...outerShape, indicesSize, ...innerShape]);
      const reshapedIndices = tf.reshape(indices, [indicesSize]);
      const transposeDims = [outerDims, ...range(0, outerDims), ...range(outerDims + 1, outerDims + 1 + innerDims)];
      const paramsGrad = tf.unsortedSegmentSum(tf.transpose(values, transposeDims), reshapedIndices as tf.Tensor1D, x.shape[parsedAxis]);
      return tf.transpose(paramsGrad, getUndoAxesPermutation(transposeDims));
    };
    if (batchDims === 1) {
      const xBatch = tf.split(x, x.shape[0], 0);
      const derXBatched = () => tf.reshape(tf.stack(xBatch.map((xi, i) => derXBatch(xi, tf.slice(indices, i, 1), tf.slice(dy, i, 1))())), x.shape);
      return { x: derXBatched, indices: () => indices };
    }
    return { x: derXBatch(x, indices, dy), indices: () => indices };
  },
};

/** Every gradient this file registers, for the test that compares each with tfjs-core's own. */
export const TFJS_GRADIENTS: readonly tf.GradConfig[] = [add, multiply, squaredDifference, mean, reshape, transpose, batchMatMul, softmax, gatherV2];

for (const config of TFJS_GRADIENTS) tf.registerGradient(config);
