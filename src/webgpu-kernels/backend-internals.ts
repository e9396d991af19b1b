/**
 * The parts of tfjs-backend-webgpu's WebGPUBackend (4.22) that toyscale's kernels use. Most are
 * TypeScript-private there but plain fields at run time; naming them here keeps every such reach
 * into the backend in one place, typed, so an upgrade that renames one fails in one file.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface ProgramUniformEntry {
  type: 'float32' | 'int32' | 'uint32';
  data: number[];
}

export interface TensorData {
  resource: GPUBuffer | GPUTexture | null;
  dtype: tf.DataType;
  shape: number[];
}

/** A WebGPUProgram as runWebGPUProgram takes it (webgpu_program.d.ts); only what the counter reads. */
export interface ProgramLike {
  shaderKey: string;
  constructor: { name: string };
}

export interface WebGpuBackendInternals {
  readonly device: GPUDevice;
  readonly queue: GPUQueue;
  readonly tensorMap: { get(dataId: object): TensorData };
  commandEncoder: GPUCommandEncoder | null;
  computePassEncoder: GPUComputePassEncoder | null;
  dispatchCountInPass: number;
  commandQueueOwnedIds: WeakSet<object>;
  activeTimers: unknown[] | null;
  uploadToGPU(dataId: object): void;
  makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  makeUniforms(entries: ProgramUniformEntry[]): GPUBufferBinding;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  disposeData(dataId: object, force?: boolean): boolean;
  runWebGPUProgram(program: ProgramLike, inputs: tf.TensorInfo[], dtype: tf.DataType, uniforms?: ProgramUniformEntry[], output?: tf.TensorInfo): tf.TensorInfo;
}

/** The active backend's internals; throws when the active backend is not webgpu. */
export function webgpuInternals(): WebGpuBackendInternals {
  if (tf.getBackend() !== 'webgpu') throw new Error(`webgpu kernels need the webgpu backend, active: ${tf.getBackend()}`);
  return tf.backend() as unknown as WebGpuBackendInternals;
}
