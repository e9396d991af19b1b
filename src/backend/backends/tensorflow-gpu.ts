/** tensorflow-gpu: libtensorflow on a CUDA GPU through tfjs-node-gpu; K runs per GPU, each pinned. */
import * as tf from '@tensorflow/tfjs-core';
import { tfjsOps } from '../../ops/tfjs-ops.ts';
import { listGpus } from '../nvidia-gpus.ts';
import type { BackendRecord } from '../record.ts';

const PACKAGE = '@tensorflow/tfjs-node-gpu';

/** What tfjs-node-gpu 4.22 needs: it bundles libtensorflow 2.9.1, built against these. */
const GPU_REQUIREMENTS =
  'tfjs-node-gpu 4.22 loads libtensorflow 2.9.1, built for CUDA 11.2 and cuDNN 8.1 (any CUDA 11.x ' +
  'runtime with cuDNN 8.x usually works) and an NVIDIA driver >= 450.80; put libcudart.so.11.0 ' +
  'and libcudnn.so.8 on LD_LIBRARY_PATH';

export const tensorflowGpu: BackendRecord<'tensorflow-gpu'> = {
  name: 'tensorflow-gpu',
  package: PACKAGE,
  tfjsName: 'tensorflow',
  importPackage: () => import(PACKAGE),
  // libtensorflow may load without CUDA, and then runs on the CPU.
  checkAfter: () => (usesGpuDevice() ? undefined : `libtensorflow loaded but found no CUDA device (${GPU_REQUIREMENTS})`),
  explainImportFailure: (message) =>
    /libcud|libcublas|libcufft|libcurand|libcusolver|libcusparse/.test(message) ? `CUDA libraries not found: ${message} (${GPU_REQUIREMENTS})` : undefined,
  place: () => ({ device: gpuName() ?? 'CUDA GPU', parallelRuns: 'per-gpu' }),
  ops: () => tfjsOps,
  workers: (_placement, runsPerGpu) => {
    const gpus = listGpus();
    return { workers: Math.max(1, gpus.length) * runsPerGpu, gpuIds: gpus.map((_, i) => String(i)) };
  },
  enableHint: [
    `  tensorflow-gpu (CUDA 11 only): ${GPU_REQUIREMENTS}; then npm install (if npm held its install script:`,
    `    npm install-scripts approve ${PACKAGE} && npm rebuild ${PACKAGE}).`,
  ].join('\n'),
};

/** tfjs-node's kernel backend reports whether libtensorflow placed ops on a GPU. */
function usesGpuDevice(): boolean {
  const backend = tf.backend() as { isUsingGpuDevice?: boolean };
  return backend.isUsingGpuDevice === true;
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
