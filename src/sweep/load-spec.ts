/** Loads an experiment file (a TypeScript module default-exporting a spec) and validates it. */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../cli/user-error.ts';
import { parseSweepSpec, SpecError, type SweepSpec } from './spec.ts';

export async function loadSpec(file: string): Promise<SweepSpec> {
  const absolute = path.resolve(file);
  if (!fs.existsSync(absolute)) throw new UserError(`${file}: no such spec file`);
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
  } catch (error) {
    throw new UserError(`${file}: cannot load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (module.default === undefined) throw new UserError(`${file}: has no default export (export default defineSweep({...}))`);
  try {
    return parseSweepSpec(module.default, file);
  } catch (error) {
    if (error instanceof SpecError) throw new UserError(error.message);
    throw error;
  }
}
