/** The NVIDIA GPUs on this machine, as nvidia-smi lists them. */
import { execFileSync } from 'node:child_process';

/** Names of the NVIDIA GPUs on this machine, via nvidia-smi; empty when there is none. */
export function listGpus(): string[] {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    return out.split('\n').map((line) => line.trim()).filter(Boolean);
  } catch {
    return [];
  }
}
