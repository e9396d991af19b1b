/** `toyscale doctor`: which backends load here, why the others do not, and how to get the GPU one. */
import os from 'node:os';
import { BACKEND_PACKAGE } from '../backend/names.ts';
import { GPU_REQUIREMENTS } from '../backend/probe.ts';
import { probeAll } from '../backend/resolve.ts';
import { listGpus } from '../backend/select.ts';
import { parseCommandArgs } from './args.ts';

export const doctorHelp = `Usage: toyscale doctor [--json]

Tries each backend in a fresh process (tensorflow-gpu, tensorflow, wasm, cpu) and prints whether
it is usable here and, if not, why; then which one 'auto' picks and how to enable the GPU one.`;

export async function doctorCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs('doctor', argv, { json: { type: 'boolean', default: false } });
  if (values.help) return void console.log(doctorHelp);
  const results = probeAll();
  const gpus = listGpus();
  const chosen = results.find((r) => r.result.ok);
  if (values.json) {
    console.log(JSON.stringify({ node: process.version, cpus: os.cpus().length, gpus, backends: results, auto: chosen?.name ?? null }));
    return;
  }
  console.log(`node ${process.version}, ${os.cpus().length} CPU core(s), ${gpus.length ? `GPUs: ${gpus.join('; ')}` : 'no NVIDIA GPU visible (nvidia-smi)'}`);
  for (const { name, result } of results) {
    const status = result.ok ? `usable — ${result.backend.device}` : `not usable — ${result.reason}`;
    console.log(`  ${name.padEnd(15)} ${BACKEND_PACKAGE[name].padEnd(28)} ${status}`);
  }
  console.log(`auto picks: ${chosen?.name ?? 'nothing (no backend loads)'}`);
  if (!results[0].result.ok) {
    console.log(
      [
        '',
        'To train on an NVIDIA GPU (tensorflow-gpu):',
        `  1. ${GPU_REQUIREMENTS}.`,
        '  2. npm install (the optional @tensorflow/tfjs-node-gpu downloads libtensorflow during install;',
        '     if npm held its install script: npm install-scripts approve @tensorflow/tfjs-node-gpu && npm rebuild @tensorflow/tfjs-node-gpu).',
        '  3. toyscale doctor should then list tensorflow-gpu as usable, and sweeps pick it automatically.',
      ].join('\n'),
    );
  }
}
