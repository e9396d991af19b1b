/**
 * Which build of kernels.c a process runs (build.sh makes both): relaxed SIMD (fused multiply-add,
 * a 6x8 register tile) where the runtime validates it, else plain WebAssembly SIMD. Node 22 and
 * later validate relaxed SIMD by default; Node 20 only with RELAXED_SIMD_FLAG, which child processes
 * that train get from relaxedSimdExecArgv(). The two builds round differently, so the build is part
 * of the device a run records; each is bit-deterministic on its own.
 *
 * TOYSCALE_WASM_KERNELS=simd128 or =relaxed-simd forces one (to reproduce a curve made with the
 * other, or to compare them); relaxed-simd where the runtime cannot run it is an error.
 */
import { readFileSync } from 'node:fs';

export const KERNEL_BUILDS = ['simd128', 'relaxed-simd'] as const;
export type KernelBuild = (typeof KERNEL_BUILDS)[number];

const FILES: Record<KernelBuild, string> = { simd128: 'kernels.wasm', 'relaxed-simd': 'kernels-relaxed.wasm' };

export const RELAXED_SIMD_FLAG = '--experimental-wasm-relaxed-simd';
export const KERNELS_ENV = 'TOYSCALE_WASM_KERNELS';

const bytes = new Map<KernelBuild, Uint8Array<ArrayBuffer>>();

/** The committed binary of one build. */
export function kernelBytes(build: KernelBuild): Uint8Array<ArrayBuffer> {
  let found = bytes.get(build);
  if (!found) {
    found = new Uint8Array(readFileSync(new URL(`./${FILES[build]}`, import.meta.url)));
    bytes.set(build, found);
  }
  return found;
}

/** Whether this runtime can compile the relaxed-SIMD build. */
export function relaxedSimdAvailable(): boolean {
  return WebAssembly.validate(kernelBytes('relaxed-simd'));
}

/**
 * The build for a TOYSCALE_WASM_KERNELS value (unset or "auto": relaxed SIMD where `relaxedAvailable`),
 * or an error naming the problem.
 */
export function chooseKernelBuild(forced: string | undefined, relaxedAvailable: boolean): KernelBuild {
  if (forced === undefined || forced === '' || forced === 'auto') return relaxedAvailable ? 'relaxed-simd' : 'simd128';
  if (forced === 'simd128') return forced;
  if (forced === 'relaxed-simd') {
    if (relaxedAvailable) return forced;
    throw new Error(`${KERNELS_ENV}=relaxed-simd, but Node ${process.version} does not validate relaxed SIMD (Node 20 needs ${RELAXED_SIMD_FLAG})`);
  }
  throw new Error(`${KERNELS_ENV}=${forced}: choose auto, ${KERNEL_BUILDS.join(' or ')}`);
}

let chosen: KernelBuild | undefined;

/** The build this process uses, chosen once, on first use. */
export function kernelBuild(): KernelBuild {
  chosen ??= chooseKernelBuild(process.env[KERNELS_ENV], relaxedSimdAvailable());
  return chosen;
}

/**
 * Node options for a child process that trains on wasm: on Node 20, the flag that turns relaxed
 * SIMD on (Node 21 and later have it on by default; V8 11.4 shipped it).
 */
export function relaxedSimdExecArgv(): string[] {
  return Number(process.versions.node.split('.')[0]) === 20 ? [RELAXED_SIMD_FLAG] : [];
}
