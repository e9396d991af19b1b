/**
 * Tries to load one backend and says why it cannot be used. Loading a native package is the only
 * reliable test: the package may be installed without libtensorflow (install script held or its
 * download failed), or libtensorflow may load without CUDA.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_PACKAGE, type BackendName } from './names.ts';
import { bundleDir, isBundled } from '../io/bundled.ts';
import { loadWebGpu } from './webgpu.ts';

/**
 * Each backend's import, written out so a bundler sees (and inlines) the pure-JS ones; the native
 * tfjs-node packages stay dynamic, since they are optional and may be absent.
 */
const IMPORTS: Record<BackendName, () => Promise<unknown>> = {
  'tensorflow-gpu': () => import(BACKEND_PACKAGE['tensorflow-gpu']),
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  tensorflow: () => import(BACKEND_PACKAGE.tensorflow),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};

export type Probe = { usable: true; detail: string } | { usable: false; reason: string };

/** What tfjs-node-gpu 4.22 needs: it bundles libtensorflow 2.9.1, built against these. */
export const GPU_REQUIREMENTS =
  'tfjs-node-gpu 4.22 loads libtensorflow 2.9.1, built for CUDA 11.2 and cuDNN 8.1 (any CUDA 11.x ' +
  'runtime with cuDNN 8.x usually works) and an NVIDIA driver >= 450.80; put libcudart.so.11.0 ' +
  'and libcudnn.so.8 on LD_LIBRARY_PATH';

/**
 * Imports the backend's package (registering it with tfjs) and makes it the active backend.
 * `hardwareOnly` (auto's choice) refuses a software webgpu adapter.
 */
export async function loadBackend(name: BackendName, { hardwareOnly = false }: { hardwareOnly?: boolean } = {}): Promise<Probe> {
  if (name === 'webgpu') {
    const gpu = await loadWebGpu({ hardwareOnly });
    if (!gpu.ok) return { usable: false, reason: `webgpu: ${gpu.reason}` };
  }
  try {
    await IMPORTS[name]();
    if (name === 'wasm' && isBundled) await pointWasmAtBundle();
  } catch (error) {
    return { usable: false, reason: explainImportFailure(name, error) };
  }
  const tfName = name === 'tensorflow-gpu' ? 'tensorflow' : name;
  try {
    const ok = await tf.setBackend(tfName);
    await tf.ready();
    if (!ok) return { usable: false, reason: `${BACKEND_PACKAGE[name]} loaded but tfjs could not initialise it` };
  } catch (error) {
    return { usable: false, reason: `initialising ${tfName} failed: ${firstLine(error)}` };
  }
  if (name === 'tensorflow-gpu' && !usesGpuDevice()) {
    return { usable: false, reason: `libtensorflow loaded but found no CUDA device (${GPU_REQUIREMENTS})` };
  }
  return { usable: true, detail: `${BACKEND_PACKAGE[name]} ${tf.version_core}` };
}

/** In the offline bundle tfjs's wasm binaries sit beside toyscale.mjs, not in node_modules. */
async function pointWasmAtBundle(): Promise<void> {
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(`${bundleDir()}/`);
}

/** tfjs-node's kernel backend reports whether libtensorflow placed ops on a GPU. */
export function usesGpuDevice(): boolean {
  const backend = tf.backend() as { isUsingGpuDevice?: boolean };
  return backend.isUsingGpuDevice === true;
}

function explainImportFailure(name: BackendName, error: unknown): string {
  const pkg = BACKEND_PACKAGE[name];
  const message = firstLine(error);
  const code = (error as { code?: string }).code;
  if (code === 'ERR_MODULE_NOT_FOUND' && message.includes(pkg)) {
    return `${pkg} is not installed (it is an optional dependency; its install downloads libtensorflow and is dropped when that fails)`;
  }
  if (/tfjs_binding\.node|libtensorflow/.test(message)) {
    return `${pkg} is installed but libtensorflow is missing: its install script did not run or its download failed (approve it with \`npm install-scripts approve ${pkg}\`, then \`npm rebuild ${pkg}\`)`;
  }
  if (/libcud|libcublas|libcufft|libcurand|libcusolver|libcusparse/.test(message)) {
    return `CUDA libraries not found: ${message} (${GPU_REQUIREMENTS})`;
  }
  return `${pkg} failed to load: ${message}`;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
