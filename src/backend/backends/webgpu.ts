/**
 * webgpu: tfjs's WebGPU backend over Dawn (npm `webgpu`), with toyscale's WGSL kernels
 * (src/webgpu-kernels). webgpu.ts beside the registry makes the adapter and device.
 */
import { webgpuOps } from '../../ops/webgpu-ops.ts';
import { oneAtATime, type BackendRecord } from '../record.ts';
import { activeAdapter, describeAdapter, loadWebGpu } from '../webgpu.ts';

export const webgpu: BackendRecord<'webgpu'> = {
  name: 'webgpu',
  package: '@tensorflow/tfjs-backend-webgpu',
  tfjsName: 'webgpu',
  importPackage: () => import('@tensorflow/tfjs-backend-webgpu'),
  checkBefore: async ({ hardwareOnly }) => {
    const gpu = await loadWebGpu({ hardwareOnly });
    return gpu.ok ? undefined : gpu.reason;
  },
  place: () => {
    const adapter = activeAdapter();
    // A software adapter (lavapipe) already spreads each kernel over every core.
    return { device: adapter ? describeAdapter(adapter) : 'WebGPU adapter', parallelRuns: adapter?.fallback ? 'one' : 'per-gpu', adapter };
  },
  ops: webgpuOps,
  // Dawn trains on the one adapter it picks (see README: several GPUs), so K runs in all.
  workers: (placement, runsPerGpu) => (placement.parallelRuns === 'one' ? oneAtATime() : { workers: runsPerGpu }),
  enableHint: [
    '  webgpu (any recent GPU, nothing to download): install the GPU vendor\'s Vulkan driver (on NVIDIA the',
    '    proprietary driver ships its Vulkan ICD, nvidia_icd.json) and the Vulkan loader (Debian/Ubuntu: libvulkan1).',
    '    If the ICD is in an unusual place, set VK_DRIVER_FILES to its json file.',
  ].join('\n'),
};
