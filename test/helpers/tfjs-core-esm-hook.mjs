/**
 * A Node resolve hook that lets tests import tfjs-core's ESM sources (`dist/**.js`) as published:
 * their relative imports name no extension ('../ops/mul') or a folder ('./gradients'), which Node's
 * ESM resolver refuses. Registered by tfjs-core-gradients.ts; never used outside tests.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIST = '/@tensorflow/tfjs-core/dist/';

export async function resolve(specifier, context, next) {
  const parent = context.parentURL;
  if (parent && parent.includes(DIST) && specifier.startsWith('.') && !specifier.endsWith('.js')) {
    const file = new URL(`${specifier}.js`, parent);
    const url = fs.existsSync(fileURLToPath(file)) ? file.href : new URL(`${specifier}/index.js`, parent).href;
    return { url, format: 'module', shortCircuit: true };
  }
  return next(specifier, context);
}
