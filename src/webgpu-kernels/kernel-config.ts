/** A tfjs kernel for the webgpu backend from a function of its inputs and number attributes. */
import type * as tf from '@tensorflow/tfjs-core';

export type WebGpuKernelFunc = (inputs: Record<string, tf.TensorInfo>, attrs: Record<string, number>) => tf.TensorInfo | tf.TensorInfo[];

export function webgpuKernel(kernelName: string, run: WebGpuKernelFunc): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, attrs }) => run(inputs as Record<string, tf.TensorInfo>, (attrs ?? {}) as Record<string, number>),
  };
}
