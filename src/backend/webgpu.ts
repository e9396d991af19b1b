/**
 * The webgpu backend under Node: @tensorflow/tfjs-backend-webgpu on Dawn's Node bindings (npm
 * `webgpu`: a prebuilt dawn.node, Vulkan on Linux, Metal on macOS, D3D12 on Windows). tfjs's
 * backend looks for `navigator.gpu`, which Node lacks, so this module creates the adapter and
 * device itself, hands them to a WebGPUBackend, and routes every error Dawn reports off the call
 * path (validation, out of memory, device lost) to device-errors.ts, where the trainer sees it.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { reportDeviceError } from './device-errors.ts';

export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A software or otherwise "fallback" adapter (lavapipe, SwiftShader): no GPU behind it. */
  fallback: boolean;
  /** The limits that matter for training: buffer sizes, bindings, workgroups. */
  limits: Record<string, number>;
}

export type WebGpuLoad = { ok: true; adapter: AdapterDescription } | { ok: false; reason: string };

/** Limits toyscale asks the device for: all that the adapter offers of these. */
const REQUESTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
] as const;

type GpuModule = { create(flags: string[]): GPU; globals: object };

let loaded: WebGpuLoad | undefined;
/** Kept for the process's life: Dawn's instance lives as long as this reference. */
let gpuInstance: GPU | undefined;

/**
 * Creates the adapter and device and registers them as tfjs's 'webgpu' backend (once per process).
 * With `hardwareOnly`, a fallback adapter is refused: `auto` must never train on a software GPU.
 */
export async function loadWebGpu({ hardwareOnly }: { hardwareOnly: boolean }): Promise<WebGpuLoad> {
  loaded ??= await load();
  if (loaded.ok && hardwareOnly && loaded.adapter.fallback) {
    return { ok: false, reason: `only a software adapter was found (${describeAdapter(loaded.adapter)}); auto takes hardware GPUs only, --backend webgpu uses it anyway` };
  }
  return loaded;
}

async function load(): Promise<WebGpuLoad> {
  let dawn: GpuModule;
  try {
    dawn = (await import('webgpu')) as unknown as GpuModule;
  } catch (error) {
    return { ok: false, reason: explainDawnLoadFailure(error) };
  }
  // tfjs's backend must be imported before navigator.gpu exists, or it registers its own factory,
  // which picks the adapter without us and reports no errors.
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  Object.assign(globalThis, dawn.globals); // GPUBufferUsage, GPUMapMode, …
  const gpu = dawn.create(dawnFlags());
  gpuInstance = gpu;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { ok: false, reason: noAdapterReason() };
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const limits: Record<string, number> = {};
  for (const name of REQUESTED_LIMITS) limits[name] = adapter.limits[name];
  const description: AdapterDescription = {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    fallback: info.isFallbackAdapter === true || (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true,
    limits,
  };
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits: limits });
  } catch (error) {
    return { ok: false, reason: `the adapter (${describeAdapter(description)}) refused a device: ${firstLine(error)}` };
  }
  device.addEventListener('uncapturederror', (event) => {
    reportDeviceError((event as GPUUncapturedErrorEvent).error.message);
  });
  void device.lost.then((lost) => {
    if (lost.reason !== 'destroyed') reportDeviceError(`device lost: ${lost.message}`);
  });
  exposeNavigatorGpu(gpu);
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, info));
  return { ok: true, adapter: description };
}

/** The adapter this process trains on, once loadWebGpu succeeded. */
export function activeAdapter(): AdapterDescription | undefined {
  return loaded?.ok ? loaded.adapter : undefined;
}

/** `TOYSCALE_DAWN_FLAGS` passes Dawn options through, e.g. "adapter=NVIDIA" or "backend=vulkan" (comma-separated). */
function dawnFlags(): string[] {
  return (process.env.TOYSCALE_DAWN_FLAGS ?? '').split(',').map((flag) => flag.trim()).filter(Boolean);
}

/** WebGPUBackend's constructor checks `navigator.gpu`; Node ≥ 21 has a navigator, Node 20 none. */
function exposeNavigatorGpu(gpu: GPU): void {
  const g = globalThis as { navigator?: object };
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
}

export function describeAdapter(a: AdapterDescription): string {
  const parts = [a.vendor, a.architecture, a.description || a.device].filter(Boolean);
  return `${parts.join(', ')}${a.fallback ? ' (software)' : ''}`;
}

function noAdapterReason(): string {
  if (!vulkanLoaderPresent()) {
    return 'no Vulkan loader (libvulkan.so.1) found: install it (Debian/Ubuntu: libvulkan1) and a Vulkan driver (on NVIDIA, the proprietary driver brings its ICD)';
  }
  const driverFiles = process.env.VK_DRIVER_FILES ?? process.env.VK_ICD_FILENAMES;
  return (
    'Dawn found no usable GPU adapter: no Vulkan driver (ICD) answered' +
    (driverFiles ? ` (VK_DRIVER_FILES=${driverFiles})` : '') +
    '. On NVIDIA install the proprietary driver (its ICD is nvidia_icd.json); without a GPU, scripts/software-vulkan.sh installs a software one for tests'
  );
}

/** Linux only: whether the dynamic loader can find libvulkan.so.1 (ld.so cache, LD_LIBRARY_PATH, usual folders). */
function vulkanLoaderPresent(): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/lib/x86_64-linux-gnu',
    '/usr/local/lib',
  ];
  return dirs.some((dir) => fs.existsSync(path.join(dir, 'libvulkan.so.1')));
}

function explainDawnLoadFailure(error: unknown): string {
  const message = firstLine(error);
  const glibc = /GLIBC_(\d+\.\d+)/.exec(message);
  if (glibc) return `dawn.node (npm package webgpu) needs glibc ${glibc[1]} or newer: ${message}`;
  if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return `the npm package webgpu is not installed: ${message}`;
  return `dawn.node (npm package webgpu) failed to load: ${message}`;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
