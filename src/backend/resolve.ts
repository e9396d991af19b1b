/** Resolves a backend request in a child process (see probe-child.ts). */
import { execFile, execFileSync } from 'node:child_process';
import { UserError } from '../base/user-error.ts';
import { childEntry } from './child-entry.ts';
import { BACKENDS, isBackendRequest, type BackendName } from './names.ts';
import type { ActiveBackend, ProbeResult } from './select.ts';

export type { ProbeResult } from './select.ts';

/** Read at each probe: the environment the caller has now (a test may point Vulkan elsewhere). */
function probeOptions() {
  return { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' }, timeout: 120_000 } as const;
}

function probeArgs(request: string): string[] {
  const probe = childEntry('probe', new URL('./probe-child.ts', import.meta.url));
  return [...probe.execArgv, probe.script, ...probe.args, request];
}

export function probeInChild(request: string): ProbeResult {
  return probeResult(execFileSync(process.execPath, probeArgs(request), { ...probeOptions(), stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** probeInChild without blocking; the child is killed if this process exits first. */
export function probeInChildAsync(request: string): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, probeArgs(request), probeOptions(), (error, stdout) => {
      process.off('exit', kill);
      if (error) reject(error);
      else resolve(probeResult(stdout));
    });
    const kill = () => child.kill();
    process.on('exit', kill);
  });
}

function probeResult(out: string): ProbeResult {
  const line = out.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ProbeResult;
  } catch {
    return { ok: false, reason: `backend probe printed no result: ${out.slice(0, 200)}` };
  }
}

export function resolveBackend(request: string): ActiveBackend {
  checkRequest(request);
  return backendOrUserError(probeInChild(request));
}

export function checkRequest(request: string): void {
  if (!isBackendRequest(request)) {
    throw new UserError(`unknown backend "${request}": choose auto, ${BACKENDS.join(', ')}`);
  }
}

export function backendOrUserError(result: ProbeResult): ActiveBackend {
  if (!result.ok) throw new UserError(result.reason);
  return result.backend;
}

export function probeAll(): Array<{ name: BackendName; result: ProbeResult }> {
  return BACKENDS.map((name) => ({ name, result: probeInChild(name) }));
}
