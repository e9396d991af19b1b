/**
 * The backends toyscale knows, one record each (backends/), fastest first: `auto` tries them in
 * this order. A new backend is its record file and its line here.
 */
import type { Ops } from '../ops/ops.ts';
import { cpu } from './backends/cpu.ts';
import { tensorflowGpu } from './backends/tensorflow-gpu.ts';
import { tensorflow } from './backends/tensorflow.ts';
import { wasm } from './backends/wasm.ts';
import { webgpu } from './backends/webgpu.ts';
import type { BackendRecord } from './record.ts';

export const BACKEND_RECORDS = [tensorflowGpu, webgpu, tensorflow, wasm, cpu] as const;

export type BackendName = (typeof BACKEND_RECORDS)[number]['name'];

export function backendRecord(name: BackendName): BackendRecord<BackendName> {
  const record = BACKEND_RECORDS.find((r) => r.name === name);
  if (!record) throw new Error(`unknown backend "${name}"`);
  return record;
}

/** A backend's op set: called once per process, by the trainer, with the backend in use. */
export function opsFor(backend: BackendName): Ops {
  return backendRecord(backend).ops();
}
