/** Test helper: make a pure backend active and describe it as the trainer expects. */
import type { ActiveBackend } from '../../src/backend/select.ts';
import { loadBackend } from '../../src/backend/probe.ts';

export async function useBackend(name: 'wasm' | 'cpu'): Promise<ActiveBackend> {
  const probe = await loadBackend(name);
  if (!probe.usable) throw new Error(`${name} backend not usable: ${probe.reason}`);
  return { name, device: 'test', embedding: name === 'wasm' ? 'onehot' : 'gather', parallelRuns: 'per-core' };
}
