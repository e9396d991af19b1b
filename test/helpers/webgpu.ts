/**
 * Whether the webgpu tests can run here: they need a Vulkan driver Dawn accepts (on a machine
 * without a GPU, the software one that scripts/software-vulkan.sh installs). Without one they skip
 * with one line saying why, except under CI=true, where a missing adapter fails the suite: CI must
 * never go green by skipping the GPU tests.
 */
import { probeInChild } from '../../src/backend/resolve.ts';

export interface WebGpuAvailability {
  ok: boolean;
  reason: string;
}

let cached: WebGpuAvailability | undefined;

export function webgpuAvailability(): WebGpuAvailability {
  if (cached) return cached;
  const probe = probeInChild('webgpu');
  cached = probe.ok ? { ok: true, reason: probe.backend.device } : { ok: false, reason: probe.reason };
  if (!cached.ok) {
    if (process.env.CI === 'true') {
      throw new Error(`CI=true but the webgpu backend cannot load (${cached.reason}); .ci/run must install the software Vulkan (scripts/software-vulkan.sh)`);
    }
    console.warn(`skipping webgpu tests: ${cached.reason} (scripts/software-vulkan.sh installs a software Vulkan)`);
  }
  return cached;
}
