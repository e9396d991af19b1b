/**
 * tfjs-core's own gradient code, loaded from its ESM sources (slow: a second copy of tfjs-core's
 * ops, 0.6–0.9 s), as the reference for src/train/tfjs-gradients.ts and for tests that
 * differentiate through tfjs kernels toyscale's training never uses.
 */
import { register } from 'node:module';
import type * as tf from '@tensorflow/tfjs-core';

let hooked = false;

function hook(): void {
  if (!hooked) register(new URL('./tfjs-core-esm-hook.mjs', import.meta.url));
  hooked = true;
}

/** tfjs-core's gradient config for one kernel, from `dist/gradients/<Kernel>_grad.js`, not registered. */
export async function tfjsCoreGradient(kernelName: string): Promise<tf.GradConfig> {
  hook();
  // Some of tfjs's gradients call ops as tensor methods (x.split in GatherV2's), which only the
  // union package adds to the tensor class; toyscale's own code calls tf.* functions only.
  await import('@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js');
  const module = (await import(`@tensorflow/tfjs-core/dist/gradients/${kernelName}_grad.js`)) as Record<string, unknown>;
  const config = Object.values(module).find((v): v is tf.GradConfig => typeof v === 'object' && v !== null && (v as tf.GradConfig).kernelName === kernelName);
  if (!config) throw new Error(`no gradient config for ${kernelName} in tfjs-core`);
  return config;
}

/** Registers every gradient tfjs-core has (what the union package @tensorflow/tfjs registers). */
export async function registerAllTfjsCoreGradients(): Promise<void> {
  hook();
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
}
