/**
 * Kaplan et al. (2020), figure 1 middle / eq. 1.2: held-out loss against dataset size D for a
 * model big enough that D is the bottleneck, L(D) = (D_c / D)^α_D; the paper reports α_D ≈ 0.095.
 * Here: GPTs of 13k, 57k and 234k non-embedding parameters, each trained on 7 token counts from 25k
 * to 1.6M (doubling), every run with its own cosine schedule ending at its last step (Hoffmann et
 * al. 2022), on the Brown corpus at character level. D is tokens seen once (no run goes past one
 * epoch), which is the single-epoch reading of Kaplan's D; `toyscale fit` fits L(D) on the size
 * with the most token counts (ties: the largest), and with three sizes × seven D also the joint
 * L(N, D) (kaplan-nd) and Chinchilla's approach 3.
 *
 * Cost: about 10 min with 2 wasm workers on a 2-core laptop CPU (`--dry-run` measures it on
 * yours). On a GPU: use models of 1M–10M parameters, D from 1M to 1B tokens (nanogpt-bin task for
 * more data than Brown), and contextLength 256.
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'kaplan-d',
  description: 'L(D) for three GPT sizes (13k, 57k, 234k), D from 25k to 1.6M tokens, Brown (char-level).',
  task: { kind: 'brown', tokenizer: 'char' },
  family: { kind: 'gpt', aspectRatio: 32, headDim: 8, tiedEmbedding: true },
  design: {
    kind: 'grid',
    n: [12_800, 56_000, 234_000],
    d: [25_000, 50_000, 100_000, 200_000, 400_000, 800_000, 1_600_000],
  },
  train: { batchSize: 16, contextLength: 64, learningRate: 3e-3, evalTokens: 16_384, evalPoints: 8 },
  seeds: [0],
});
