/**
 * `node --import tsx probe-child.ts <request>`: selects a backend in a fresh process and prints
 * one JSON line. The sweep's parent process and `doctor` use it so that they never load
 * libtensorflow themselves (which would grab GPU memory, and cannot be unloaded to try another).
 */
import { isBackendRequest } from './names.ts';
import { selectBackend } from './select.ts';

async function probe(request: string): Promise<string> {
  try {
    if (!isBackendRequest(request)) throw new Error(`unknown backend "${request}"`);
    const active = await selectBackend(request);
    return JSON.stringify({ ok: true, backend: active });
  } catch (error) {
    return JSON.stringify({ ok: false, reason: error instanceof Error ? error.message : String(error) });
  }
}

// No top-level await: in the offline bundle this module is loaded lazily, inside one file.
void probe(process.argv[2] ?? 'auto').then((line) => {
  process.stdout.write(`${line}\n`);
  process.exit(0);
});
