/**
 * The webgpu backend on whatever Vulkan driver this machine has (in CI: the software lavapipe that
 * scripts/software-vulkan.sh installs): selection rules, the device it records, and GPU errors,
 * which Dawn reports off the call path, surfacing as exceptions instead of NaN losses.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DeviceError, throwIfDeviceFailed } from '../../src/backend/device-errors.ts';
import { probeInChild } from '../../src/backend/resolve.ts';
import { activeAdapter, loadWebGpu } from '../../src/backend/webgpu.ts';
import { useBackend } from '../helpers/backend.ts';
import { webgpuAvailability } from '../helpers/webgpu.ts';

describe.runIf(webgpuAvailability().ok)('webgpu backend', () => {
  it('records the adapter it trains on, and says "software" for a fallback adapter', async () => {
    const backend = await useBackend('webgpu');
    const adapter = activeAdapter();
    expect(adapter).toBeDefined();
    expect(backend.device).toContain(adapter!.vendor);
    expect(adapter!.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
    if (adapter!.fallback) expect(backend.device).toMatch(/\(software\)$/);
  });

  it('auto never picks a software adapter; naming webgpu does', async () => {
    await useBackend('webgpu');
    if (!activeAdapter()!.fallback) return; // a real GPU here: auto may rightly take it
    const hardwareOnly = await loadWebGpu({ hardwareOnly: true });
    expect(hardwareOnly.ok).toBe(false);
    expect(!hardwareOnly.ok && hardwareOnly.reason).toMatch(/only a software adapter/);
    const auto = probeInChild('auto');
    expect(auto.ok && auto.backend.name).not.toBe('webgpu');
    const named = probeInChild('webgpu');
    expect(named.ok && named.backend.name).toBe('webgpu');
  });

  it('turns a provoked GPU validation error into a DeviceError with Dawn\'s message', async () => {
    await useBackend('webgpu');
    // addN binds every input as a storage buffer: one more than the stage allows fails validation.
    const limit = activeAdapter()!.limits.maxStorageBuffersPerShaderStage;
    const inputs = Array.from({ length: limit }, () => tf.ones([4]));
    const sum = tf.addN(inputs);
    await sum.data(); // no exception here: WebGPU reports the error as an event
    expect(() => throwIfDeviceFailed()).toThrow(DeviceError);
    tf.dispose([sum, ...inputs]);
    // Reported once: the next check is clean.
    expect(() => throwIfDeviceFailed()).not.toThrow();
  });

  it('explains a machine where Vulkan finds no driver', () => {
    const saved = process.env.VK_DRIVER_FILES;
    process.env.VK_DRIVER_FILES = '/nonexistent/icd.json';
    try {
      const probe = probeInChild('webgpu');
      expect(probe.ok).toBe(false);
      expect(!probe.ok && probe.reason).toMatch(/no usable GPU adapter.*VK_DRIVER_FILES=\/nonexistent/);
    } finally {
      if (saved === undefined) delete process.env.VK_DRIVER_FILES;
      else process.env.VK_DRIVER_FILES = saved;
    }
  });
});
