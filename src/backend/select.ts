/**
 * Chooses the backend once per process. `auto` takes the fastest that loads; a named backend
 * that cannot load is an error, never a silent fallback, so a run records what it really used.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { BACKENDS, isBackendRequest, type BackendName, type BackendRequest } from './names.ts';
import { loadBackend, usesGpuDevice } from './probe.ts';
import { UserError } from '../base/user-error.ts';
import { kernelsVersion } from '../wasm-kernels/module.ts';
import { activeAdapter, describeAdapter, type AdapterDescription } from './webgpu.ts';

export interface ActiveBackend {
  name: BackendName;
  /** The hardware it runs on, as recorded in each run. */
  device: string;
  /**
   * How many runs to train at once: one per core on single-threaded backends, K per GPU on GPU
   * backends (several small runs fill a big GPU), one where the backend uses every core itself.
   */
  parallelRuns: 'per-core' | 'per-gpu' | 'one';
  /** webgpu: the adapter, with the limits that bound a model's size there. */
  adapter?: AdapterDescription;
}

let active: ActiveBackend | undefined;

/** What a probe reports: the backend selected, or why none could be. */
export type ProbeResult = { ok: true; backend: ActiveBackend } | { ok: false; reason: string };

/** selectBackend in this process, as a probe reports it (probe-child.ts, a standby worker). */
export async function probeHere(request: string): Promise<ProbeResult> {
  try {
    if (!isBackendRequest(request)) throw new Error(`unknown backend "${request}"`);
    return { ok: true, backend: await selectBackend(request) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

export async function selectBackend(request: BackendRequest): Promise<ActiveBackend> {
  if (active) {
    if (request !== 'auto' && request !== active.name) {
      throw new Error(`backend already set to ${active.name} in this process; cannot switch to ${request}`);
    }
    return active;
  }
  const candidates: readonly BackendName[] = request === 'auto' ? BACKENDS : [request];
  const reasons: string[] = [];
  for (const name of candidates) {
    const probe = await loadBackend(name, { hardwareOnly: request === 'auto' });
    if (probe.usable) {
      active = describe(name);
      return active;
    }
    reasons.push(`${name}: ${probe.reason}`);
  }
  throw new UserError(`no usable backend (${reasons.join('; ')})`);
}

function describe(name: BackendName): ActiveBackend {
  const cpu = `${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}`;
  switch (name) {
    case 'tensorflow-gpu':
      return { name, device: gpuName() ?? 'CUDA GPU', parallelRuns: 'per-gpu' };
    case 'webgpu': {
      const adapter = activeAdapter();
      // A software adapter (lavapipe) already spreads each kernel over every core.
      return { name, device: adapter ? describeAdapter(adapter) : 'WebGPU adapter', parallelRuns: adapter?.fallback ? 'one' : 'per-gpu', adapter };
    }
    case 'tensorflow':
      return { name, device: `${cpu} (libtensorflow, ${os.cpus().length} threads)`, parallelRuns: 'one' };
    case 'wasm':
      // The kernels' build is part of the device: it fixes the order of every sum, so the bits of a curve.
      return { name, device: `${cpu} (wasm ${wasmFlavour()}, 1 thread, toyscale kernels ${kernelsVersion()})`, parallelRuns: 'per-core' };
    case 'cpu':
      return { name, device: `${cpu} (plain JS, 1 thread)`, parallelRuns: 'per-core' };
  }
}

function wasmFlavour(): string {
  return tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'simd' : 'scalar';
}

/** The GPU this process sees (CUDA_VISIBLE_DEVICES applies), from CUDA_VISIBLE_DEVICES + nvidia-smi. */
function gpuName(): string | undefined {
  if (!usesGpuDevice()) return undefined;
  const visible = process.env.CUDA_VISIBLE_DEVICES;
  const names = listGpus();
  const index = visible && /^\d+$/.test(visible) ? Number(visible) : 0;
  const name = names[index];
  return name ? `GPU ${index}: ${name}` : undefined;
}

/** Names of the NVIDIA GPUs on this machine, via nvidia-smi; empty when there is none. */
export function listGpus(): string[] {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    return out.split('\n').map((line) => line.trim()).filter(Boolean);
  } catch {
    return [];
  }
}
