/**
 * A worker process as the sweep starts it (worker.ts, through child-entry.ts) and the environment
 * every worker gets; execute.ts forks one per run, standby.ts one ahead of the first run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { childEntry } from '../backend/child-entry.ts';

/** A worker process and the last 4,000 characters of its stderr so far. */
export interface WorkerProcess {
  child: ChildProcess;
  stderrTail(): string;
}

/** Forks a worker (worker.ts) with `args`, keeping the tail of its stderr. */
export function forkWorker(args: string[], env: NodeJS.ProcessEnv): WorkerProcess {
  const entry = childEntry('worker', new URL('./worker.ts', import.meta.url));
  const child = fork(entry.script, [...entry.args, ...args], { execArgv: entry.execArgv, env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return { child, stderrTail: () => stderr };
}

/** The environment every worker gets: several processes may share a GPU only if none grabs all its memory up front. */
export function workerEnv(): NodeJS.ProcessEnv {
  return { TF_FORCE_GPU_ALLOW_GROWTH: 'true', TF_CPP_MIN_LOG_LEVEL: '2', ...process.env };
}
