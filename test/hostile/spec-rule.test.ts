/**
 * A typo inside a per-size learning-rate rule is named (issue 29 case 13): the spec accepts a
 * number, a list or the rule there, and zod's union said only "Invalid input" (main's answer).
 */
import { describe, expect, it } from 'vitest';
import { parseSweepSpec } from '../../src/spec/spec.ts';

const base = { name: 'x', task: { kind: 'brown' }, family: { kind: 'gpt' }, design: { kind: 'grid', n: [1], d: [1] } };
const refused = (learningRate: unknown) => () => parseSweepSpec({ ...base, train: { learningRate } }, 's.ts');

describe('train.learningRate: { perSize … }', () => {
  it('names a misspelt field of the rule, with the field meant', () => {
    expect(refused({ perSize: 'power-law', n0: 1e6, lr0: 1e-3, exponnt: -0.3 })).toThrow(/train\.learningRate: unknown field "exponnt" \(did you mean "exponent"\?\)/);
    expect(refused({ persize: 'power-law', n0: 1e6, lr0: 1e-3, exponent: -0.3 })).toThrow(/unknown field "persize" \(did you mean "perSize"\?\)/);
  });

  it('names a missing or wrong field of the rule', () => {
    expect(refused({ perSize: 'power-law', n0: 1e6, exponent: -0.3 })).toThrow(/train\.learningRate\.lr0: .*expected number/);
    expect(refused({ perSize: 'power-law', n0: -1, lr0: 1e-3, exponent: -0.3 })).toThrow(/train\.learningRate\.n0: .*\(got -1\)/);
  });

  it('still accepts the rule, a number and a list', () => {
    for (const lr of [{ perSize: 'power-law', n0: 1e6, lr0: 1e-3, exponent: -0.3 }, 1e-3, [1e-3, 3e-3]]) expect(refused(lr)).not.toThrow();
  });
});
