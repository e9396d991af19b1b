/**
 * The untuned control of experiments/known-entropy.ts: the same design (1-layer GPTs 3.3k–50k ×
 * 1M–32M tokens of the order-2 Markov chain over 16 tokens, entropy rate 1.182 nats/token)
 * trained at one learning rate, 3e-3, for every size and token count, one seed, no tune stage;
 * like it, without weight decay and with the cosine decay running to 0.
 * results/README.md sets the tuned sweep's loss beside this one's at each design point, and each
 * fitted quantity.
 * Compare: toyscale compare results/known-entropy-untuned results/known-entropy
 *
 * Cost: about 12 min with 2 wasm workers on a 2-core CPU (`--dry-run` measures it on yours).
 */
import { defineSweep } from '../src/spec/spec.ts';

export default defineSweep({
  name: 'known-entropy-untuned',
  description: 'known-entropy at 3e-3 for every run, seed 0: the untuned control of its tuned learning rates.',
  task: { kind: 'markov', vocabSize: 16, order: 2, branching: 4, zipfExponent: 1.2, chainSeed: 1234, trainTokens: 32_000_000, heldOutTokens: 100_000 },
  family: { kind: 'gpt', nLayer: 1, headDim: 8, tiedEmbedding: true },
  design: { kind: 'grid', n: [3_300, 7_300, 12_800, 25_000, 50_000], d: [1_000_000, 2_000_000, 4_000_000, 8_000_000, 16_000_000, 32_000_000] },
  train: { batchSize: 16, contextLength: 64, learningRate: 3e-3, weightDecay: 0, minLrFraction: 0, evalTokens: 65_536, evalPoints: 8 },
  seeds: [0],
});
