/** results/README.md names each `<sweep>-v<k>` as an earlier design of the sweep it belongs to. */
import { describe, expect, it } from 'vitest';
import { versionsNote } from '../../src/report/results-index.ts';

describe('versionsNote', () => {
  it('pairs each -v<k> sweep with its current design, a suffix after the version included', () => {
    const note = versionsNote(['known-entropy', 'known-entropy-v1', 'known-entropy-v1-untuned', 'known-entropy-untuned', 'isoflop-centred-v1', 'isoflop-centred']);
    expect(note).toContain('known-entropy-v1 is an earlier design of known-entropy;');
    expect(note).toContain('known-entropy-v1-untuned is an earlier design of known-entropy-untuned;');
    expect(note).toContain('isoflop-centred-v1 is an earlier design of isoflop-centred;');
  });

  it('says nothing of a version whose current design is not there, nor of names without one', () => {
    expect(versionsNote(['kaplan-d', 'kaplan-n-v3'])).toBe('');
    expect(versionsNote(['kaplan-n', 'default'])).toBe('');
  });
});
