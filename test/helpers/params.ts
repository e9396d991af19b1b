/** Test-only helpers over a model's variables: how many numbers they hold, and freeing them. */
import type { Params } from '../../src/models/init.ts';

export function countParams(params: Params): number {
  return Object.values(params).reduce((sum, v) => sum + v.size, 0);
}

export function disposeParams(params: Params): void {
  for (const v of Object.values(params)) v.dispose();
}
