/** Every shipped experiment loads, validates, gets its data and plans: what `--dry-run` does first. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.ts';
import { dataShapeOf } from '../../src/plan/describe-data.ts';
import { loadSpec } from '../../src/spec/load-spec.ts';
import { planSweep } from '../../src/plan/plan.ts';

const dir = path.resolve('experiments');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();

describe('experiments/', () => {
  it('ships the specs the README promises', () => {
    for (const name of ['default', 'smoke', 'kaplan-n', 'kaplan-d', 'chinchilla-isoflop', 'mlp-teacher-student', 'known-entropy']) {
      expect(files).toContain(`${name}.ts`);
    }
  });

  for (const file of files) {
    it(`${file} loads, validates and plans`, async () => {
      const spec = await loadSpec(path.join(dir, file));
      expect(spec.name).toBe(path.basename(file, '.ts')); // results/<name>/ matches the file
      const runs = planSweep(spec, dataShapeOf(await loadDataset(spec.task)));
      expect(runs.length).toBeGreaterThan(0);
      expect(new Set(runs.map((r) => r.runId)).size).toBe(runs.length);
      for (const run of runs) {
        expect(run.steps).toBeGreaterThan(0);
        expect(run.counts.nNonembed).toBeGreaterThan(0);
      }
    });
  }
});
