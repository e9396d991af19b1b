import { describe, expect, it } from 'vitest';
import { lossFloor } from '../../src/report/floor.ts';
import { parseRuns } from '../../src/report/rows.ts';

const row = (extra: Record<string, string>) => ({ run_id: 'r', status: 'done', n_nonembed: '1000', tokens: '1000000', final_eval_loss: '1.3', context_length: '64', ...extra });
const runs = (extra: Record<string, string>) => parseRuns('runs.csv', { columns: Object.keys(row(extra)), rows: [row(extra)] });

describe('the known floor a fitted E is compared with', () => {
  it('is the window floor when runs.csv has one, named with its context length and the entropy rate', () => {
    const floor = lossFloor(runs({ true_entropy_rate: '1.1821', entropy_floor: '1.2034' }));
    expect(floor?.value).toBe(1.2034);
    expect(floor?.column).toBe('entropy_floor');
    expect(floor?.label).toMatch(/^lowest loss its 64-token held-out windows allow \(the entropy rate, 1\.1821, where a target sees the chain's full order/);
  });

  it('is the entropy rate in a runs.csv collected before the window floor existed, and the noise floor for a teacher', () => {
    expect(lossFloor(runs({ true_entropy_rate: '1.1821' }))).toEqual({ value: 1.1821, label: 'true entropy rate', column: 'true_entropy_rate' });
    expect(lossFloor(runs({ true_entropy_rate: '', entropy_floor: '', noise_floor: '0.01' }))?.column).toBe('noise_floor');
    expect(lossFloor(runs({}))).toBeNull();
  });
});
