/**
 * Chooses the backend once per process. `auto` takes the fastest that loads; a named backend
 * that cannot load is an error, never a silent fallback, so a run records what it really used.
 */
import { BACKENDS, isBackendRequest, type BackendName, type BackendRequest } from './names.ts';
import { loadBackend } from './probe.ts';
import type { Placement } from './record.ts';
import { backendRecord } from './registry.ts';
import { UserError } from '../base/user-error.ts';

/** The backend this process selected, and where it runs. */
export interface ActiveBackend extends Placement {
  name: BackendName;
}

let active: ActiveBackend | undefined;

/** What a probe reports: the backend selected, or why none could be. */
export type ProbeResult = { ok: true; backend: ActiveBackend } | { ok: false; reason: string };

/** selectBackend in this process, as a probe reports it (probe-child.ts, a standby worker). */
export async function probeHere(request: string): Promise<ProbeResult> {
  try {
    if (!isBackendRequest(request)) throw new Error(`unknown backend "${request}"`);
    return { ok: true, backend: await selectBackend(request) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

export async function selectBackend(request: BackendRequest): Promise<ActiveBackend> {
  if (active) {
    if (request !== 'auto' && request !== active.name) {
      throw new Error(`backend already set to ${active.name} in this process; cannot switch to ${request}`);
    }
    return active;
  }
  const candidates: readonly BackendName[] = request === 'auto' ? BACKENDS : [request];
  const reasons: string[] = [];
  for (const name of candidates) {
    const probe = await loadBackend(name, { hardwareOnly: request === 'auto' });
    if (probe.usable) {
      active = describe(name);
      return active;
    }
    reasons.push(`${name}: ${probe.reason}`);
  }
  throw new UserError(`no usable backend (${reasons.join('; ')})`);
}

function describe(name: BackendName): ActiveBackend {
  return { name, ...backendRecord(name).place() };
}
