/**
 * Entry point of the offline bundle (scripts/bundle.ts builds toyscale.mjs from it). One file
 * serves every process: `toyscale.mjs __child <name> …` runs a child (see child-dispatch.ts),
 * anything else runs the CLI. (A spec finds defineSweep through the hooks load-spec.ts registers.)
 */
import { runChildIfAsked } from './child-dispatch.ts';

if (!(await runChildIfAsked())) {
  const { main } = await import('./cli.ts');
  const code = await main(process.argv.slice(2));
  // As bin/toyscale.js: exit only once stdout and stderr have drained.
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
  process.exit(code);
}
