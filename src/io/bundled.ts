/**
 * Whether this code runs from the offline bundle (scripts/bundle.ts), where everything is one
 * file, toyscale.mjs, with no tsx and no TypeScript sources beside it. The bundle's build defines
 * TOYSCALE_BUNDLED; from a checkout it is undefined.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

declare const TOYSCALE_BUNDLED: boolean | undefined;

export const isBundled: boolean = typeof TOYSCALE_BUNDLED !== 'undefined' && TOYSCALE_BUNDLED === true;

/** The bundle's folder (toyscale.mjs and the wasm binaries beside it); only meaningful when isBundled. */
export function bundleDir(): string {
  return path.dirname(fileURLToPath(import.meta.url));
}
