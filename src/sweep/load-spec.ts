/** Loads an experiment file (a TypeScript module default-exporting a spec) and validates it. */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isBundled } from '../io/bundled.ts';
import { UserError } from '../cli/user-error.ts';
import { parseSweepSpec, SpecError, type SweepSpec } from './spec.ts';

export async function loadSpec(file: string): Promise<SweepSpec> {
  const absolute = path.resolve(file);
  if (!fs.existsSync(absolute)) throw new UserError(`${file}: no such spec file`);
  let exported: unknown;
  try {
    const module = (await importSpec(absolute)) as { default?: unknown };
    exported = unwrapCommonJsDefault(module.default);
  } catch (error) {
    throw new UserError(`${file}: cannot load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (exported === undefined) throw new UserError(`${file}: has no default export (export default defineSweep({...}))`);
  try {
    return parseSweepSpec(exported, file);
  } catch (error) {
    if (error instanceof SpecError) throw new UserError(error.message);
    throw error;
  }
}

/**
 * From a checkout, tsx's tsImport, not import(): a spec outside an ESM package (say in /tmp) is
 * compiled as CommonJS, and then its default export arrives one level down. In the offline bundle,
 * whose Node strips types itself, a plain import; its hooks map 'toyscale' to the bundled API.
 */
async function importSpec(file: string): Promise<unknown> {
  if (isBundled) return import(pathToFileURL(file).href);
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(file, import.meta.url);
}

function unwrapCommonJsDefault(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'default' in value && !('name' in value)) {
    return (value as { default: unknown }).default;
  }
  return value;
}
