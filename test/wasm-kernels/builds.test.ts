/**
 * The two committed builds of kernels.c (src/wasm-kernels/build.sh): that they are the ones
 * build.sh made from this kernels.c (hash guard), the shape of each module, each build's gemm
 * against float64 on a memory of its own, that the relaxed build really fuses (its bits differ),
 * and how a process chooses between them.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeInChild } from '../../src/backend/resolve.ts';
import { mulberry32 } from '../../src/fit/rng.ts';
import {
  chooseKernelBuild,
  KERNEL_BUILDS,
  kernelBytes,
  RELAXED_SIMD_FLAG,
  relaxedSimdAvailable,
  relaxedSimdExecArgv,
  type KernelBuild,
} from '../../src/wasm-kernels/kernel-build.ts';

const dir = new URL('../../src/wasm-kernels/', import.meta.url);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(new URL(file, dir))).digest('hex');

describe('hash guard', () => {
  it('kernels.c.sha256 matches kernels.c: rebuild with src/wasm-kernels/build.sh after editing the C source', () => {
    expect(readFileSync(new URL('kernels.c.sha256', dir), 'utf8').trim()).toBe(sha256('kernels.c'));
  });

  it('kernels.wasm.sha256 matches both binaries: they are the ones build.sh wrote', () => {
    const listed = readFileSync(new URL('kernels.wasm.sha256', dir), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/));
    expect(listed.map(([, file]) => file).sort()).toEqual(['kernels-relaxed.wasm', 'kernels.wasm']);
    for (const [hash, file] of listed) expect(hash, file).toBe(sha256(file));
  });
});

/** A section id list of a wasm binary (each section: an id byte, then its size as unsigned LEB128). */
function sectionIds(bytes: Uint8Array): { ids: number[]; end: number } {
  const ids: number[] = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      size += (byte & 0x7f) * 2 ** shift;
      if (!(byte & 0x80)) break;
    }
    at += size;
    ids.push(id);
  }
  return { ids, end: at };
}

beforeAll(() => {
  // Node 20 compiles relaxed SIMD only with this flag (sweeps pass it to their workers).
  if (!relaxedSimdAvailable()) setFlagsFromString(RELAXED_SIMD_FLAG);
});

describe.each(KERNEL_BUILDS)('the %s build', (build) => {
  it('imports only env.memory and has no data, start or memory of its own', () => {
    const bytes = kernelBytes(build);
    expect([...bytes.subarray(0, 8)]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const { ids, end } = sectionIds(bytes);
    expect(end, 'sections end exactly at the end of the file').toBe(bytes.length);
    expect(ids, 'no start section').not.toContain(8);
    expect(ids, 'no data section').not.toContain(11);
    expect(ids, 'no data count section').not.toContain(12);
    expect(ids, 'no memory section: the memory is imported').not.toContain(5);
    const module = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    const exports = WebAssembly.Module.exports(module);
    expect(exports.filter((e) => e.kind !== 'function'), 'only functions are exported').toEqual([]);
    expect(exports.map((e) => e.name)).toEqual(expect.arrayContaining(['gemm', 'scratch_floats', 'softmax_causal', 'gelu_forward', 'layer_norm_forward', 'adamw']));
  });

  it('gemm matches float64 and repeats its bits, on a memory of its own', () => {
    const first = rawGemm(build);
    const again = rawGemm(build);
    expect(Buffer.from(again.got.buffer).equals(Buffer.from(first.got.buffer))).toBe(true);
    let worst = 0;
    for (let i = 0; i < first.want.length; i++) worst = Math.max(worst, Math.abs(first.got[i] - first.want[i]) / first.scale[i]);
    expect(worst).toBeLessThan(1e-5);
  });
});

it('the relaxed build fuses: same products, other roundings than the simd128 build', () => {
  const plain = rawGemm('simd128');
  const fused = rawGemm('relaxed-simd');
  let differ = 0;
  for (let i = 0; i < plain.got.length; i++) if (plain.got[i] !== fused.got[i]) differ++;
  expect(differ / plain.got.length).toBeGreaterThan(0.1);
});

const M = 37;
const N = 45;
const K = 300; // past KC = 256, so the second K block adds to the first
const rawRng = () => {
  const rng = mulberry32(7);
  return Float32Array.from({ length: M * K + K * N }, () => rng() * 2 - 1);
};

/** C = A·B for A [M, K] and B [K, N] (row-major) through one build's gemm, and its float64 reference. */
function rawGemm(build: KernelBuild): { got: Float32Array; want: Float64Array; scale: Float64Array } {
  const memory = new WebAssembly.Memory({ initial: 64 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(kernelBytes(build)), { env: { memory } });
  const { gemm, scratch_floats } = instance.exports as unknown as { gemm(...args: number[]): void; scratch_floats(): number };
  const values = rawRng();
  const a = 0;
  const b = M * K * 4;
  const c = b + K * N * 4;
  const scratch = c + M * N * 4;
  expect(scratch + scratch_floats() * 4).toBeLessThan(memory.buffer.byteLength);
  new Float32Array(memory.buffer).set(values);
  gemm(1, 1, M, N, K, a, 0, 0, K, 1, b, 0, 0, N, 1, c, 0, 0, N, 0, 0, scratch);
  const got = new Float32Array(memory.buffer, c, M * N).slice();
  const want = new Float64Array(M * N);
  const scale = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      for (let k = 0; k < K; k++) {
        const term = values[i * K + k] * values[M * K + k * N + j];
        want[i * N + j] += term;
        scale[i * N + j] += Math.abs(term);
      }
    }
  }
  return { got, want, scale };
}

describe('choosing a build', () => {
  it('auto takes relaxed SIMD where the runtime validates it, else simd128', () => {
    expect(chooseKernelBuild(undefined, true)).toBe('relaxed-simd');
    expect(chooseKernelBuild('auto', false)).toBe('simd128');
    expect(chooseKernelBuild('simd128', true)).toBe('simd128');
    expect(chooseKernelBuild('relaxed-simd', true)).toBe('relaxed-simd');
  });

  it('refuses an unknown build, and relaxed SIMD where the runtime cannot run it', () => {
    expect(() => chooseKernelBuild('fma', true)).toThrow(/TOYSCALE_WASM_KERNELS=fma: choose auto, simd128 or relaxed-simd/);
    expect(() => chooseKernelBuild('relaxed-simd', false)).toThrow(/does not validate relaxed SIMD/);
  });

  it("a child started with relaxedSimdExecArgv() validates the relaxed build (the workers' flag on Node 20)", () => {
    const file = new URL('kernels-relaxed.wasm', dir).pathname;
    const script = `process.stdout.write(String(WebAssembly.validate(require('fs').readFileSync(${JSON.stringify(file)}))))`;
    expect(execFileSync(process.execPath, [...relaxedSimdExecArgv(), '-e', script], { encoding: 'utf8' })).toBe('true');
  });

  it("the backend probe (a sweep's device record) describes the build its workers run: relaxed SIMD on Node 20 and later", () => {
    const build = process.env.TOYSCALE_WASM_KERNELS === 'simd128' ? 'simd128' : 'relaxed-simd';
    const probe = probeInChild('wasm');
    expect(probe.ok && probe.backend.device).toMatch(new RegExp(`toyscale kernels [0-9a-f]{8} ${build}\\)$`));
  });
});
