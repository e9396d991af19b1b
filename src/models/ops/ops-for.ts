/** Picks a backend's op set: called once per process, by the trainer, with the backend in use. */
import type { BackendName } from '../../backend/names.ts';
import type { Ops } from './ops.ts';
import { tfjsOps } from './tfjs-ops.ts';
import { wasmOps } from './wasm-ops.ts';
import { webgpuOps } from './webgpu-ops.ts';

export function opsFor(backend: BackendName): Ops {
  switch (backend) {
    case 'wasm':
      return wasmOps();
    case 'webgpu':
      return webgpuOps();
    case 'cpu':
    case 'tensorflow':
    case 'tensorflow-gpu':
      return tfjsOps;
  }
}
