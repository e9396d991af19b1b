/** Resolves a backend request in a child process (see probe-child.ts). */
import { execFileSync } from 'node:child_process';
import { UserError } from '../base/user-error.ts';
import { childEntry } from './child-entry.ts';
import { BACKENDS, isBackendRequest, type BackendName } from './names.ts';
import type { ActiveBackend } from './select.ts';


export type ProbeResult = { ok: true; backend: ActiveBackend } | { ok: false; reason: string };

export function probeInChild(request: string): ProbeResult {
  const probe = childEntry('probe');
  const out = execFileSync(process.execPath, [...probe.execArgv, probe.script, ...probe.args, request], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    timeout: 120_000,
  });
  const line = out.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ProbeResult;
  } catch {
    return { ok: false, reason: `backend probe printed no result: ${out.slice(0, 200)}` };
  }
}

export function resolveBackend(request: string): ActiveBackend {
  if (!isBackendRequest(request)) {
    throw new UserError(`unknown backend "${request}": choose auto, ${BACKENDS.join(', ')}`);
  }
  const result = probeInChild(request);
  if (!result.ok) throw new UserError(result.reason);
  return result.backend;
}

export function probeAll(): Array<{ name: BackendName; result: ProbeResult }> {
  return BACKENDS.map((name) => ({ name, result: probeInChild(name) }));
}
