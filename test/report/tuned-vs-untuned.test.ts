import { describe, expect, it } from 'vitest';
import { designPoints, type SweepRuns } from '../../src/report/tuned-vs-untuned.ts';

function sweep(name: string, rows: [n: number, d: number, seed: number, lr: number, loss: number][]): SweepRuns {
  return {
    name,
    runs: rows.map(([n, d, seed, lr, loss]) => ({
      raw: { target_n: String(n), target_d: String(d), budget: '', seed: String(seed), learning_rate: String(lr), status: 'done', final_eval_loss: String(loss), regime: '' },
    })),
  };
}

describe('tuned against untuned, per design point', () => {
  it('gives each shared point the tuned LR, both losses and the difference, and counts where tuned is lower', () => {
    const untuned = sweep('x-untuned', [
      [1000, 1e6, 0, 3e-3, 2.5],
      [2000, 1e6, 0, 3e-3, 2.4],
      [4000, 1e6, 0, 3e-3, 2.3], // not in the tuned sweep
    ]);
    const tuned = sweep('x', [
      [1000, 1e6, 0, 0.01, 2.4],
      [1000, 1e6, 1, 0.01, 2.2],
      [2000, 1e6, 0, 0.008, 2.45],
    ]);
    const text = designPoints([{ untuned, tuned }]).join('\n');
    expect(text).toContain('the tuned runs are lower at 1 of 2 shared design points');
    expect(text).toContain('| N = 1000, D = 1000000 | 0.01 | 2.5 | 2.3 | -0.2 |');
    expect(text).toContain('| N = 2000, D = 1000000 | 0.008 | 2.4 | 2.45 | 0.05 |');
    expect(text).not.toContain('N = 4000');
  });

  it('says when the two designs share no point', () => {
    const text = designPoints([{ untuned: sweep('y-untuned', [[1000, 1e6, 0, 3e-3, 2.5]]), tuned: sweep('y', [[1500, 1e6, 0, 0.01, 2.4]]) }]).join('\n');
    expect(text).toContain('**y**: no design point in common with y-untuned');
  });
});
