/**
 * A pool of worker threads (fit-worker.ts), one per core by default, that runs fit tasks: each
 * task goes to the next idle worker, and results come back in the order the tasks were given.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isBundled } from '../io/bundled.ts';
import type { FitTask, FitTaskResult, WorkerReply } from './protocol.ts';

/**
 * From a checkout the worker is TypeScript: it registers tsx's loader itself, then imports
 * fit-worker.ts (Node 20 ignores --import in a worker's execArgv). In the offline bundle it is the
 * bundle itself with `__child fit` (child-dispatch.ts), as every child process is.
 */
function startWorker(): Worker {
  if (isBundled) return new Worker(fileURLToPath(import.meta.url), { argv: ['__child', 'fit'] });
  // Resolved here, not at load: the bundle has no tsx to resolve.
  const source = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./fit-worker.ts', import.meta.url).href)}); })`;
  return new Worker(source, { eval: true });
}

interface Pending {
  id: number;
  task: FitTask;
  resolve: (r: FitTaskResult) => void;
  reject: (e: Error) => void;
}

export class FitPool {
  readonly size: number;
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private readonly workers: Worker[] = [];
  private nextId = 0;

  constructor(size = os.availableParallelism()) {
    this.size = Math.max(1, size);
    for (let i = 0; i < this.size; i++) {
      const worker = startWorker();
      worker.on('message', (reply: WorkerReply) => this.settle(worker, reply));
      worker.on('error', (error) => this.fail(worker, error));
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Runs every task; the results in task order. */
  runAll(tasks: FitTask[]): Promise<FitTaskResult[]> {
    return Promise.all(tasks.map((task) => this.run(task)));
  }

  run(task: FitTask): Promise<FitTaskResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops the workers; tasks still queued are refused. */
  async close(): Promise<void> {
    for (const p of this.queue.splice(0)) p.reject(new Error('fit pool closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.postMessage({ id: pending.id, task: pending.task });
    }
  }

  private settle(worker: Worker, reply: WorkerReply): void {
    const pending = this.running.get(worker);
    this.running.delete(worker);
    this.idle.push(worker);
    if (pending) {
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new Error(reply.error));
    }
    this.dispatch();
  }

  private fail(worker: Worker, error: Error): void {
    const pending = this.running.get(worker);
    this.running.delete(worker);
    pending?.reject(error);
  }
}

/** One pool for one command: made, used, and closed even when the work throws. */
export async function withFitPool<T>(work: (pool: FitPool) => Promise<T>): Promise<T> {
  const pool = new FitPool();
  try {
    return await work(pool);
  } finally {
    await pool.close();
  }
}

/**
 * A pool made on first use, or before by `start()`: a sweep starts it as soon as a core is free,
 * so its threads' start-up (tsx and the fit modules, ≈ 0.4 s) is over when training ends.
 */
export interface LazyFitPool {
  /** The pool, made now if it was not yet. */
  start(): FitPool;
  /** Stops the pool if one was made. */
  close(): Promise<void>;
}

export function lazyFitPool(): LazyFitPool {
  let pool: FitPool | undefined;
  return {
    start: () => (pool ??= new FitPool()),
    close: async () => pool?.close(),
  };
}
