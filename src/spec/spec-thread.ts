/**
 * Worker-thread entry: loads and validates one spec (loadSpecHere) and posts the result to the
 * thread that started it (load-spec.ts). A spec is user code that may never return (a loop at
 * import): here it cannot keep the CLI's main thread from handling a signal or a deadline.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../base/user-error.ts';
import { loadSpecHere, type SpecThreadReply } from './load-spec.ts';

const { file } = workerData as { file: string };

function reply(message: SpecThreadReply): void {
  parentPort?.postMessage(message);
}

try {
  reply({ kind: 'ok', spec: await loadSpecHere(file) });
} catch (error) {
  if (error instanceof UserError) reply({ kind: 'user', message: error.message });
  else reply({ kind: 'bug', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
