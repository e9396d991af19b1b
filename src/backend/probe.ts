/**
 * Tries to load one backend and says why it cannot be used. Loading a native package is the only
 * reliable test: the package may be installed without libtensorflow (install script held or its
 * download failed), or libtensorflow may load without CUDA.
 */
import * as tf from '@tensorflow/tfjs-core';
import { backendRecord, type BackendName } from './registry.ts';
import type { BackendRecord } from './record.ts';

export type Probe = { usable: true; detail: string } | { usable: false; reason: string };

/**
 * Imports the backend's package (registering it with tfjs) and makes it the active backend.
 * `hardwareOnly` (auto's choice) refuses a software webgpu adapter.
 */
export async function loadBackend(name: BackendName, { hardwareOnly = false }: { hardwareOnly?: boolean } = {}): Promise<Probe> {
  const record = backendRecord(name);
  const before = await record.checkBefore?.({ hardwareOnly });
  if (before !== undefined) return { usable: false, reason: `${name}: ${before}` };
  try {
    await record.importPackage();
    await record.afterImport?.();
  } catch (error) {
    return { usable: false, reason: explainImportFailure(record, error) };
  }
  try {
    const ok = await tf.setBackend(record.tfjsName);
    await tf.ready();
    if (!ok) return { usable: false, reason: `${record.package} loaded but tfjs could not initialise it` };
  } catch (error) {
    return { usable: false, reason: `initialising ${record.tfjsName} failed: ${firstLine(error)}` };
  }
  const after = record.checkAfter?.();
  if (after !== undefined) return { usable: false, reason: after };
  return { usable: true, detail: `${record.package} ${tf.version_core}` };
}

function explainImportFailure(record: BackendRecord, error: unknown): string {
  const pkg = record.package;
  const message = firstLine(error);
  const code = (error as { code?: string }).code;
  if (code === 'ERR_MODULE_NOT_FOUND' && message.includes(pkg)) {
    return `${pkg} is not installed (it is an optional dependency; its install downloads libtensorflow and is dropped when that fails)`;
  }
  if (/tfjs_binding\.node|libtensorflow/.test(message)) {
    return `${pkg} is installed but libtensorflow is missing: its install script did not run or its download failed (approve it with \`npm install-scripts approve ${pkg}\`, then \`npm rebuild ${pkg}\`)`;
  }
  return record.explainImportFailure?.(message) ?? `${pkg} failed to load: ${message}`;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
