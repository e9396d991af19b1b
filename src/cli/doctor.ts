/** `toyscale doctor`: which backends load here, why the others do not, and how to get a GPU one. */
import os from 'node:os';
import { BACKENDS } from '../backend/names.ts';
import { listGpus } from '../backend/nvidia-gpus.ts';
import { BACKEND_RECORDS, backendRecord } from '../backend/registry.ts';
import { probeAll, probeInChild } from '../backend/resolve.ts';
import { parseCommandArgs } from './args.ts';

export const doctorHelp = `Usage: toyscale doctor [--json]

Tries each backend in a fresh process (${BACKENDS.join(', ')}) and prints
whether it is usable here and, if not, why; the WebGPU adapter and its limits; then which backend
'auto' picks (never a software WebGPU adapter) and how to enable a GPU one.`;

export async function doctorCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs('doctor', argv, { json: { type: 'boolean', default: false } });
  if (values.help) return void console.log(doctorHelp);
  const results = probeAll();
  const auto = probeInChild('auto');
  const gpus = listGpus();
  const autoName = auto.ok ? auto.backend.name : null;
  if (values.json) {
    console.log(JSON.stringify({ node: process.version, cpus: os.cpus().length, gpus, backends: results, auto: autoName }));
    return;
  }
  console.log(`node ${process.version}, ${os.cpus().length} CPU core(s), ${gpus.length ? `GPUs: ${gpus.join('; ')}` : 'no NVIDIA GPU visible (nvidia-smi)'}`);
  for (const { name, result } of results) {
    const status = result.ok ? `usable — ${result.backend.device}` : `not usable — ${ownReason(name, result.reason)}`;
    console.log(`  ${name.padEnd(15)} ${backendRecord(name).package.padEnd(32)} ${status}`);
  }
  const withAdapter = results.find((r) => r.result.ok && r.result.backend.adapter)?.result;
  if (withAdapter?.ok && withAdapter.backend.adapter) {
    const { adapter } = withAdapter.backend;
    console.log(`\nWebGPU adapter: ${adapter.vendor || '?'} / ${adapter.architecture || '?'} / ${adapter.description || adapter.device}${adapter.fallback ? ' — a software (fallback) adapter: auto will not use it; --backend webgpu does (to test the webgpu path: its speed says nothing about a GPU)' : ''}`);
    for (const [limit, value] of Object.entries(adapter.limits)) console.log(`  ${limit.padEnd(36)} ${value.toLocaleString('en-US')}`);
  }
  console.log(`\nauto picks: ${autoName ?? `nothing (${auto.ok ? '' : auto.reason})`}`);
  const gpuBackends = BACKEND_RECORDS.filter((r) => r.enableHint !== undefined);
  if (!gpuBackends.some((r) => r.name === autoName)) {
    console.log(['', 'To train on a GPU:', ...gpuBackends.map((r) => r.enableHint)].join('\n'));
  }
}

/** A backend's own reason, without the "no usable backend (name: …)" that selecting it alone wraps it in. */
function ownReason(name: string, reason: string): string {
  const inner = /^no usable backend \((.*)\)$/s.exec(reason)?.[1] ?? reason;
  return inner.startsWith(`${name}: `) ? inner.slice(name.length + 2) : inner;
}
