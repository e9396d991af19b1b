/**
 * The watch page's fixed set of files, read once when the server starts: the page itself (next to
 * this file, in page/) and vega, vega-lite and vega-embed's browser builds from node_modules. The
 * server answers only these paths and state.json, so no part of a URL ever names a file on disk.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: Buffer;
  type: string;
}

const PAGE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'page');

/** URL path → where the file comes from. */
const SOURCES: Record<string, { file: () => string; type: string }> = {
  '/': { file: () => path.join(PAGE_DIR, 'index.html'), type: 'text/html; charset=utf-8' },
  '/watch.js': { file: () => path.join(PAGE_DIR, 'watch.js'), type: 'text/javascript; charset=utf-8' },
  '/watch.css': { file: () => path.join(PAGE_DIR, 'watch.css'), type: 'text/css; charset=utf-8' },
  '/vendor/vega.min.js': { file: () => packageFile('vega', 'build/vega.min.js'), type: 'text/javascript; charset=utf-8' },
  '/vendor/vega-lite.min.js': { file: () => packageFile('vega-lite', 'build/vega-lite.min.js'), type: 'text/javascript; charset=utf-8' },
  '/vendor/vega-embed.min.js': { file: () => packageFile('vega-embed', 'build/vega-embed.min.js'), type: 'text/javascript; charset=utf-8' },
};

export function loadAssets(): Map<string, Asset> {
  return new Map(Object.entries(SOURCES).map(([route, source]) => [route, { body: fs.readFileSync(source.file()), type: source.type }]));
}

/**
 * A file of an installed package, found from its resolved main: vega-embed's package.json
 * exports do not list its browser build, so require.resolve of that path is refused.
 */
function packageFile(name: string, relative: string): string {
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve(name));
  while (path.basename(dir) !== name || !fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of package ${name}`);
    dir = parent;
  }
  return path.join(dir, relative);
}
