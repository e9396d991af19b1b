/** The committed kernels.wasm was built from the committed kernels.c (build.sh records the source's hash). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('kernels.c.sha256 matches kernels.c: rebuild with src/wasm-kernels/build.sh after editing the C source', () => {
  const dir = new URL('../../src/wasm-kernels/', import.meta.url);
  const source = createHash('sha256').update(readFileSync(new URL('kernels.c', dir))).digest('hex');
  expect(readFileSync(new URL('kernels.c.sha256', dir), 'utf8').trim()).toBe(source);
});
