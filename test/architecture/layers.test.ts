/**
 * The folders of src/ form layers: each imports only from folders below it (and from itself), so
 * the base is neutral, the stages run one way, and the CLI is called by nothing. A new import that
 * points up (say fit/ reaching into cli/) fails here with the file and the import.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../helpers/source-files.ts';

/** Bottom to top. Files directly in src/ (cli.ts, index.ts, the bundle's entries) sit above all. */
const LAYERS = [
  'base', // errors, number and table formatting
  'fit', // pure numerics: no tfjs, no files
  'io', // atomic writes, CSV, formats/: every on-disk format
  'fit-threads', // the fitter on worker threads
  'wasm-kernels',
  'webgpu-kernels', // toyscale's WGSL kernels and the dispatch counter
  'ops', // the op sets the models call, built on tfjs and the kernels above
  'backend', // one record per backend (its op set included), probing and selecting
  'data', // datasets, and the task schema that chooses one
  'models', // one record per model family (models/families/), bound to a dataset for training
  'train', // one run; RunConfig, its input, and the training-settings schema
  'spec', // the sweep spec: composes the task, family and training-settings schemas; its loader
  'plan',
  'execute', // the worker pool, run folders, collect
  'report',
  'watch',
  'pipeline', // stages composed: a whole sweep, finishSweep, regenerate
  'cli',
];
const TOP = LAYERS.length;

/**
 * References that point up on purpose, each with its reason. The spec loader names src/index.ts
 * only to map a spec's `import … from 'toyscale'` to this package's public entry (the package's
 * own name, which a spec imports); it never calls into it.
 */
const ALLOWED_UPWARD = new Set(['spec/load-spec.ts → ../index.ts']);

const SRC = path.resolve('src');

/** The layer of a file under src/: its first folder's rank, or the top for a file directly in src/. */
function layerOf(file: string): { name: string; rank: number } {
  const parts = path.relative(SRC, file).split(path.sep);
  if (parts.length === 1) return { name: 'src/', rank: TOP };
  const rank = LAYERS.indexOf(parts[0]);
  return { name: parts[0], rank };
}

/**
 * Relative module specifiers: static imports and exports, dynamic import(), and every other quoted
 * relative path to a .ts file (a child started by `new URL('../execute/worker.ts', import.meta.url)`,
 * or named in a table first): a file that starts another as a child depends on it as much as one
 * that imports it.
 */
export function relativeSpecifiers(text: string): string[] {
  return [...text.matchAll(/['"`](\.{1,2}\/[^'"`\s]+\.ts)['"`]/g)].map((m) => m[1]);
}

describe('layers of src/', () => {
  const files = sourceFiles(SRC);

  it('every folder of src/ has a layer', () => {
    const folders = fs.readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => !LAYERS.includes(f))).toEqual([]);
  });

  it('each folder imports only from folders below it', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const spec of relativeSpecifiers(fs.readFileSync(file, 'utf8'))) {
        const target = path.resolve(path.dirname(file), spec);
        if (!target.startsWith(SRC + path.sep)) continue;
        const to = layerOf(target);
        if (ALLOWED_UPWARD.has(`${path.relative(SRC, file)} → ${spec}`)) continue;
        if (to.name !== from.name && to.rank >= from.rank) upward.push(`${path.relative(SRC, file)} imports ${spec} (${from.name} → ${to.name})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('report/ and watch/ use the fit library only through its public index: they draw what the fit wrote', () => {
    const internal: string[] = [];
    for (const file of files) {
      const layer = layerOf(file).name;
      if (layer !== 'report' && layer !== 'watch') continue;
      for (const spec of relativeSpecifiers(fs.readFileSync(file, 'utf8'))) {
        const target = path.relative(SRC, path.resolve(path.dirname(file), spec));
        if (target.startsWith(`fit${path.sep}`) && target !== path.join('fit', 'index.ts')) internal.push(`${path.relative(SRC, file)} imports ${spec}`);
      }
    }
    expect(internal).toEqual([]);
  });

  it('finds the imports it checks (a change in import style would otherwise pass silently)', () => {
    const cli = fs.readFileSync(path.join(SRC, 'cli.ts'), 'utf8');
    expect(relativeSpecifiers(cli)).toContain('./cli/sweep.ts');
    expect(relativeSpecifiers("const x = () => import('./execute/worker.ts');")).toEqual(['./execute/worker.ts']);
    // A child started by path is a dependency too (backend naming execute's worker would point up).
    expect(relativeSpecifiers("fork(fileURLToPath(new URL('../execute/worker.ts', import.meta.url)))")).toEqual(['../execute/worker.ts']);
    expect(relativeSpecifiers("const SOURCES = { worker: '../execute/worker.ts' };")).toEqual(['../execute/worker.ts']);
  });
});
