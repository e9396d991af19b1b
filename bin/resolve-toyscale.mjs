// Module resolution hook (node:module register): `import ... from 'toyscale'` in a spec file
// anywhere on disk resolves to the toyscale that runs it, so a spec needs no checkout beside it.
const INDEX = new URL('../src/index.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'toyscale') return { url: INDEX, shortCircuit: true };
  return next(specifier, context);
}
