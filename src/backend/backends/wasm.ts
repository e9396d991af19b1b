/** wasm: tfjs's wasm backend with toyscale's own kernels (src/wasm-kernels), one thread per run. */
import * as tf from '@tensorflow/tfjs-core';
import { bundleDir, isBundled } from '../../io/bundled.ts';
import { wasmOps } from '../../ops/wasm-ops.ts';
import { kernelsVersion } from '../../wasm-kernels/module.ts';
import { cpuModel, onePerCore, type BackendRecord } from '../record.ts';

export const wasm: BackendRecord<'wasm'> = {
  name: 'wasm',
  package: '@tensorflow/tfjs-backend-wasm',
  tfjsName: 'wasm',
  importPackage: () => import('@tensorflow/tfjs-backend-wasm'),
  afterImport: async () => {
    if (isBundled) await pointWasmAtBundle();
  },
  // The kernels' build is part of the device: it fixes the order of every sum, so the bits of a curve.
  place: () => ({ device: `${cpuModel()} (wasm ${wasmFlavour()}, 1 thread, toyscale kernels ${kernelsVersion()})`, parallelRuns: 'per-core' }),
  ops: wasmOps,
  workers: onePerCore,
};

/** In the offline bundle tfjs's wasm binaries sit beside toyscale.mjs, not in node_modules. */
async function pointWasmAtBundle(): Promise<void> {
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(`${bundleDir()}/`);
}

function wasmFlavour(): string {
  return tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'simd' : 'scalar';
}
