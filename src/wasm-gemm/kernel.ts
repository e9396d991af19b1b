/**
 * The `StridedMatMul` kernel for tfjs's wasm backend: gemm.wasm (see gemm.c) instantiated on the
 * backend's own memory, so it reads operands and writes outputs where tfjs keeps them, with no
 * copies. Registered once per process by `registerStridedMatMul`; other backends never see it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';

export const STRIDED_MATMUL = 'ToyscaleStridedMatMul';

/** Element strides of one operand: batch outer, batch inner, row, column. */
export type OperandStrides = [outer: number, inner: number, row: number, col: number];

/**
 * The kernel's attributes. A batch of outer × inner products C = A·B (+ bias), each [m, k]·[k, n];
 * C is written row-major into an output of `outShape`, at the strides `c` (outer, inner, row).
 */
export interface StridedMatMulAttrs {
  dims: [outer: number, inner: number, m: number, n: number, k: number];
  a: OperandStrides;
  b: OperandStrides;
  c: [outer: number, inner: number, row: number];
  outShape: number[];
}

type Gemm = (...args: number[]) => void;

interface GemmModule {
  gemm: Gemm;
  scratch: number;
}

/** One module per wasm memory (a backend re-created by tf.removeBackend gets a new memory). */
const modules = new WeakMap<WebAssembly.Memory, GemmModule>();
let wasmBytes: Uint8Array<ArrayBuffer> | undefined;

function gemmModuleFor(backend: BackendWasm): GemmModule {
  const wasm = backend.wasm as unknown as { asm: { memory: WebAssembly.Memory }; _malloc(bytes: number): number };
  const memory = wasm.asm.memory;
  let found = modules.get(memory);
  if (!found) {
    wasmBytes ??= new Uint8Array(readFileSync(new URL('./gemm.wasm', import.meta.url)));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes), { env: { memory } });
    const exports = instance.exports as { gemm: Gemm; scratch_floats: () => number };
    // Packing space for the kernel, taken from tfjs's own allocator and kept for the process.
    found = { gemm: exports.gemm, scratch: wasm._malloc(exports.scratch_floats() * 4) };
    modules.set(memory, found);
  }
  return found;
}

/** The highest element a strided operand reaches, to refuse strides that would leave its buffer. */
function lastElement(counts: number[], strides: number[]): number {
  return counts.reduce((sum, count, i) => sum + (count - 1) * strides[i], 0);
}

function checkFits(name: string, size: number, counts: number[], strides: number[]): void {
  if (strides.some((s) => s < 0 || !Number.isInteger(s))) throw new Error(`${STRIDED_MATMUL}: ${name} strides must be non-negative integers, got ${strides}`);
  const last = lastElement(counts, strides);
  if (last >= size) throw new Error(`${STRIDED_MATMUL}: ${name} reaches element ${last} of a tensor of ${size}`);
}

function stridedMatMul({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const wasmBackend = backend as BackendWasm;
  const { a, b, bias } = inputs;
  if (!a || !b) throw new Error(`${STRIDED_MATMUL}: inputs a and b are required`);
  const { dims, a: as, b: bs, c: cs, outShape } = attrs as unknown as StridedMatMulAttrs;
  const [outer, inner, m, n, k] = dims;
  for (const t of [a, b, bias]) if (t && t.dtype !== 'float32') throw new Error(`${STRIDED_MATMUL}: float32 only, got ${t.dtype}`);
  const out = wasmBackend.makeOutput(outShape, 'float32');
  const outSize = tf.util.sizeFromShape(outShape);
  if (outer * inner * m * n === 0) return out;
  checkFits('a', tf.util.sizeFromShape(a.shape), [outer, inner, m, k], as);
  checkFits('b', tf.util.sizeFromShape(b.shape), [outer, inner, k, n], bs);
  checkFits('out', outSize, [outer, inner, m, n], [...cs, 1]);
  if (bias && tf.util.sizeFromShape(bias.shape) !== n) throw new Error(`${STRIDED_MATMUL}: bias has ${tf.util.sizeFromShape(bias.shape)} elements, want ${n}`);
  const { gemm, scratch } = gemmModuleFor(wasmBackend);
  const at = (t: tf.TensorInfo) => wasmBackend.getMemoryOffset(t.dataId);
  gemm(outer, inner, m, n, k, at(a), ...as, at(b), ...bs, at(out), ...cs, bias ? at(bias) : 0, scratch);
  return out;
}

let registered = false;

/** Registers the kernel for the wasm backend (idempotent). */
export function registerStridedMatMul(): void {
  if (registered) return;
  tf.registerKernel({ kernelName: STRIDED_MATMUL, backendName: 'wasm', kernelFunc: stridedMatMul as unknown as tf.KernelFunc });
  registered = true;
}
