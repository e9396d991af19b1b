/**
 * `node --import tsx probe-child.ts <request>`: selects a backend in a fresh process and prints
 * one JSON line. `doctor`, `--dry-run` and a sweep whose standby worker died before answering use
 * it so that they never load libtensorflow themselves (which would grab GPU memory, and cannot be
 * unloaded to try another).
 */
import { probeHere } from './select.ts';

// No top-level await: in the offline bundle this module is loaded lazily, inside one file.
void probeHere(process.argv[2] ?? 'auto').then((result) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
});
