/**
 * `node --import tsx probe-child.ts <request>`: selects a backend in a fresh process and prints
 * one JSON line. The sweep's parent process and `doctor` use it so that they never load
 * libtensorflow themselves (which would grab GPU memory, and cannot be unloaded to try another).
 */
import { isBackendRequest } from './names.ts';
import { selectBackend } from './select.ts';

const request = process.argv[2] ?? 'auto';
try {
  if (!isBackendRequest(request)) throw new Error(`unknown backend "${request}"`);
  const active = await selectBackend(request);
  process.stdout.write(`${JSON.stringify({ ok: true, backend: active })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, reason: error instanceof Error ? error.message : String(error) })}\n`);
}
process.exit(0);
