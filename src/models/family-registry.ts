/**
 * Every model family, by name: the one list a new family is added to (its record in families/,
 * its shape in shapes.ts). The spec's `family` block is the union of the families' schemas.
 */
import { z } from 'zod';
import type { ModelCounts } from './counts.ts';
import type { ModelFamily } from './family.ts';
import { gptFamily, gptFamilySchema } from './families/gpt.ts';
import { mlpFamily, mlpFamilySchema } from './families/mlp.ts';
import type { ModelShape } from './shapes.ts';

const FAMILIES: Record<ModelShape['family'], ModelFamily> = { gpt: gptFamily, mlp: mlpFamily };

export const familySchema = z.discriminatedUnion('kind', [gptFamilySchema, mlpFamilySchema]);

export type FamilySpec = z.output<typeof familySchema>;

/** The record of a family: by a spec's `family.kind` or a shape's `family`. */
export function familyOf(kind: ModelShape['family']): ModelFamily {
  return FAMILIES[kind];
}

/** Every family, in the registry's order. */
export function allFamilies(): ModelFamily[] {
  return Object.values(FAMILIES);
}

/** Exact parameter and FLOP counts of a shape, by its family's record. */
export function modelCounts(shape: ModelShape): ModelCounts {
  return familyOf(shape.family).counts(shape);
}
