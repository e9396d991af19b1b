/**
 * In the offline bundle one file serves every process: `<bundle file> __child <name> …` runs that
 * child (see backend/child-entry.ts), or a fit pool's worker thread (fit-threads/pool.ts). Each
 * bundled entry point calls this first.
 */
const CHILDREN: Record<string, () => Promise<unknown>> = {
  worker: () => import('./execute/worker.ts'),
  calibrate: () => import('./execute/calibrate-child.ts'),
  probe: () => import('./backend/probe-child.ts'),
  fit: () => import('./fit-threads/fit-worker.ts'), // a worker thread of the fit pool
  spec: () => import('./spec/spec-thread.ts'), // the thread a spec loads on (load-spec.ts)
};

/** Runs the requested child and returns true, or returns false when this process is no child. */
export async function runChildIfAsked(argv = process.argv): Promise<boolean> {
  if (argv[2] !== '__child') return false;
  const load = CHILDREN[argv[3] ?? ''];
  if (!load) throw new Error(`unknown child ${argv[3]}`);
  argv.splice(2, 2); // the child reads its own arguments from argv[2] on
  await load();
  return true;
}
