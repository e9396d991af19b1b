/**
 * kernels.c, in the build kernel-build.ts chooses, instantiated on tfjs's own wasm memory: its
 * functions read operands and write outputs where the wasm backend keeps tensors, so nothing is
 * copied in or out.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { kernelBuild, kernelBytes } from './kernel-build.ts';

/** The module's exports: every argument is an i32 (a byte address or a count) or an f32. */
export interface KernelExports {
  scratch_floats(): number;
  gemm(...args: number[]): void;
  constants_floats(): number;
  init_constants(table: number): void;
  softmax_causal(x: number, out: number, rows: number, T: number, constants: number): void;
  softmax_backward(p: number, dp: number, dx: number, rows: number, T: number): void;
  gelu_forward(x: number, y: number, s: number, n: number, constants: number): void;
  gelu_backward(x: number, s: number, dy: number, dx: number, n: number): void;
  layer_norm_forward(x: number, gain: number, bias: number, y: number, xhat: number, rstd: number, rows: number, d: number, eps: number): void;
  layer_norm_backward(dy: number, xhat: number, rstd: number, gain: number, dx: number, dgain: number, dbias: number, rows: number, d: number): void;
  sum_squares(x: number, n: number, acc: number): void;
  column_sum(x: number, out: number, rows: number, cols: number): void;
  embed_forward(ids: number, wte: number, wpe: number, out: number, rows: number, T: number, V: number, d: number): void;
  cross_entropy_forward(z: number, targets: number, p: number, loss: number, rows: number, V: number, constants: number): void;
  cross_entropy_backward(p: number, targets: number, dloss: number, dz: number, rows: number, V: number): void;
  block_rows(): number;
  embed_backward(ids: number, dy: number, dwte: number, dwpe: number, rows: number, T: number, Tp: number, V: number, d: number, slot: number, block: number): void;
  attention_forward(B: number, H: number, T: number, hd: number, q: number, k: number, v: number, scale: number, out: number, probs: number, work: number, scratch: number, constants: number): void;
  attention_backward(B: number, H: number, T: number, hd: number, dout: number, q: number, k: number, v: number, probs: number, scale: number, dq: number, dk: number, dv: number, work: number, scratch: number): void;
  adamw(p: number, g: number, m: number, v: number, pOut: number, mOut: number, vOut: number, n: number, norm: number, clip: number, beta1: number, beta2: number, step: number, epsHat: number, decay: number): void;
}

export interface KernelModule {
  exports: KernelExports;
  /** Byte address of the kernels' packing space, taken from tfjs's allocator and kept for the process. */
  scratch: number;
  /** Byte address of the table of exp's and GELU's constants (init_constants in kernels.c says why). */
  constants: number;
  backend: BackendWasm;
  /** Byte address of a tensor's data in the shared memory. */
  address(t: tf.TensorInfo): number;
  /** A new float32 output tensor and its byte address. */
  output(shape: number[]): [tf.TensorInfo, number];
  /** A float32 work buffer of n floats from tfjs's allocator, freed after `use`. */
  withWork<R>(n: number, use: (at: number) => R): R;
}

/** One instance per wasm memory (a backend re-created by tf.removeBackend gets a new memory). */
const modules = new WeakMap<WebAssembly.Memory, KernelModule>();
let compiled: WebAssembly.Module | undefined;

export function kernelModuleFor(backend: BackendWasm): KernelModule {
  const wasm = backend.wasm as unknown as { asm: { memory: WebAssembly.Memory }; _malloc(bytes: number): number };
  const memory = wasm.asm.memory;
  let found = modules.get(memory);
  if (!found) {
    compiled ??= new WebAssembly.Module(kernelBytes(kernelBuild()));
    const instance = new WebAssembly.Instance(compiled, { env: { memory } });
    const exports = instance.exports as unknown as KernelExports;
    const address = (t: tf.TensorInfo) => backend.getMemoryOffset(t.dataId);
    const output = (shape: number[]): [tf.TensorInfo, number] => {
      const out = backend.makeOutput(shape, 'float32');
      return [out, address(out)];
    };
    const withWork = <R>(n: number, use: (at: number) => R): R => {
      const [work, at] = output([n]);
      try {
        return use(at);
      } finally {
        backend.disposeData(work.dataId);
      }
    };
    const constants = wasm._malloc(exports.constants_floats() * 4);
    exports.init_constants(constants);
    found = { exports, scratch: wasm._malloc(exports.scratch_floats() * 4), constants, backend, address, output, withWork };
    modules.set(memory, found);
  }
  return found;
}

/** Refuses any dtype but float32 (int32 for the inputs named in `int32`), before a kernel reads raw memory. */
function requireDtypes(kernel: string, tensors: tf.NamedTensorInfoMap, int32: readonly string[]): void {
  for (const [name, t] of Object.entries(tensors)) {
    const want = int32.includes(name) ? 'int32' : 'float32';
    if (t && t.dtype !== want) throw new Error(`${kernel}: ${name} must be ${want}, got ${t.dtype}`);
  }
}

/** The inputs a kernel is given, by name (wasmKernel checks its required ones are present). */
type KernelInputs = Record<string, tf.TensorInfo>;

/**
 * A tfjs kernel config for the wasm backend whose inputs are float32 (int32 for those named in
 * `int32`): `run` gets the module, the inputs (checked: the `required` ones present, each of its
 * dtype) and the attributes, and returns the output(s) it made with `output`.
 */
export function wasmKernel<Attrs = Record<string, number>>(
  kernelName: string,
  required: readonly string[],
  run: (kernels: KernelModule, inputs: KernelInputs, attrs: Attrs) => tf.TensorInfo | tf.TensorInfo[],
  int32: readonly string[] = [],
): tf.KernelConfig {
  const kernelFunc = ({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    for (const name of required) if (!inputs[name]) throw new Error(`${kernelName}: input ${name} is required`);
    requireDtypes(kernelName, inputs, int32);
    return run(kernelModuleFor(backend as BackendWasm), inputs as KernelInputs, (attrs ?? {}) as unknown as Attrs);
  };
  return { kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

/**
 * The kernels' source and build, recorded with every wasm run: the first 8 hex digits of kernels.c's
 * hash and the build ("simd128" or "relaxed-simd"), e.g. "1a2b3c4d relaxed-simd".
 */
export function kernelsVersion(): string {
  const source = readFileSync(new URL('./kernels.c.sha256', import.meta.url), 'utf8').trim().slice(0, 8);
  return `${source} ${kernelBuild()}`;
}
