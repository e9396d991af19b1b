import { describe, expect, it } from 'vitest';
import { dataFingerprint } from '../../src/data/fingerprint.ts';
import { loadDataset } from '../../src/data/load.ts';
import { checkoutCommit, provenance } from '../../src/io/provenance.ts';
import { taskSchema } from '../../src/data/task.ts';

const markov = (over: Record<string, unknown>) => loadDataset(taskSchema.parse({ kind: 'markov', trainTokens: 50_000, heldOutTokens: 5_000, ...over }));

describe('data fingerprint', () => {
  it('is the same for the same data and differs when the data differ', async () => {
    const a = dataFingerprint(await markov({}));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(dataFingerprint(await markov({}))).toBe(a);
    expect(dataFingerprint(await markov({ chainSeed: 99 }))).not.toBe(a);
    expect(dataFingerprint(await markov({ heldOutTokens: 6_000 }))).not.toBe(a);
    const teacher = await loadDataset(taskSchema.parse({ kind: 'teacher-student', trainExamples: 10_000, heldOutExamples: 1_000 }));
    const noisier = await loadDataset(taskSchema.parse({ kind: 'teacher-student', trainExamples: 10_000, heldOutExamples: 1_000, noiseStd: 0.2 }));
    expect(dataFingerprint(teacher)).not.toBe(dataFingerprint(noisier));
  });
});

describe('provenance', () => {
  it('names the package version and this checkout’s commit', () => {
    const { version, commit } = provenance();
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(commit).toMatch(/^[0-9a-f]{12}(-dirty)?$/);
  });
  it('is null outside a git checkout', () => {
    expect(checkoutCommit('/')).toBeNull();
  });
});
