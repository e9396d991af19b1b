/**
 * Entry point of the offline bundle (scripts/bundle.ts builds toyscale.mjs from it). One file
 * serves every process: `toyscale.mjs __child <name> …` runs a child (see child-dispatch.ts),
 * anything else runs the CLI, with import hooks so that a user's spec, loaded by Node's own type
 * stripping, finds defineSweep as `import … from 'toyscale'` or through the checkout's
 * '../src/sweep/spec.ts'.
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { runChildIfAsked } from './child-dispatch.ts';
import { bundleDir } from './io/bundled.ts';

/** resolve hook, as source: 'toyscale' and any path ending in src/sweep/spec(.ts) → the bundled API. */
function specHooks(apiUrl: string): string {
  return `export async function resolve(specifier, context, next) {
  if (specifier === 'toyscale' || /(^|\\/)src\\/sweep\\/spec(\\.ts)?$/.test(specifier)) return { url: ${JSON.stringify(apiUrl)}, shortCircuit: true };
  return next(specifier, context);
}`;
}

if (!(await runChildIfAsked())) {
  const apiUrl = pathToFileURL(path.join(bundleDir(), 'api.mjs')).href;
  register(`data:text/javascript,${encodeURIComponent(specHooks(apiUrl))}`);
  const { main } = await import('./cli.ts');
  const code = await main(process.argv.slice(2));
  // As bin/toyscale.js: exit only once stdout and stderr have drained.
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
  process.exit(code);
}
