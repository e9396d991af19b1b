import { describe, expect, it } from 'vitest';
import { probeInChild, resolveBackend } from '../../src/backend/resolve.ts';
import { UserError } from '../../src/base/user-error.ts';

// Each probe runs in a fresh child process, as the CLI does, so one backend's load never affects another.
describe('backend selection', () => {
  it('auto picks the fastest backend that loads and describes its device', () => {
    const probe = probeInChild('auto');
    expect(probe.ok).toBe(true);
    if (!probe.ok) return;
    const nativeLoads = probeInChild('tensorflow').ok || probeInChild('tensorflow-gpu').ok;
    if (!nativeLoads) expect(probe.backend.name).toBe('wasm');
    expect(probe.backend.device.length).toBeGreaterThan(0);
  });

  it('wasm and cpu train one run per core', () => {
    const wasm = probeInChild('wasm');
    const cpu = probeInChild('cpu');
    expect(wasm.ok && wasm.backend.parallelRuns).toBe('per-core');
    expect(cpu.ok && cpu.backend.parallelRuns).toBe('per-core');
  });

  it('a named backend that cannot load is an error with its reason, never a silent fallback', () => {
    const probe = probeInChild('tensorflow-gpu');
    if (probe.ok) return; // a machine with a working GPU: nothing to check here
    expect(probe.reason).toMatch(/tfjs-node-gpu|CUDA|libtensorflow/);
    expect(() => resolveBackend('tensorflow-gpu')).toThrow(UserError);
  });

  it('an unknown backend name is a UserError listing the choices', () => {
    expect(() => resolveBackend('tpu')).toThrow(/unknown backend "tpu".*wasm/);
  });
});
