/**
 * The strided matmul kernel (gemm in src/wasm-kernels/kernels.c, registered as ToyscaleStridedMatMul)
 * on the wasm backend, in one build of kernels.c: values against a float64 reference that reads
 * through the same strides, bit-determinism, that it writes nothing but its output and its scratch
 * block, and the refusal of bad input. strided-matmul-simd128.test.ts and -relaxed.test.ts run it
 * once per build, each in its own process (a process chooses its build once).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { setFlagsFromString } from 'node:v8';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/fit/rng.ts';
import { matMul2d, stridedMatMul } from '../../src/ops/wasm-kernels.ts';
import { kernelBuild, KERNELS_ENV, RELAXED_SIMD_FLAG, relaxedSimdAvailable, type KernelBuild } from '../../src/wasm-kernels/kernel-build.ts';
import { kernelModuleFor, kernelsVersion, type KernelExports, type KernelModule } from '../../src/wasm-kernels/module.ts';
import type { CausalMode, OperandStrides, StridedMatMulAttrs } from '../../src/wasm-kernels/strided-matmul.ts';
import { registerWasmKernels } from '../../src/wasm-kernels/register.ts';
import { useBackend } from '../helpers/backend.ts';

const rng = mulberry32(20240611);
const uniform = (n: number) => Float32Array.from({ length: n }, () => rng() * 2 - 1);

let kernels: KernelModule;
let backend: BackendWasm;

/**
 * Makes this process use `build`. Node 20 validates relaxed SIMD only with RELAXED_SIMD_FLAG,
 * which sweeps pass to their workers on the command line; a test process turns it on here instead.
 */
function useKernelBuild(build: KernelBuild): void {
  if (build === 'relaxed-simd' && !relaxedSimdAvailable()) setFlagsFromString(RELAXED_SIMD_FLAG);
  process.env[KERNELS_ENV] = build;
}

const memory = () => (backend.wasm as unknown as { asm: { memory: WebAssembly.Memory } }).asm.memory;

/**
 * Replaces the module's gemm with `wrap(call, args)` until the returned function is called. The
 * kernel calls `kernels.exports.gemm` through the cached KernelModule, so this sees every call.
 */
function interceptGemm(wrap: (call: () => void, args: number[]) => void): () => void {
  const original = kernels.exports;
  kernels.exports = { ...original, gemm: (...args: number[]) => wrap(() => original.gemm(...args), args) } as KernelExports;
  return () => {
    kernels.exports = original;
  };
}

/** gemm's arguments (kernels.c): the output's byte address and the floats its strides reach. */
function outputExtent(args: number[]): [address: number, floats: number] {
  const [outer, inner, m, n] = args;
  const [c, cOuter, cInner, cRow] = args.slice(15, 19);
  if (outer * inner * m * n === 0) return [c, 0];
  return [c, (outer - 1) * cOuter + (inner - 1) * cInner + (m - 1) * cRow + n];
}

/**
 * Fills each output with NaN just before the kernel writes it, so an element the kernel forgets
 * (an edge tile, say) fails the value checks instead of passing on whatever malloc left there.
 */
function poisonOutputs(): () => void {
  return interceptGemm((call, args) => {
    const [address, floats] = outputExtent(args);
    new Float32Array(memory().buffer, address, floats).fill(NaN);
    call();
  });
}

interface Product {
  attrs: StridedMatMulAttrs;
  a: Float32Array;
  aShape: number[];
  b: Float32Array;
  bShape: number[];
  bias?: Float32Array;
}

/**
 * The float64 reference, reading a and b through the same strides as the kernel. Returns the
 * expected output (NaN where nothing is specified: above the diagonal in 'output' mode, or
 * gaps the c strides leave) and each element's row magnitude: the largest Σ_k |a||b| + |bias|
 * over its row, the scale float32 rounding errors grow with.
 */
function reference({ attrs, a, b, bias }: Product): { want: Float64Array; scale: Float64Array } {
  const [outer, inner, m, n, k] = attrs.dims;
  const [ao, ai, ar, ac] = attrs.a;
  const [bo, bi, br, bc] = attrs.b;
  const [co, ci, cr] = attrs.c;
  const causal = attrs.causal ?? 'none';
  const size = attrs.outShape.reduce((x, y) => x * y, 1);
  const want = new Float64Array(size).fill(NaN);
  const scale = new Float64Array(size);
  const rowSum = new Float64Array(n);
  const rowAbs = new Float64Array(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      for (let r = 0; r < m; r++) {
        for (let j = 0; j < n; j++) {
          let sum = bias ? bias[j] : 0;
          let abs = bias ? Math.abs(bias[j]) : 0;
          for (let p = 0; p < k; p++) {
            if ((causal === 'a-lower' && p > r) || (causal === 'a-upper' && p < r)) continue;
            const term = a[o * ao + i * ai + r * ar + p * ac] * b[o * bo + i * bi + p * br + j * bc];
            sum += term;
            abs += Math.abs(term);
          }
          rowSum[j] = sum;
          rowAbs[j] = abs;
        }
        const magnitude = Math.max(...rowAbs);
        for (let j = 0; j < n; j++) {
          const at = o * co + i * ci + r * cr + j;
          scale[at] = magnitude;
          if (causal !== 'output' || j <= r) want[at] = rowSum[j];
        }
      }
    }
  }
  return { want, scale };
}

function runProduct({ attrs, a, aShape, b, bShape, bias }: Product): Float32Array {
  return tf.tidy(() => {
    const biasT = bias ? tf.tensor1d(bias) : undefined;
    return stridedMatMul(tf.tensor(a, aShape), tf.tensor(b, bShape), attrs, biasT).dataSync() as Float32Array;
  });
}

/** The kernel's output against the reference, to `tolerance` of each row's magnitude. */
function expectMatches(label: string, product: Product, got = runProduct(product), tolerance = 1e-5): void {
  const { want, scale } = reference(product);
  expect(got.length, `${label}: output size`).toBe(want.length);
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i])) continue;
    const err = Number.isFinite(got[i]) ? Math.abs(got[i] - want[i]) / Math.max(scale[i], 1e-30) : Infinity;
    if (err > worst) [worst, worstAt] = [err, i];
  }
  expect(worst, `${label}: element ${worstAt} is ${got[worstAt]}, want ${want[worstAt]}`).toBeLessThanOrEqual(tolerance);
}

/** op(a)·op(b) (+ bias) as matMul2d runs it, with the reference strides written out independently. */
function product2d(m: number, n: number, k: number, transposeA: boolean, transposeB: boolean, withBias: boolean): Product {
  return {
    attrs: {
      dims: [1, 1, m, n, k],
      // A(i, p) is a[i·k + p], or a[p·m + i] stored transposed as [k, m]; likewise B.
      a: transposeA ? [0, 0, 1, m] : [0, 0, k, 1],
      b: transposeB ? [0, 0, 1, k] : [0, 0, n, 1],
      c: [0, 0, n],
      outShape: [m, n],
    },
    a: uniform(m * k),
    aShape: transposeA ? [k, m] : [m, k],
    b: uniform(k * n),
    bShape: transposeB ? [n, k] : [k, n],
    bias: withBias ? uniform(n) : undefined,
  };
}

function run2d(p: Product, transposeA: boolean, transposeB: boolean): Float32Array {
  return tf.tidy(() => {
    const bias = p.bias ? tf.tensor1d(p.bias) : undefined;
    const a = tf.tensor2d(p.a, p.aShape as [number, number]);
    const b = tf.tensor2d(p.b, p.bShape as [number, number]);
    return matMul2d(a, b, transposeA, transposeB, bias).dataSync() as Float32Array;
  });
}

const FLAGS = [[false, false], [true, false], [false, true], [true, true]] as const;

/** Attention's products on q, k, v of [B·T, d], read per head in place (as src/ops/attention.ts does). */
function attentionProducts(B: number, T: number, H: number, hd: number): Record<string, Product> {
  const d = H * hd;
  const rows: OperandStrides = [T * d, hd, d, 1];
  const rowsT: OperandStrides = [T * d, hd, 1, d];
  const square: OperandStrides = [H * T * T, T * T, T, 1];
  const squareT: OperandStrides = [H * T * T, T * T, 1, T];
  const heads = (): Pick<Product, 'b' | 'bShape'> => ({ b: uniform(B * T * d), bShape: [B * T, d] });
  // A [B, H, T, T] that is exactly 0 above each diagonal, as the causal softmax leaves it. It must
  // be: 'a-lower' and 'a-upper' skip only whole 4-row slivers, and in the tiles the diagonal
  // crosses the kernel still sums A's entries on the masked side (garbage there changes results).
  const lower = () => {
    const p = uniform(B * H * T * T);
    for (let s = 0; s < B * H; s++) for (let r = 0; r < T; r++) p.fill(0, s * T * T + r * T + r + 1, s * T * T + r * T + T);
    return p;
  };
  const scores = (causal: CausalMode): Product => ({
    attrs: { dims: [B, H, T, T, hd], a: rows, b: rowsT, c: [H * T * T, T * T, T], outShape: [B, H, T, T], causal },
    a: uniform(B * T * d),
    aShape: [B * T, d],
    ...heads(),
  });
  const byHeads = (a: OperandStrides, p: Float32Array, causal: CausalMode): Product => ({
    attrs: { dims: [B, H, T, hd, T], a, b: rows, c: [T * d, hd, d], outShape: [B * T, d], causal },
    a: p,
    aShape: [B, H, T, T],
    ...heads(),
  });
  return {
    'q·kᵀ': scores('none'),
    'q·kᵀ causal output': scores('output'),
    'p·v': byHeads(square, uniform(B * H * T * T), 'none'),
    'p·v causal a-lower': byHeads(square, lower(), 'a-lower'),
    'pᵀ·dO': byHeads(squareT, uniform(B * H * T * T), 'none'),
    'pᵀ·dO causal a-upper': byHeads(squareT, lower(), 'a-upper'),
  };
}

/** The whole suite for one build; call it once per test file. */
export function stridedMatMulSuite(build: KernelBuild): void {
  describe(`ToyscaleStridedMatMul on wasm, ${build} build`, () => {
    beforeAll(async () => {
      useKernelBuild(build);
      await useBackend('wasm');
      registerWasmKernels();
      backend = tf.backend() as BackendWasm;
      kernels = kernelModuleFor(backend);
    });

    it('runs the build it was asked for and records it in the kernels version', () => {
      expect(kernelBuild()).toBe(build);
      expect(kernelsVersion()).toMatch(new RegExp(`^[0-9a-f]{8} ${build}$`));
    });

    /** Every [m, n, k] with each transpose combination, with and without bias, against the reference. */
    const expectShapesMatch = (shapes: number[][]) => {
      const restore = poisonOutputs();
      try {
        for (const [m, n, k] of shapes) {
          for (const [tA, tB] of FLAGS) {
            for (const withBias of [false, true]) {
              const p = product2d(m, n, k, tA, tB, withBias);
              expectMatches(`[${m}x${k}]·[${k}x${n}] tA=${tA} tB=${tB} bias=${withBias}`, p, run2d(p, tA, tB));
            }
          }
        }
      } finally {
        restore();
      }
    };

    it('matches a float64 reference on edge shapes, every transpose, with and without bias', () => {
      // Sizes below, at and past the 4x8 tile, with k from 1 up to a few vector lengths.
      const sizes = [1, 3, 4, 5, 7, 8, 9, 31, 65];
      expectShapesMatch(sizes.flatMap((m) => sizes.flatMap((n) => [1, 7, 65].map((k) => [m, n, k]))));
    });

    it('matches the reference past the KC = 256 and NC = 512 blocks', () => {
      expectShapesMatch([[65, 520, 300], [9, 1031, 257], [33, 17, 600], [1, 520, 600], [5, 9, 513], [31, 8, 256]]);
    });

    it('matches the reference on batched attention products read per head in place', () => {
      const restore = poisonOutputs();
      try {
        for (const [B, T, H, hd] of [[2, 13, 3, 8], [3, 33, 4, 5], [1, 64, 2, 16]]) {
          for (const [name, p] of Object.entries(attentionProducts(B, T, H, hd))) expectMatches(`${name} B=${B} T=${T} H=${H} hd=${hd}`, p);
        }
      } finally {
        restore();
      }
    });

    it('is bit-deterministic, also for the same values at another address', () => {
      for (const [m, n, k] of [[65, 520, 300], [7, 9, 5]]) {
        for (const [tA, tB] of FLAGS) {
          const p = product2d(m, n, k, tA, tB, true);
          const first = run2d(p, tA, tB);
          const again = run2d(p, tA, tB);
          // A fresh tensor per call lands elsewhere in memory: results must not depend on alignment.
          const padded = tf.tensor1d(uniform(3)); // shifts the next allocations by a non-multiple of 16 bytes
          const third = run2d({ ...p, a: p.a.slice(), b: p.b.slice() }, tA, tB);
          padded.dispose();
          expect(Buffer.from(again.buffer).equals(Buffer.from(first.buffer)), `[${m}x${k}]·[${k}x${n}] tA=${tA} tB=${tB}`).toBe(true);
          expect(Buffer.from(third.buffer).equals(Buffer.from(first.buffer)), `[${m}x${k}]·[${k}x${n}] tA=${tA} tB=${tB}`).toBe(true);
        }
      }
    });

    it('writes nothing outside its outputs and its scratch block', () => {
      /** Byte ranges [start, end) in which bytes differ between two snapshots, outside `allowed`. */
      const changedOutside = (before: Uint8Array, after: Uint8Array, allowed: [number, number][]): [number, number][] => {
        const found: [number, number][] = [];
        const length = Math.min(before.length, after.length) & ~3;
        const w0 = new Uint32Array(before.buffer, before.byteOffset, length / 4);
        const w1 = new Uint32Array(after.buffer, after.byteOffset, length / 4);
        for (let w = 0; w < w0.length; w++) {
          if (w0[w] === w1[w]) continue;
          for (let byte = w * 4; byte < w * 4 + 4; byte++) {
            if (before[byte] === after[byte] || allowed.some(([s, e]) => byte >= s && byte < e)) continue;
            const last = found[found.length - 1];
            if (last && last[1] === byte) last[1] = byte + 1;
            else found.push([byte, byte + 1]);
          }
        }
        return found;
      };
      const span = (t: tf.Tensor): [number, number] => [backend.getMemoryOffset(t.dataId), backend.getMemoryOffset(t.dataId) + t.size * 4];
      const scratch: [number, number] = [kernels.scratch, kernels.scratch + kernels.exports.scratch_floats() * 4];

      // Every input, each followed by a canary tensor so that anything just past an operand is watched.
      const live: tf.Tensor[] = [];
      const tensor = (values: Float32Array, shape: number[]) => {
        const t = tf.tensor(values, shape);
        live.push(t, tf.tensor1d(uniform(5)));
        return t;
      };
      const products: { p: Product; run: () => tf.Tensor }[] = [];
      const add = (p: Product, flags?: readonly [boolean, boolean]) => {
        const a = tensor(p.a, p.aShape);
        const b = tensor(p.b, p.bShape);
        const bias = p.bias ? (tensor(p.bias, [p.bias.length]) as tf.Tensor1D) : undefined;
        const run = flags ? () => matMul2d(a as tf.Tensor2D, b as tf.Tensor2D, flags[0], flags[1], bias) : () => stridedMatMul(a, b, p.attrs, bias);
        products.push({ p, run });
      };
      add(product2d(5, 9, 7, false, false, true), [false, false]);
      add(product2d(3, 13, 1, true, false, false), [true, false]);
      add(product2d(7, 5, 9, false, true, true), [false, true]);
      add(product2d(9, 520, 300, true, true, true), [true, true]);
      add(product2d(1, 1, 1, false, false, true), [false, false]);
      const attention = attentionProducts(2, 13, 3, 8);
      for (const name of ['q·kᵀ causal output', 'p·v causal a-lower', 'pᵀ·dO']) add(attention[name]);

      // 1. The kernel alone: around each gemm call nothing runs but the kernel, so every byte that
      //    changes must lie in the output extent its c strides reach, or in the scratch block.
      const kernelWrites: string[] = [];
      const restore = interceptGemm((call, args) => {
        const [address, floats] = outputExtent(args);
        const before = new Uint8Array(memory().buffer).slice();
        call();
        const after = new Uint8Array(memory().buffer);
        for (const [s, e] of changedOutside(before, after, [[address, address + floats * 4], scratch])) kernelWrites.push(`bytes ${s}..${e}`);
      });
      // 2. The whole tfjs call, snapshot taken after every input was allocated. tfjs allocates each
      //    output during the call (makeOutput → malloc, then the C++ registerTensor). Measured with
      //    tfjs-backend-wasm 4.22, bytes then change outside the outputs and the scratch in: the
      //    backend's static data around 23-26 KB (the allocator's global state), the 8-byte chunk
      //    headers before each new output and the top chunk's header after the last, and small
      //    blocks between and after the outputs and in older heap (the nodes and buckets of the
      //    backend's tensor registry, an unordered_map that registerTensor grows). That is more than
      //    allocator headers and has no fixed addresses, so rather than exclude it by address this
      //    part asserts that no live tensor (the inputs and the canaries) changed, and step 1, where
      //    only the kernel runs, shows that the kernel wrote none of those bytes.
      let whole: [number, number][];
      const outputs: tf.Tensor[] = [];
      try {
        const before = new Uint8Array(memory().buffer).slice();
        for (const { run } of products) outputs.push(run());
        whole = changedOutside(before, new Uint8Array(memory().buffer), [...outputs.map(span), scratch]);
      } finally {
        restore();
      }
      expect(kernelWrites, 'gemm wrote outside its output and scratch').toEqual([]);
      const hitTensors = live.filter((t) => whole.some(([s, e]) => s < span(t)[1] && e > span(t)[0]));
      expect(hitTensors.map((t) => `${t.shape} at ${span(t)}`), 'live tensors changed by the calls').toEqual([]);
      // And the outputs are right (the snapshots must not have disturbed anything).
      products.forEach(({ p }, i) => expectMatches(`memory test product ${i}`, p, outputs[i].dataSync() as Float32Array));
      tf.dispose([...live, ...outputs]);
    });

    it('refuses strides past a tensor, a bias of the wrong length and int32 input', () => {
      const a = tf.tensor2d(uniform(6 * 4), [6, 4]);
      const b = tf.tensor2d(uniform(4 * 5), [4, 5]);
      const attrs = (over: Partial<StridedMatMulAttrs>): StridedMatMulAttrs => ({
        dims: [1, 1, 6, 5, 4], a: [0, 0, 4, 1], b: [0, 0, 5, 1], c: [0, 0, 5], outShape: [6, 5], ...over,
      });
      const refused = (f: () => unknown, message: RegExp) => {
        let error: unknown;
        try {
          tf.dispose(f() as tf.Tensor);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(/^ToyscaleStridedMatMul: /);
        expect((error as Error).message).toMatch(message);
      };
      refused(() => stridedMatMul(a, b, attrs({ a: [0, 0, 5, 1] })), /a reaches element 28 of a tensor of 24/);
      refused(() => stridedMatMul(a, b, attrs({ b: [0, 0, 5, 2] })), /b reaches element 23 of a tensor of 20/);
      refused(() => stridedMatMul(a, b, attrs({ dims: [2, 1, 6, 5, 4], a: [1, 0, 4, 1], c: [30, 0, 5], outShape: [2, 6, 5] })), /a reaches element 24 of a tensor of 24/);
      refused(() => stridedMatMul(a, b, attrs({ c: [0, 0, 6] })), /out reaches element 34 of a tensor of 30/);
      refused(() => stridedMatMul(a, b, attrs({ a: [0, 0, -4, 1] })), /a strides must be non-negative integers/);
      const shortBias = tf.tensor1d(uniform(4));
      refused(() => stridedMatMul(a, b, attrs({}), shortBias), /bias has 4 elements, want 5/);
      refused(() => matMul2d(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), tf.tensor2d(uniform(10), [2, 5]), false, false), /a must be float32, got int32/);
      refused(() => matMul2d(a, tf.tensor2d(Array.from({ length: 20 }, (_, i) => i), [4, 5], 'int32'), false, false), /b must be float32, got int32/);
      refused(() => matMul2d(a, b, false, false, tf.tensor1d([1, 2, 3, 4, 5], 'int32')), /bias must be float32, got int32/);
      tf.dispose([a, b, shortBias]);
    });

    // Every check runs before the output is allocated (it once did not, and each refusal leaked a buffer).
    it('a refused call leaves no buffer behind', () => {
      const a = tf.tensor2d(uniform(6 * 4), [6, 4]);
      const b = tf.tensor2d(uniform(4 * 5), [4, 5]);
      const bias = tf.tensor1d(uniform(4));
      const buffers = backend.numDataIds();
      const attrs: StridedMatMulAttrs = { dims: [1, 1, 6, 5, 4], a: [0, 0, 4, 1], b: [0, 0, 5, 1], c: [0, 0, 5], outShape: [6, 5] };
      expect(() => stridedMatMul(a, b, { ...attrs, a: [0, 0, 5, 1] })).toThrow(/reaches element/);
      expect(() => stridedMatMul(a, b, attrs, bias)).toThrow(/bias has 4 elements/);
      expect(() => stridedMatMul(a, b, { ...attrs, dims: [1, 1, 6, 4, 4] })).toThrow(/give 24 outputs for an output \[6,5\] of 30/);
      expect(() => stridedMatMul(a, b, { ...attrs, dims: [1, 1, 6, 5, 1.5] })).toThrow(/dims must be 5 non-negative integers/);
      try {
        expect(backend.numDataIds()).toBe(buffers);
      } finally {
        tf.dispose([a, b, bias]);
      }
    });
  });
}
