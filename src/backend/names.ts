/** The names a user can ask for: each backend's, from the registry, or `auto`. */
import { BACKEND_RECORDS, type BackendName } from './registry.ts';

export type { BackendName } from './registry.ts';

/** Fastest first: `auto` tries them in this order. */
export const BACKENDS: readonly BackendName[] = BACKEND_RECORDS.map((r) => r.name);
export type BackendRequest = BackendName | 'auto';

export function isBackendRequest(value: string): value is BackendRequest {
  return value === 'auto' || (BACKENDS as readonly string[]).includes(value);
}
