/**
 * A worker started before its run is known (worker.ts --standby): it selects the backend while
 * the sweep loads its spec and data, reports it (so it is the sweep's backend probe too), and then
 * trains the sweep's first run with its start-up (Node, tsx, tfjs, the backend: ≈ 0.7 s on wasm,
 * more on a GPU) already behind it. Its run is still its only run.
 */
import { probeInChildAsync, type ProbeResult } from '../backend/resolve.ts';
import { forkWorker, workerEnv, type WorkerProcess } from './worker-process.ts';
import type { BackendName } from '../backend/names.ts';
import type { SweepMessage, WorkerMessage } from './worker-protocol.ts';

/** Like the probe child's: a backend that hangs on start-up fails the sweep instead of stalling it. */
const PROBE_TIMEOUT_MS = 120_000;

export interface StandbyWorker {
  /** Its process id. */
  pid: number | undefined;
  /** The backend it selected, or why none could be, as the probe child reports it. */
  probe: Promise<ProbeResult>;
  /** The process, told to train the run in `dir` on `backend`: null once taken, or when it is gone or its probe failed. */
  take(dir: string, backend: BackendName): WorkerProcess | null;
  /** Stops it if no run took it; no run can take it afterwards. */
  dispose(): void;
}

export function startStandbyWorker(request: string): StandbyWorker {
  const worker = forkWorker(['--standby', request, String(process.pid)], workerEnv());
  const { child } = worker;
  let taken = false;
  let usable = false;
  const probe = new Promise<ProbeResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      child.kill();
      reject(new Error(`backend probe (${request}) gave no answer in ${PROBE_TIMEOUT_MS / 1000} s`));
    }, PROBE_TIMEOUT_MS);
    const onMessage = (message: WorkerMessage) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      child.off('exit', onExit);
      usable = message.probe.ok;
      resolve(message.probe);
    };
    // Gone before answering (killed, or the backend took the process down): the plain probe
    // child answers instead, and says why if the backend cannot load.
    const onExit = () => {
      clearTimeout(timer);
      probeInChildAsync(request).then(resolve, reject);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  return {
    pid: child.pid,
    probe,
    take(dir, backend) {
      if (taken || !usable || child.exitCode !== null || child.signalCode !== null || !child.connected) return null;
      taken = true;
      // If it dies before this arrives, its exit (which the caller handles) fails the run.
      child.send({ type: 'run', dir, backend } satisfies SweepMessage, () => {});
      return worker;
    },
    dispose() {
      if (!taken && child.exitCode === null && child.signalCode === null) child.kill();
      taken = true;
    },
  };
}
