/** Test helper: make a backend active and describe it as the trainer expects. */
import type { ActiveBackend } from '../../src/backend/select.ts';
import { loadBackend } from '../../src/backend/probe.ts';
import { activeAdapter, describeAdapter } from '../../src/backend/webgpu.ts';

export type TestBackend = 'wasm' | 'cpu' | 'webgpu';

export async function useBackend(name: TestBackend): Promise<ActiveBackend> {
  const probe = await loadBackend(name);
  if (!probe.usable) throw new Error(`${name} backend not usable: ${probe.reason}`);
  if (name === 'webgpu') {
    const adapter = activeAdapter();
    return { name, device: adapter ? describeAdapter(adapter) : 'test', parallelRuns: 'one' };
  }
  return { name, device: 'test', parallelRuns: 'per-core' };
}
