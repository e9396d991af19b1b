/**
 * Runs one of toyscale's WGSL kernels on tfjs's webgpu backend, in the backend's own command
 * encoder and compute pass, as runWebGPUProgram does for tfjs's programs, but with several outputs:
 * tfjs's programs write one `result`, and a fused kernel (AdamW writes p, m and v; LayerNorm's
 * backward writes dx, dgain and dbias) would otherwise take one dispatch per output.
 *
 * Bindings, in this order: the outputs (read_write storage, fresh buffers), the inputs (read-only
 * storage), then, when the kernel has `uniforms`, one uniform struct of f32 fields. Shapes are
 * baked into each kernel's source as constants, so a pipeline is compiled once per source text;
 * only per-step numbers (learning rate, clip) travel as uniforms.
 */
import * as tf from '@tensorflow/tfjs-core';
import { webgpuInternals, type WebGpuBackendInternals } from './backend-internals.ts';
import { noteDispatch } from './dispatch-count.ts';

export interface WgslKernel {
  /** For the dispatch count and error messages. */
  name: string;
  /** The whole shader: its bindings as above, entry point `main`. */
  code: string;
  /** Workgroups to dispatch, x·y·z. */
  workgroups: [number, number, number];
}

export interface OutputSpec {
  shape: number[];
  dtype?: 'float32' | 'int32';
}

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

function pipelineFor(backend: WebGpuBackendInternals, kernel: WgslKernel): GPUComputePipeline {
  let cache = pipelines.get(backend.device);
  if (!cache) pipelines.set(backend.device, (cache = new Map()));
  let pipeline = cache.get(kernel.code);
  if (!pipeline) {
    const module = backend.device.createShaderModule({ code: kernel.code, label: kernel.name });
    pipeline = backend.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: kernel.name });
    cache.set(kernel.code, pipeline);
  }
  return pipeline;
}

/**
 * Dispatches the kernel once and returns its outputs (new tensor infos owned by the backend).
 * `uniforms` are the f32 fields of the kernel's uniform struct, in declaration order.
 */
export function runWgsl(kernel: WgslKernel, inputs: tf.TensorInfo[], outputs: OutputSpec[], uniforms: number[] = [], backend = webgpuInternals()): tf.TensorInfo[] {
  const results = outputs.map(({ shape, dtype = 'float32' }) => backend.makeTensorInfo(shape, dtype));
  for (const t of [...results, ...inputs]) {
    if (tf.util.sizeFromShape(t.shape) === 0) throw new Error(`${kernel.name}: empty tensor [${t.shape}]`);
    backend.uploadToGPU(t.dataId);
  }
  const pipeline = pipelineFor(backend, kernel);
  const buffers = [...results, ...inputs].map((t) => {
    const resource = backend.tensorMap.get(t.dataId).resource;
    if (!(resource instanceof GPUBuffer)) throw new Error(`${kernel.name}: a tensor is not in a GPU buffer`);
    return { buffer: resource } as GPUBufferBinding;
  });
  if (uniforms.length > 0) buffers.push(backend.makeUniforms(uniforms.map((x) => ({ type: 'float32', data: [x] }))));
  const bindGroup = backend.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((resource, binding) => ({ binding, resource })),
  });
  // The backend keeps these buffers alive until the queued commands are submitted.
  for (const t of [...inputs, ...results]) backend.commandQueueOwnedIds.add(t.dataId);
  backend.ensureCommandEncoderReady();
  if (backend.activeTimers) backend.endComputePassEncoder(); // tfjs's profiler times passes one per program
  backend.computePassEncoder ??= backend.commandEncoder!.beginComputePass({});
  backend.computePassEncoder.setPipeline(pipeline);
  backend.computePassEncoder.setBindGroup(0, bindGroup);
  backend.computePassEncoder.dispatchWorkgroups(...kernel.workgroups);
  noteDispatch(kernel.name);
  backend.dispatchCountInPass++;
  if (backend.activeTimers || tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE') <= backend.dispatchCountInPass) {
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
  return results;
}

/** Workgroups for `n` workgroups' worth of work, folded into y when x would pass the 65535 limit. */
export function workgroupGrid(n: number): [number, number, number] {
  const x = Math.min(n, 65535);
  return [x, Math.ceil(n / x), 1];
}
