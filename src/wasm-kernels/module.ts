/**
 * kernels.wasm (see kernels.c) instantiated on tfjs's own wasm memory: its functions read operands
 * and write outputs where the wasm backend keeps tensors, so nothing is copied in or out.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';

/** The module's exports: every argument is an i32 (a byte address or a count) or an f32. */
export interface KernelExports {
  scratch_floats(): number;
  gemm(...args: number[]): void;
}

export interface KernelModule {
  exports: KernelExports;
  /** Byte address of the kernels' packing space, taken from tfjs's allocator and kept for the process. */
  scratch: number;
  backend: BackendWasm;
  /** Byte address of a tensor's data in the shared memory. */
  address(t: tf.TensorInfo): number;
}

/** One instance per wasm memory (a backend re-created by tf.removeBackend gets a new memory). */
const modules = new WeakMap<WebAssembly.Memory, KernelModule>();
let wasmBytes: Uint8Array<ArrayBuffer> | undefined;

export function kernelModuleFor(backend: BackendWasm): KernelModule {
  const wasm = backend.wasm as unknown as { asm: { memory: WebAssembly.Memory }; _malloc(bytes: number): number };
  const memory = wasm.asm.memory;
  let found = modules.get(memory);
  if (!found) {
    wasmBytes ??= new Uint8Array(readFileSync(new URL('./kernels.wasm', import.meta.url)));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes), { env: { memory } });
    const exports = instance.exports as unknown as KernelExports;
    found = { exports, scratch: wasm._malloc(exports.scratch_floats() * 4), backend, address: (t) => backend.getMemoryOffset(t.dataId) };
    modules.set(memory, found);
  }
  return found;
}

/** Refuses anything but float32, before a kernel reads raw memory as floats. */
export function requireFloat32(kernel: string, tensors: Record<string, tf.TensorInfo | undefined>): void {
  for (const [name, t] of Object.entries(tensors)) {
    if (!t) throw new Error(`${kernel}: input ${name} is required`);
    if (t.dtype !== 'float32') throw new Error(`${kernel}: ${name} must be float32, got ${t.dtype}`);
  }
}
